"""A tiny, named world: two weeks of reports with a handful of rows per table.

Every district of the reference list appears (the refresh insists), each with one street or town
and one community or village; three of those units carry the real deliberation brands. Values
are small round numbers, so a test can state the expected result of a query by hand.

    week_rows(1) / week_rows(2)   the reports of week 1 (2026-11-13) and week 2 (2026-11-20), typed
    write_inbox(folder, week)     those reports as UTF-8 CSV files with Chinese headers
    frames(week)                  the same as Polars frames, ready for snapshots.publish

Week 2 adds one volunteer session and one legal-aid case, removes nothing, and raises signs
removed from 10 to 12 in every district.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import polars as pl

from grassroots.desk import cell_text
from grassroots.intake.inbox import DEMO_MARKER
from grassroots.intake.reports import polars_type, read_reference
from grassroots.catalogue.tables import CITY_INDICATORS, REFERENCES, REPORTS, TABLES
from grassroots.store.snapshots import REF_DIR

AS_OF = {1: dt.date(2026, 11, 13), 2: dt.date(2026, 11, 20)}
URBAN = ("150102", "150103", "150104", "150105")
DISTRICTS = ("150102", "150103", "150104", "150105", "150121", "150122", "150123", "150124", "150125", "150172")
# district -> (street or town code, its name, community or village code, its name)
PLACES = {
    "150102": ("150102005", "甲街道", "150102005002", "曙光街社区居委会"),  # 小马扎议事会
    "150103": ("150103001", "乙街道", "150103001001", "乙一社区居委会"),
    "150104": ("150104003", "丙街道", "150104003005", "大召社区居委会"),  # 百姓茶馆
    "150105": ("150105001", "丁街道", "150105001001", "丁一社区居委会"),
    "150121": ("150121101", "戊镇", "150121101225", "水磨村委会"),  # 社贤理事会
    "150122": ("150122101", "己镇", "150122101001", "己一社区居委会"),
    "150123": ("150123101", "庚镇", "150123101001", "庚一社区居委会"),
    "150124": ("150124101", "辛镇", "150124101001", "辛一社区居委会"),
    "150125": ("150125101", "壬镇", "150125101001", "壬一社区居委会"),
    "150172": ("150172001", "癸街道", "150172001001", "癸一社区居委会"),
}
VILLAGES = {"150121"}  # the one district whose lower unit is a village (no grid)
RESIDENTS = {d: 27_500 for d in DISTRICTS} | {"150172": 0}


def week_rows(week: int) -> dict[str, list[dict]]:
    as_of = AS_OF[week]
    units, grids, restructuring = [], [], []
    for d in DISTRICTS:
        street, street_name, lower, lower_name = PLACES[d]
        level = "street" if d in URBAN or d == "150172" else "town"
        units.append(dict(unit_code=street, unit_name=street_name, unit_level=level, parent_code=d, district_code=d,
                          status="active", has_affairs_list=False, is_demo_invented=False))
        village = d in VILLAGES
        units.append(dict(unit_code=lower, unit_name=lower_name, unit_level="village" if village else "community",
                          parent_code=street, district_code=d, status="active", has_affairs_list=True,
                          is_demo_invented=False))
        if not village:
            grids.append(dict(grid_code=f"{lower}001", community_code=lower, district_code=d, compounds=2))
        restructuring.append(dict(
            district_code=d, plan_status="approved" if d == "150102" else "none",
            plan_approved_on=dt.date(2026, 6, 1) if d == "150102" else None,
            streets_before=1 if level == "street" else 0, streets_planned=2 if d == "150102" else (1 if level == "street" else 0),
            streets_now=1 if level == "street" else 0, communities=0 if village else 1, villages=1 if village else 0,
            grids=0 if village else 1, posts_moved_down=10 if d in URBAN else 0))
    rows = {
        "units": units, "grids": grids, "district_restructuring": restructuring,
        "city_indicators": [dict(indicator_code=k, value=float(v)) for k, v in zip(
            CITY_INDICATORS, (99, 56, 8, 79, 58, 72, 63))],
        "task_book": [
            dict(task_id="T01", task_title="清理规范村（社区）工作事项", lead_unit="市委社会工作部", category="减负",
                 status="done", due_on=dt.date(2026, 6, 30), completed_on=dt.date(2026, 6, 1)),
            dict(task_id="T02", task_title="完善社区工作者管理办法", lead_unit="市民政局", category="队伍",
                 status="in_progress", due_on=dt.date(2026, 12, 31), completed_on=None)],
        "signage_cleanup": [dict(district_code=d, signs_removed=10 if week == 1 else 12, wall_rules_removed=5)
                            for d in DISTRICTS],
        "observation_points": [
            dict(point_id="OP01", unit_code="150102005002", district_code="150102", designated_on=dt.date(2026, 4, 15)),
            dict(point_id="OP02", unit_code="150121101225", district_code="150121", designated_on=dt.date(2026, 4, 15))],
        "observation_weekly": [
            dict(point_id=p, week_ending=as_of, tasks_pushed_down=3, forms_ledgers=4, certificates=10, meetings=2,
                 work_chat_groups=5, inspections=1 if week == 1 else 3) for p in ("OP01", "OP02")],
        "negative_cases": [dict(case_id="NC001", notified_on=as_of - dt.timedelta(days=1), district_code="150102",
                                unit_code="150102005002", point_id="OP01", category="乱挂牌")] if week == 1 else [],
        "recruitment": [dict(district_code=d, year=2024, channel="graduate_exam", recruits=10) for d in DISTRICTS]
        + [dict(district_code="150102", year=2024, channel="masters_city_post", recruits=2)],
        "workforce": [dict(district_code=d, community_staff_total=100, community_workers=50, urban_residents=RESIDENTS[d],
                           recruited_workers=30, in_two_committees=10, head_posts=5, heads=2, civil_servants_targeted=1,
                           institution_staff_targeted=1, deputy_section_promotions=1) for d in DISTRICTS],
        "service_sites": [dict(district_code=d, party_service_centres=3, red_bee_stations=2, mobile_party_stations=1,
                               couriers_served=100, new_employment_grid_members=20) for d in DISTRICTS],
        "volunteer_teams": [
            dict(team_id="WC01", team_name="新城区巾帼志愿服务团", team_kind="corps", district_code="150102"),
            dict(team_id="WT001", team_name="大召社区巾帼志愿服务队", team_kind="team", district_code="150104"),
            dict(team_id="LA01", team_name="赛罕区法律援助志愿服务队", team_kind="legal_aid", district_code="150105")],
        "volunteer_sessions": [dict(session_id=f"VS0000{week}", held_on=as_of - dt.timedelta(days=2), district_code="150102",
                                    unit_code="150102005002", team_id="WC01", service_kind="一老", participants=12)],
        "legal_aid_cases": [dict(case_id=f"LA0000{week}", handled_on=as_of - dt.timedelta(days=3), district_code="150105",
                                 unit_code="150105001001", team_id="LA01", case_type="劳动")],
    }
    assert set(rows) == {t.name for t in REPORTS}
    return rows


def write_report(path: Path, table_name: str, rows: list[dict], encoding: str = "utf-8-sig") -> None:
    table = TABLES[table_name]
    with path.open("w", encoding=encoding, newline="") as f:
        w = csv.writer(f)
        w.writerow([c.zh for c in table.columns])
        w.writerows([[cell_text(r[c.name]) for c in table.columns] for r in rows])


def write_inbox(folder: Path, week: int, demo: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if demo:
        (folder / DEMO_MARKER).write_text("示例数据（测试用）\n", encoding="utf-8")
    for name, rows in week_rows(week).items():
        write_report(folder / f"{name}.csv", name, rows)
    return folder


def frames(week: int, this_week: dict[str, list[dict]] | None = None) -> dict[str, pl.DataFrame]:
    """Every table of the week as the refresh would publish it (events accumulated up to `week`);
    `this_week` replaces the week's own rows (e.g. a copy with one cell changed)."""
    weeks = {w: week_rows(w) for w in range(1, week + 1)}
    if this_week is not None:
        weeks[week] = this_week
    out = {}
    for t in REPORTS:
        rows = [r for w in range(1, week + 1) for r in weeks[w][t.name]] if t.kind == "event" else weeks[week][t.name]
        schema = {c.name: polars_type(c.dtype) for c in t.columns}
        out[t.name] = pl.DataFrame(rows, schema=schema, orient="row")
    for t in REFERENCES:
        out[t.name] = read_reference(t.name, REF_DIR)
    return out
