"""Every page query on the tiny world (tests/tiny.py): the rows it must return, computed by hand.

Week 2 (2026-11-20) of ten districts, each with one street or town and one community (a village
in 土左旗); events: one volunteer session and one legal-aid case a week, one negative case in
week 1. Districts filter in SQL, so each query is also run for one district and for a district
with nothing to show.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from grassroots.access.scope import CITY
from queries import db

W1, W2 = dt.date(2026, 11, 13), dt.date(2026, 11, 20)


@pytest.fixture
def q(tiny_snapshot):
    """Run a page query on week 2; the whole city unless a district is given."""
    def run(name, **params):
        if "district_code" in db.parameters(name):
            params.setdefault("district_code", None)
        return db.run(name, tiny_snapshot, scope=CITY, **params)
    return run


def rows(frame: pl.DataFrame, *cols) -> list[tuple]:
    return list(frame.select(cols).iter_rows())


def test_districts_lists_the_ten_in_display_order(q):
    frame = q("districts")
    assert frame.height == 10
    assert frame["district_name"].to_list()[:2] == ["新城区", "回民区"] and frame["district_short"][-1] == "经开区"


def test_headline_figures_for_the_city_this_week_and_last(q):
    figures = {r["figure_id"]: r for r in q("headline_figures", district_code=None).iter_rows(named=True)}
    expected_now = {"streets_now": 5, "communities": 9, "grids": 9, "streets_target": 6, "districts_plan_approved": 1,
                    "staff_posts_moved_down": 40, "signs_removed": 120, "observation_points": 2,
                    "negative_cases_notified": 1, "graduates_recruited_4y": 100, "masters_specialists": 2,
                    "community_workers": 500, "workers_per_10k_urban": 20.2, "workers_two_committees_pct": 33.3,
                    "workers_heads_pct": 40.0, "volunteer_sessions": 2, "legal_aid_cases": 2,
                    "community_affairs_reduction_pct": 26.6, "village_affairs_reduction_pct": 12.5, "task_book_done": 1}
    assert {k: figures[k]["value"] for k in expected_now} == expected_now
    assert (figures["signs_removed"]["value_before"], figures["volunteer_sessions"]["value_before"]) == (100, 1)
    assert figures["signs_removed"]["before_date"] == W1


def test_headline_figures_for_one_district_keep_city_only_figures(q):
    figures = {r["figure_id"]: r for r in q("headline_figures", district_code="150102").iter_rows(named=True)}
    assert (figures["streets_now"]["value"], figures["volunteer_sessions"]["value"]) == (1, 2)
    assert "legal_aid_cases" not in figures  # 新城区 has no legal-aid service: no row, shown as "—"
    assert figures["enforcement_items_after"]["value"] == 56 and figures["enforcement_items_after"]["city_only"]


def test_headline_figures_bind_a_hostile_district_as_a_value(q):
    assert q("headline_figures", district_code="150102' or '1'='1").height == 0


def test_streets_by_district_filters_in_sql(q):
    assert q("streets_by_district").height == 10
    assert rows(q("streets_by_district", district_code="150102"), "plan_status", "streets_before", "streets_now",
                "streets_planned", "grids") == [("approved", 1, 1, 2, 1)]


def test_restructuring_history_has_each_planned_district_each_week(q):
    frame = q("restructuring_history")
    assert frame.height == 5 * 2 and set(frame["snapshot_date"]) == {W1, W2}
    assert set(frame["district_code"]) == {"150102", "150103", "150104", "150105", "150172"}
    assert q("restructuring_history", district_code="150121").height == 0  # a banner with no street plan


def test_street_crosswalk_maps_31_streets_to_39(q):
    frame = q("street_crosswalk")
    assert frame.height == 39 and frame["old_street_code"].n_unique() == 31
    assert set(q("street_crosswalk", district_code="150102")["district_code"]) == {"150102"}


def test_units_by_street_counts_children_and_grids(q):
    frame = q("units_by_street")
    assert frame.height == 10
    assert rows(q("units_by_street", district_code="150102"), "street_name", "communities", "villages", "grids") == [
        ("甲街道", 1, 0, 1)]
    assert rows(q("units_by_street", district_code="150121"), "street_name", "communities", "villages", "grids") == [
        ("戊镇", 0, 1, 0)]


def test_communities_of_street_lists_its_communities_with_grids(q):
    assert rows(q("communities_of_street", street_code="150102005"), "unit_name", "grids", "compounds") == [
        ("曙光街社区居委会", 1, 2)]
    assert q("communities_of_street", street_code="nowhere").height == 0


def test_task_book_history_one_row_per_week(q):
    assert rows(q("task_book_history"), "snapshot_date", "tasks", "done", "in_progress", "not_started") == [
        (W1, 2, 1, 1, 0), (W2, 2, 1, 1, 0)]


def test_tasks_by_unit_counts_done_and_overdue(q):
    assert sorted(rows(q("tasks_by_unit"), "lead_unit", "tasks", "done", "remaining", "overdue")) == [
        ("市委社会工作部", 1, 1, 0, 0), ("市民政局", 1, 0, 1, 0)]


def test_signage_by_district(q):
    assert q("signage_by_district")["signs_removed"].sum() == 120
    assert rows(q("signage_by_district", district_code="150104"), "signs_removed", "wall_rules_removed") == [(12, 5)]


def test_observation_points_latest_flags_by_the_rising_rule(q):
    ten = q("observation_points_latest", rise_pct=10.0)
    assert rows(ten, "point_id", "burden_total", "burden_change", "total_rises") == [
        ("OP01", 27, 2, False), ("OP02", 27, 2, False)]  # 25 → 27 is +8 %
    assert q("observation_points_latest", rise_pct=5.0)["total_rises"].to_list() == [True, True]
    assert q("observation_points_latest", district_code="150121", rise_pct=10.0)["point_id"].to_list() == ["OP02"]
    assert q("observation_points_latest", district_code="150105", rise_pct=10.0).height == 0


def test_observation_totals_per_point_and_week(q):
    assert rows(q("observation_totals", district_code="150102", rise_pct=10.0, max_points=20, weeks=26),
                "point_id", "week_ending", "burden_total") == [("OP01", W1, 25), ("OP01", W2, 27)]


def test_observation_totals_keeps_at_most_max_points(q):
    both = q("observation_totals", rise_pct=10.0, max_points=20, weeks=26)
    assert both["point_id"].unique().sort().to_list() == ["OP01", "OP02"] and both.height == 4
    # equal totals, neither rising: the first by id is kept, with all its weeks
    assert rows(q("observation_totals", rise_pct=10.0, max_points=1, weeks=26), "point_id", "week_ending") == [
        ("OP01", W1), ("OP01", W2)]


def test_observation_charts_keep_the_last_weeks(q):
    assert rows(q("observation_totals", rise_pct=10.0, max_points=20, weeks=1), "point_id", "week_ending") == [
        ("OP01", W2), ("OP02", W2)]
    last = q("observation_history", point_id="OP01", weeks=1)
    assert last["week_ending"].unique().to_list() == [W2] and last.height == 6


def test_observation_history_one_point_long_format(q):
    frame = q("observation_history", point_id="OP01", weeks=52)
    assert frame.height == 12
    assert rows(frame.filter(pl.col("indicator") == "inspections"), "week_ending", "amount") == [(W1, 1), (W2, 3)]


def test_negative_cases_with_their_unit(q):
    assert rows(q("negative_cases"), "case_id", "unit_name", "point_id", "category") == [
        ("NC001", "曙光街社区居委会", "OP01", "乱挂牌")]
    assert q("negative_cases", district_code="150104").height == 0


def test_cases_near_point_by_point_or_street(q):
    assert q("cases_near_point", point_id="OP01")["case_id"].to_list() == ["NC001"]
    assert q("cases_near_point", point_id="OP02").height == 0


def test_recruitment_by_year_sums_channels(q):
    assert rows(q("recruitment_by_year"), "year", "graduate_exam", "masters_city_post") == [(2024, 100, 2)]
    assert rows(q("recruitment_by_year", district_code="150103"), "graduate_exam", "masters_city_post") == [(10, 0)]


def test_workforce_by_district_with_the_per_10k_ratio(q):
    frame = q("workforce_by_district")
    assert frame.height == 10
    assert frame.filter(pl.col("district_code") == "150102")["workers_per_10k"][0] == 18.2  # 50 / 27,500
    assert frame.filter(pl.col("district_code") == "150172")["workers_per_10k"][0] is None  # no residents


def test_services_by_week_counts_each_kind(q):
    assert rows(q("services_by_week"), "week_ending", "volunteer_sessions", "legal_aid_cases") == [(W1, 1, 1), (W2, 1, 1)]
    assert rows(q("services_by_week", district_code="150102"), "volunteer_sessions", "legal_aid_cases") == [(1, 0), (1, 0)]
    assert q("services_by_week", district_code="150123").height == 0


def test_services_since_a_date_by_district_then_team(q):
    frame = q("services_since", since=dt.date(1900, 1, 1))
    districts = frame.filter(pl.col("is_district_total"))
    assert rows(districts, "district_code", "volunteer_sessions", "legal_aid_cases") == [("150102", 2, 0), ("150105", 0, 2)]
    assert districts["team_id"].null_count() == districts.height and districts["district_short"].null_count() == 0
    teams = frame.filter(~pl.col("is_district_total"))
    assert sorted(rows(teams, "team_id", "volunteer_sessions", "legal_aid_cases")) == [("LA01", 0, 2), ("WC01", 2, 0)]
    later = q("services_since", since=W1 + dt.timedelta(days=1))
    assert later.filter(pl.col("is_district_total"))["volunteer_sessions"].sum() == 1
    assert q("services_since", district_code="150104", since=dt.date(1900, 1, 1)).height == 0


def test_service_sites_by_district(q):
    assert q("service_sites_by_district")["couriers_served"].sum() == 1000
    assert q("service_sites_by_district", district_code="150125").height == 1


def test_deliberation_brands_with_their_place(q):
    frame = q("deliberation_brands")
    assert rows(frame, "brand_name", "district_name", "parent_name", "unit_name")[0] == (
        "“小马扎”议事会", "新城区", "甲街道", "曙光街社区居委会")
    assert frame.height == 3


def test_published_figures_travel_with_the_snapshot(q):
    frame = q("published_figures")
    assert frame.height == 45
    assert frame.filter(pl.col("figure_id") == "grids")["published_value"][0] == 6158


def test_explore_groups_a_dataset_by_district(q):
    from grassroots.catalogue.explore import View

    view = View(dataset="legal_aid_cases", measure="count", dim1="district")
    frame = q("explore", **view.query_params(W2, W1))
    assert rows(frame, "dim1", "total") == [("赛罕区", 2.0)]
    history = View(dataset="workforce", measure="community_workers", dim1="snapshot", history=True, snapshot_from=W1)
    assert rows(q("explore", **history.query_params(W2, W1)), "dim1", "total") == [("2026-11-13", 500.0), ("2026-11-20", 500.0)]
    english = q("explore", **View(dataset="grids", measure="count", dim1="district").query_params(W2, W1, "en"))
    assert english["dim1"][0] == "Xincheng"
