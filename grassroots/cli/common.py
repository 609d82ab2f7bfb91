"""What every command shares: the help options and width, and how an epilog lists its examples."""

from __future__ import annotations

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def examples(*lines: str, after: str = "") -> str:
    """A click epilog: the runnable examples (tests/test_cli.py parses every one), then free text."""
    text = "\b\n示例 / Examples:\n" + "\n".join(f"  {line}" for line in lines)
    return text + (f"\n\n{after}" if after else "")


def example_lines(epilog: str | None) -> list[str]:
    """The example command lines of an epilog, as `examples()` wrote them."""
    if not epilog or "示例 / Examples:" not in epilog:
        return []
    block = epilog.split("示例 / Examples:", 1)[1].split("\n\n", 1)[0]
    return [line.split("#", 1)[0].strip() for line in block.splitlines() if line.strip()]
