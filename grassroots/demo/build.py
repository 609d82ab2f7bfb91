"""Deterministic demo data: weekly inboxes of district reports, fed through the real refresh.

Real: district, street, town, community and village names and codes (data/ref/hohhot_divisions),
the 31 streets of 2023 and the 39 of 2025-12-31. The targets are the published figures, read by
id from data/ref/published_figures.csv (see grassroots/demo/world.py); with the defaults (scale 1,
26 weeks) the last week reproduces every one of them exactly.
Invented (and flagged `is_demo_invented` where a row stands for a place): the five planned
streets beyond 39, communities and villages that bring the real lists to 450 and 965, which new
street each split-off street came from, grids, tasks, teams, events and weekly history.

`--scale N` multiplies the communities (N - 1 invented copies of each, under real streets and
towns), grids, observation points and their reports, volunteer sessions, legal-aid services and
negative cases; districts and streets stay the real ones, and so do per-district figures
(workforce, sites, signs). Published figures are reproduced only at scale 1 (with more weeks,
all but the sessions, legal-aid services and negative cases, which add the earlier weeks' events).
`--weeks W` (up to 520) adds W - 26 weeks before the 26 of the reform window, which still ends on
2026-11-20: week 0's state held still, cumulative figures and event rates growing slowly into it,
no step but the reform's own. The window is unchanged but for event ids (numbered after the
earlier weeks' events) and, when the weeks start before 2026-04-15, the observation points'
designation date (just before the first week: the report is never empty).

The files are written the way districts send them: some GBK CSV with Chinese headers, some
UTF-8 CSV with a BOM, some Excel, one report split into a file per district.

    python -m grassroots demo                 # write inboxes and publish missing snapshots
    python -m grassroots demo --inboxes-only  # only write data/demo_inbox/
    python -m grassroots demo --scale 100 --weeks 520 --inboxes-only --data-dir /tmp/bench
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import time
from pathlib import Path
from typing import Iterator

import polars as pl
import xlsxwriter

from grassroots.catalogue.tables import TABLES
from grassroots.demo.week import week_reports
from grassroots.demo.world import World
from grassroots.intake.reports import DEMO_MARKER
from grassroots.store import snapshots


# How each report arrives: (format, header language). Mixed on purpose, as districts send them.
FILE_STYLE = {
    "units": ("csv-utf8", "en"), "grids": ("csv-gbk", "zh"), "district_restructuring": ("xlsx", "zh"),
    "city_indicators": ("csv-utf8", "en"), "task_book": ("xlsx", "zh"), "signage_cleanup": ("csv-gbk", "zh"),
    "observation_points": ("csv-utf8", "zh"), "observation_weekly": ("xlsx", "zh"),
    "negative_cases": ("csv-utf8", "en"), "recruitment": ("csv-gbk", "zh"), "workforce": ("xlsx", "en"),
    "service_sites": ("csv-utf8", "zh"), "volunteer_teams": ("csv-gbk", "zh"),
    "volunteer_sessions": ("per-district-gbk", "zh"), "legal_aid_cases": ("csv-utf8", "en"),
}


def report_bytes(table_name: str, cells: pl.DataFrame, fmt: str, lang: str) -> bytes:
    """One report file: `cells` (text, the schema's columns) under Chinese or English headers."""
    table = TABLES[table_name]
    header = [c.zh if lang == "zh" else c.name for c in table.columns]
    frame = cells.select(table.column_names).rename(dict(zip(table.column_names, header)))
    out = io.BytesIO()
    if fmt == "xlsx":
        # Polars' own workbook options, kept in memory (its default goes through temporary files).
        workbook = xlsxwriter.Workbook(out, {"in_memory": True, "nan_inf_to_errors": True,
                                             "strings_to_formulas": False})
        frame.write_excel(workbook, autofit=True)
        workbook.close()
        return out.getvalue()
    head = io.StringIO()
    csv.writer(head).writerow(header)  # the csv module's dialect: "\r\n", quoting only where needed
    # Polars quotes an empty string, the csv module does not: write empty cells as nulls.
    frame.with_columns(pl.all().replace("", None)).write_csv(
        out, include_header=False, line_terminator="\r\n", quote_style="necessary")
    body = out.getvalue()  # UTF-8; codes and numbers alone (600 k grids) are the same in GBK
    if fmt.endswith("gbk"):
        return head.getvalue().encode("gb18030") + (body if body.isascii() else body.decode().encode("gb18030"))
    return head.getvalue().encode("utf-8-sig") + body


def write_inbox(world: World, week: int, inbox: Path) -> None:
    inbox.mkdir(parents=True, exist_ok=True)
    (inbox / DEMO_MARKER).write_text("示例数据：由 grassroots.demo 生成，不是真实报送。\n", encoding="utf-8")
    for name, cells in week_reports(world, week).items():
        fmt, lang = FILE_STYLE[name]
        if fmt == "per-district-gbk":
            for d in world.districts:
                mine = cells.filter(pl.col("district_code") == d)
                (inbox / f"{name}__{d}.csv").write_bytes(report_bytes(name, mine, "csv-gbk", lang))
            continue
        path = inbox / f"{name}.{'xlsx' if fmt == 'xlsx' else 'csv'}"
        # A frame the world hands out again (weeks before the window repeat week 0's places) is
        # the same object: its bytes are kept instead of encoding 600 k grids once more.
        kept = world.written.get(path.name)
        if kept is None or kept[0] is not cells:
            kept = world.written[path.name] = (cells, report_bytes(name, cells, fmt, lang))
        path.write_bytes(kept[1])


def iter_inboxes(root: Path, weeks: range | None = None, world: World | None = None,
                 progress=lambda _: None) -> Iterator[tuple[dt.date, Path]]:
    """Write the inbox of each week (indices into the world's weeks, all by default) in turn."""
    world = world or World()
    for week in weeks if weeks is not None else range(world.weeks):
        started = time.perf_counter()
        inbox = root / world.as_of_dates[week].isoformat()
        write_inbox(world, week, inbox)
        progress(f"示例报送 {inbox.name}：{time.perf_counter() - started:.2f} 秒")
        yield world.as_of_dates[week], inbox


def write_inboxes(root: Path, weeks: range | None = None, world: World | None = None) -> list[tuple[dt.date, Path]]:
    return list(iter_inboxes(root, weeks, world))


def build(base: Path, inbox_root: Path | None = None, progress=print, world: World | None = None,
          drop_inboxes: bool = False) -> list[Path]:
    """Write the demo inboxes and publish each missing snapshot through the real refresh.

    `drop_inboxes`: delete each week's inbox once it is published, all but the last week's (at scale
    100 each inbox is about 75 MB, 39 GB over 520 weeks; the benchmark replays only the last)."""
    from grassroots.store.pipeline import run_refresh

    world = world or World()
    inbox_root = inbox_root or base / "demo_inbox"
    published = []
    existing = {s.as_of for s in snapshots.list_snapshots(base)}
    for as_of_day, inbox in iter_inboxes(inbox_root, world=world):
        if as_of_day not in existing:
            started = time.perf_counter()
            result = run_refresh(inbox, as_of_day, base=base)
            if not result.ok:
                raise SystemExit("示例数据未通过校验（生成器有误）：\n" + "\n".join(map(str, result.problems)))
            progress(f"已发布示例快照 {as_of_day}：{time.perf_counter() - started:.2f} 秒")
            published.append(result.snapshot)
        if drop_inboxes and as_of_day != world.as_of_dates[-1]:
            shutil.rmtree(inbox)
    return published
