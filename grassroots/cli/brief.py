"""`python -m grassroots brief`: the one-page weekly brief of a snapshot, as PDF and Excel (grassroots/outputs/brief.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from grassroots.cli.common import CONTEXT, examples

RUN = "python -m grassroots brief"


@click.command(context_settings=CONTEXT, epilog=examples(
    f"{RUN} --as-of 2026-11-20", f"{RUN} --as-of 2026-11-20 --district 150102 --out briefs/",
    f"{RUN} --as-of 2026-11-20 --lang en --data-dir /srv/grassroots/data"))
@click.option("--as-of", "as_of", required=True, type=click.DateTime(["%Y-%m-%d"]),
              help="快照的截止日期 YYYY-MM-DD / the snapshot's as-of date.")
@click.option("--district", default=None, help="旗县区代码（默认全市）/ district code, default the whole city.")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("briefs"), show_default=True,
              help="输出目录 / output folder.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="语言 / language.")
@click.option("--data-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="数据目录（默认 data/ 或 $GRASSROOTS_DATA_DIR）/ data folder.")
def brief(as_of: dt.datetime, district: str | None, out: Path, lang: str, data_dir: Path | None) -> None:
    """周报：生成某期快照的一页 A4 周报（PDF）及其 Excel 版 / write the weekly brief of a snapshot."""
    from grassroots.outputs import brief as briefs  # typst loads only when a brief is asked for

    try:
        paths = briefs.write(briefs.find_snapshot(as_of.date(), data_dir), out, district, lang)
    except (LookupError, ValueError) as err:
        raise click.ClickException(str(err)) from None
    for p in paths:
        click.echo(p)
