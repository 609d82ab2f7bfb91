"""数据探索 under AppTest: filters, groups, re-reads its state from the URL, hides small cells."""

from __future__ import annotations

import datetime as dt

from grassroots import demo
from tests.pages.apptest import start, tables

PAGE = "views/explore.py"
LAST = demo.AS_OF_DATES[-1]


def result_table(at):
    return tables(at)[-1]


def test_default_view_counts_legal_aid_by_district(demo_env):
    at = start(page=PAGE)
    table = result_table(at)
    assert len(table) == 10
    assert sum(int(v.replace(",", "")) for v in table.iloc[:, 1]) == 1529
    assert at.query_params["ds"] in ("legal_aid_cases", ["legal_aid_cases"])


def test_the_analysts_question_opens_from_a_link(demo_env):
    since = (LAST - dt.timedelta(days=55)).isoformat()
    at = start({"ds": "legal_aid_cases", "d1": "subcategory", "f_district": "150105", "d_from": since,
                "d_to": LAST.isoformat()}, page=PAGE)
    table = result_table(at)
    assert set(table.iloc[:, 0]) == {"赛罕区法律援助志愿服务一队", "赛罕区法律援助志愿服务二队", "赛罕区法律援助志愿服务三队"}
    assert at.multiselect(key="x_districts").value == ["150105"]


def test_grouping_by_a_second_dimension_and_filtering(demo_env):
    at = start({"ds": "legal_aid_cases", "d1": "district", "d2": "category"}, page=PAGE)
    wide = result_table(at)
    assert wide.shape[1] == 3 and len(wide) > 10
    at.multiselect(key="x_districts").set_value(["150102"]).run()
    assert set(result_table(at).iloc[:, 0]) == {"新城区"}


def test_a_suppressed_cell_never_shows_its_true_value(demo_env):
    import polars as pl

    # the truth straight from the snapshot's Parquet, not through the page's query
    truth = pl.read_parquet(demo_env / "snapshots" / LAST.isoformat() / "workforce.parquet").join(
        pl.read_parquet(demo_env / "snapshots" / LAST.isoformat() / "districts.parquet"), on="district_code")
    small = {r["district_name"]: r["civil_servants_targeted"] for r in truth.iter_rows(named=True)
             if 0 < r["civil_servants_targeted"] < 5}
    assert small, "the demo should have some small cells to protect"
    at = start({"ds": "workforce", "m": "civil_servants_targeted", "d1": "district"}, page=PAGE)
    shown = dict(zip(result_table(at).iloc[:, 0], result_table(at).iloc[:, 1]))
    for district in small:
        assert shown[district] == "<5", district
    assert list(shown.values()).count("<5") >= 2  # never a lone hidden cell next to a known total


def test_history_mode_groups_by_snapshot(demo_env):
    at = start({"ds": "workforce", "m": "community_workers", "d1": "snapshot", "hist": "1"}, page=PAGE)
    table = result_table(at)
    assert len(table) == len(demo.AS_OF_DATES)
    assert table.iloc[-1, 1] == "5,308"


def test_history_is_offered_only_for_tables_whose_history_the_snapshot_carries(demo_env):
    at = start({"ds": "grids", "m": "count", "d1": "snapshot", "hist": "1"}, page=PAGE)
    assert at.toggle(key="x_history").value is False and at.toggle(key="x_history").disabled
    table = result_table(at)
    assert len(table) == 9  # grids by district, this week (经开区 has none)
    assert sum(int(v.replace(",", "")) for v in table.iloc[:, 1]) == 6158


def test_english_measures_carry_english_units_only(demo_env):
    """Units are declared in Chinese once (catalogue/units.py gives their English): an English
    exploration names no Chinese unit, in the measure list, the table or its title."""
    import re

    at = start({"ds": "volunteer_sessions", "lang": "en"}, page=PAGE)
    options = at.selectbox(key="x_measure_volunteer_sessions").options
    assert "Volunteers taking part (person-times)" in options or "volunteers taking part (person-times)" in options
    cjk = re.compile(r"[\u4e00-\u9fff]")
    assert [o for o in options if cjk.search(o)] == []
    assert not cjk.search(" ".join(map(str, result_table(at).columns)))
