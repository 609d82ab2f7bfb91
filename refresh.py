"""Weekly refresh: validate one week of district reports and publish a snapshot.

A thin shell over grassroots.pipeline; run `python refresh.py --help`.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from grassroots import snapshots
from grassroots.pipeline import run_refresh
from grassroots.schema import REPORTS, TABLES
from grassroots.templates import write_templates

EPILOG = """\b
示例 / Examples:
  python refresh.py --inbox inbox/2026-11-27 --as-of 2026-11-27
  python refresh.py --inbox inbox/2026-11-27 --as-of 2026-11-27 --force
  python refresh.py --templates templates/

\b
报送目录中每类报表一个文件（CSV 可为 UTF-8 或 GBK，或 Excel .xlsx），
文件名为报表英文名或中文名，可按旗县区拆成多个文件（grids__150102.csv）：
""" + "\n".join(f"  {t.name:<24} {t.zh}{'（本周新增）' if t.kind == 'event' else ''}" for t in REPORTS)


@click.command(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--inbox", type=click.Path(path_type=Path, file_okay=False),
              help="本周报送目录 / folder with this week's report files.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]),
              help="截止日期 YYYY-MM-DD（本周最后一天）/ last day of the reported week.")
@click.option("--data-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="数据目录，快照写入其下 snapshots/（默认 data/ 或 $GRASSROOTS_DATA_DIR）.")
@click.option("--force", is_flag=True, help="覆盖已发布的同日快照 / replace a published snapshot of the same date.")
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path, file_okay=False),
              help="在此目录生成空白报表模板（Excel 与 CSV）后退出 / write blank templates and exit.")
def main(inbox: Path | None, as_of: dt.datetime | None, data_dir: Path | None, force: bool,
         templates_dir: Path | None) -> None:
    """校验一周的旗县区报送并发布快照；有任何问题则不发布。

    Validate one week of district reports and publish data/snapshots/<as-of>/ (Parquet + manifest.json).
    Nothing is published if any check fails; every problem is listed with file, row, column and rule.
    """
    if templates_dir:
        paths = write_templates(templates_dir)
        click.echo(f"已生成 {len(paths)} 个模板文件于 {templates_dir}")
        return
    if inbox is None or as_of is None:
        raise click.UsageError("需要 --inbox 与 --as-of（或 --templates）")
    base = data_dir or snapshots.data_dir()
    result = run_refresh(inbox, as_of.date(), base=base, force=force, progress=lambda m: click.echo(m, err=True))
    if not result.ok:
        click.secho(f"\n✗ 未发布：{len(result.problems)} 个问题 / not published: {len(result.problems)} problem(s)", fg="red", err=True)
        for p in result.problems:
            click.echo(f"  - {p}", err=True)
        sys.exit(1)
    m = result.manifest
    click.secho(f"\n✓ 已发布快照 {m['as_of']} → {result.snapshot}", fg="green")
    prev = m.get("previous_snapshot")
    prev_counts = {}
    if prev:
        prev_snap = next((s for s in snapshots.list_snapshots(base) if s.as_of.isoformat() == prev), None)
        prev_counts = prev_snap.manifest.get("row_counts", {}) if prev_snap else {}
    click.echo(f"  {'表':<26}{'行数':>8}{'较上期':>10}")
    for name, n in sorted(m["row_counts"].items()):
        delta = f"{n - prev_counts[name]:+d}" if name in prev_counts else "新"
        click.echo(f"  {TABLES[name].zh:<22}{n:>8}{delta:>10}")
    v = m["validation"]
    click.echo(f"  文件 {v['files']} 个，数据行 {v['rows']} 行，校验通过；{'示例数据' if m['demo'] else '正式数据'}；{m['code_version']}")


if __name__ == "__main__":
    main()
