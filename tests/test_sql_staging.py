"""Every staging view and macro (grassroots/store/staging/) on the tiny world, with rows computed by hand.

Staging views hold each join and formula once; page queries read them. These tests query the
views directly on week 2's connection, the same one the pages use.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from grassroots.store import warehouse

W1, W2 = dt.date(2026, 11, 13), dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def con(tiny_snapshot):
    connection = warehouse.connect([tiny_snapshot.path])
    yield connection
    connection.close()


def sql(con, text: str) -> pl.DataFrame:
    return con.sql(text).pl()


def test_macros_compute_each_formula_once(con):
    assert con.sql("select per_10k(500, 275000), share_pct(1259, 2596), week_ending(date '2026-11-14'),"
                   " week_ending(date '2026-11-20'), per_10k(5, 0)").fetchall()[0] == (18.2, 48.5, W2, W2, None)


def test_stg_figures_has_every_scope(con):
    frame = sql(con, "select * from stg_figures")
    assert frame.filter(pl.col("figure_id") == "grids").height == 1 + 9  # the city and the nine districts with grids
    city = frame.filter(pl.col("district_code").is_null())
    assert dict(zip(city["figure_id"], city["value"]))["grids"] == 9
    only = frame.filter(pl.col("figure_id") == "enforcement_items_after")
    assert only.height == 11 and only["city_only"].all()  # the city's value, repeated for each district


def test_stg_restructuring_carries_every_week_with_names(con):
    frame = sql(con, "select * from stg_restructuring")
    assert frame.height == 20 and set(frame["snapshot_date"]) == {W1, W2}
    assert frame.filter(pl.col("district_code") == "150121")["district_short"][0] == "土左旗"


def test_stg_workforce_per_10k(con):
    frame = sql(con, "select district_code, workers_per_10k from stg_workforce where snapshot_date = date '2026-11-20'")
    assert dict(frame.iter_rows())["150103"] == 18.2 and dict(frame.iter_rows())["150172"] is None


def test_stg_signage_every_week(con):
    assert sql(con, "select snapshot_date, sum(signs_removed) as s from stg_signage group by 1 order by 1").rows() == [
        (W1, 100), (W2, 120)]


def test_stg_service_sites_every_week(con):
    assert sql(con, "select count(*) as n from stg_service_sites").item() == 20


def test_stg_recruitment_every_week(con):
    assert sql(con, "select sum(recruits) from stg_recruitment where snapshot_date = date '2026-11-20'").item() == 102


def test_stg_unit_names_gives_the_parent_name(con):
    assert sql(con, "select parent_name from stg_unit_names where unit_code = '150121101225'").item() == "戊镇"


def test_stg_units_counts_grids_per_community(con):
    frame = sql(con, "select unit_code, grids, compounds, district_name from stg_units where unit_code = '150102005002'")
    assert frame.rows() == [("150102005002", 1, 2, "新城区")]


def test_stg_observation_weeks_total_and_last_week(con):
    frame = sql(con, "select week_ending, burden_total, burden_total_before, latest from stg_observation_weeks"
                     " where point_id = 'OP01' order by week_ending")
    assert frame.rows() == [(W1, 25, None, False), (W2, 27, 25, True)]


def test_stg_service_events_week_ending(con):
    frame = sql(con, "select event_id, week_ending, team_name from stg_service_events order by event_id")
    assert frame.rows() == [("LA00001", W1, "赛罕区法律援助志愿服务队"), ("LA00002", W2, "赛罕区法律援助志愿服务队"),
                            ("VS00001", W1, "新城区巾帼志愿服务团"), ("VS00002", W2, "新城区巾帼志愿服务团")]


def test_stg_explore_facts_measures_match_the_catalogue(con):
    from grassroots.catalogue.explore import DATASETS

    frame = sql(con, "select distinct dataset, measure from stg_explore_facts")
    found = {(d, m) for d, m in frame.iter_rows()}
    expected = {(name, m) for name, ds in DATASETS.items() for m in ds.measures}
    assert found == expected  # the SQL offers exactly the measures the schema derives


def test_district_labels_name_and_order_every_district(con):
    frame = sql(con, "select * from district_labels order by display_order")
    assert frame.height == 10 and frame.columns == ["district_code", "district_name", "district_name_en",
                                                     "district_short", "district_short_en", "display_order"]
    assert frame["district_short"][4] == "土左旗"


def test_stg_unit_kinds_flags_what_counts(con):
    frame = sql(con, "select unit_level, status, is_street, is_town, is_community, is_village from stg_unit_kinds")
    for r in frame.iter_rows(named=True):
        assert r["is_community"] == (r["unit_level"] == "community" and r["status"] == "active")
        assert r["is_street"] == (r["unit_level"] == "street" and r["status"] == "active")
    assert frame["is_community"].sum() == 9 and frame["is_village"].sum() == 1


def test_stg_task_book_flags_done_tasks(con):
    frame = sql(con, "select status, is_done from stg_task_book")
    assert frame.height > 0 and all(d == (s == "done") for s, d in frame.iter_rows())
