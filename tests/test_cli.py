"""The one command line (grassroots/cli/): every command has help, every option has help and
appears in a runnable example, and every example parses — arguments, values and all — against the
command it names. `python refresh.py` and `python -m grassroots` both answer --help."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import click
import pytest

from grassroots.cli import main
from grassroots.cli.common import example_lines
from grassroots.cli.refresh import refresh

REPO = Path(__file__).resolve().parents[1]
PROGRAMS = {"python -m grassroots": main, "python refresh.py": refresh}


def commands(cmd: click.Command = main, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    out = [(path, cmd)]
    if isinstance(cmd, click.Group):
        for name, sub in sorted(cmd.commands.items()):
            out += commands(sub, (*path, name))
    return out


ALL = commands()


def resolve(line: str) -> tuple[list[click.Command], click.Context]:
    """Parse an example line as click would run it; the commands it passes through, and the last context."""
    line = line.split("|")[-1].strip()  # `echo … | python -m grassroots accounts add …`
    program = next(p for p in PROGRAMS if line.startswith(p + " ") or line == p)
    tokens = shlex.split(line[len(program):])
    cmd, chain = PROGRAMS[program], []
    ctx = None
    while True:
        chain.append(cmd)
        ctx = cmd.make_context(program, list(tokens), parent=ctx, resilient_parsing=False)
        if not isinstance(cmd, click.Group):
            return chain, ctx
        rest = [*ctx._protected_args, *ctx.args]
        if not rest:
            return chain, ctx
        _, cmd, tokens = cmd.resolve_command(ctx, rest)


@pytest.mark.parametrize("path,cmd", ALL, ids=[" ".join(p) or "main" for p, _ in ALL])
def test_every_command_has_help_and_examples_and_every_option_has_help(path, cmd):
    assert (cmd.help or "").strip(), path
    assert example_lines(cmd.epilog), f"{path}: no example in its epilog"
    for param in cmd.params:
        if isinstance(param, click.Option):
            assert len((param.help or "").strip()) > 8, f"{path} {param.opts}"


@pytest.mark.parametrize("path,cmd", ALL, ids=[" ".join(p) or "main" for p, _ in ALL])
def test_every_example_parses_against_the_command_it_shows(path, cmd):
    for line in example_lines(cmd.epilog):
        if line.endswith("--help"):
            continue
        chain, _ = resolve(line)
        assert chain[-1] is cmd or isinstance(cmd, click.Group), f"{line!r} is not an example of {path}"


@pytest.mark.parametrize("path,cmd", ALL, ids=[" ".join(p) or "main" for p, _ in ALL])
def test_every_option_appears_in_an_example(path, cmd):
    shown = " ".join(example_lines(cmd.epilog))
    for param in cmd.params:
        if isinstance(param, click.Option) and param.name != "help":
            assert any(opt in shown.split() for opt in param.opts), f"{path}: {param.opts} in no example"


def test_an_example_that_breaks_the_command_is_caught():  # the checks above are not vacuous
    with pytest.raises(click.UsageError):
        resolve("python -m grassroots brief --as-of not-a-date")
    with pytest.raises(click.UsageError):
        resolve("python -m grassroots accounts add wang --no-such-option")
    assert resolve("python -m grassroots accounts --file a.toml add wang --role leader")[0][-1].name == "add"


@pytest.mark.parametrize("argv", [["refresh.py", "--help"], ["-m", "grassroots", "--help"],
                                  ["-m", "grassroots", "accounts", "add", "--help"]])
def test_the_entry_points_answer_help(argv):
    out = subprocess.run([sys.executable, *argv], cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0 and "示例 / Examples:" in out.stdout, out.stderr


def test_library_rooms_hold_no_command_line_code():
    """click and argparse live in grassroots/cli/ only (refresh.py imports its command from there)."""
    offenders = []
    for path in sorted((REPO / "grassroots").rglob("*.py")):
        if "cli" in path.relative_to(REPO / "grassroots").parts:
            continue
        text = path.read_text(encoding="utf-8")
        if "import click" in text or "import argparse" in text or "from click" in text:
            offenders.append(str(path.relative_to(REPO)))
    assert offenders == []
