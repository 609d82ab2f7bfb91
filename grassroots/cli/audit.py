"""`python -m grassroots audit verify`: the audit log's hash chain against its anchors (grassroots/access/chain.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from grassroots.access import audit, chain
from grassroots.cli.common import CONTEXT, examples

RUN = "python -m grassroots audit verify"
AFTER = """\b
核对：逐行检查哈希链，再与每个快照 manifest.json 的 audit_anchor
以及系统日志（journalctl -t grassroots-audit）中的锚点比对。
退出码 / exit codes: 0 完好 / intact, 1 发现断点 / broken, 2 用法错误或无法核对 / usage error, cannot verify."""


@click.group("audit", context_settings=CONTEXT, epilog=examples(RUN, after=AFTER))
def audit_group() -> None:
    """审计日志工具 / audit log tools."""


@audit_group.command(context_settings=CONTEXT, epilog=examples(
    RUN, f"{RUN} --data-dir /srv/grassroots/data", f"{RUN} --file data/audit.sqlite --journal none",
    f"{RUN} --journal /var/log/auth.log", after=AFTER))
@click.option("--file", "path", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="审计日志文件（默认 <数据目录>/audit.sqlite）/ the audit log.")
@click.option("--data-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="数据目录，核对其下 snapshots/*/manifest.json 的锚点（默认 --file 所在目录，否则 data/ 或 "
                   "$GRASSROOTS_DATA_DIR）/ data folder.")
@click.option("--journal", default="auto", show_default=True, metavar="auto|none|FILE",
              help="系统日志锚点：auto 读 journalctl（没有则跳过），none 不核对，或从文件逐行读取 / journal anchors.")
def verify(path: Path | None, data_dir: Path | None, journal: str) -> None:
    """核对审计日志的哈希链及其外部锚点 / check the audit log's hash chain against its anchors.

    打印一行结论：完好（行数与末行哈希），或第一个断点及原因。
    Prints one line: OK with the row count and head, or the first row that breaks and why.
    """
    if journal not in ("auto", "none") and not Path(journal).is_file():
        raise click.BadParameter(f"系统日志文件不存在：{journal} / no such file", param_hint="--journal")
    try:
        if data_dir is None and path is not None:
            data_dir = path.parent  # the log lives beside the snapshots
        elif data_dir is None:
            from grassroots.store import snapshots

            data_dir = snapshots.data_dir()
        path = path or Path(data_dir) / audit.FILE
        anchors, unreadable = chain.manifest_anchors(Path(data_dir))
        notes = [f"快照锚点 {len(anchors)} 个 / {len(anchors)} snapshot anchors"]
        if journal == "auto":
            found, note = chain.read_journal()
        elif journal == "none":
            found, note = [], "系统日志未核对（--journal none）/ journal not checked"
        else:
            with open(journal, encoding="utf-8", errors="replace") as f:
                found = chain.journal_anchors(f, f"{journal} ", journal)
            note = f"{journal} 中 {len(found)} 条锚点 / {len(found)} anchors in {journal}"
        verdict = chain.verify(path, anchors + found, unreadable)
    except Exception as exc:  # noqa: BLE001 — one sentence, never a traceback
        click.echo(f"✗ 无法核对：{type(exc).__name__}: {exc} / cannot verify [rule audit_internal_error]")
        sys.exit(2)
    if verdict.ok:
        click.echo(f"{verdict}（{'；'.join([*notes, note])}）")
    else:
        click.echo(str(verdict))
        click.echo(f"  {'；'.join([*notes, note])}", err=True)
    sys.exit(verdict.code)
