"""The named queries over the demo snapshots: they run, and their numbers add up."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl
import pytest

from grassroots import demo
from queries import db, run
from tests.conftest import LAST

QUERY_FILES = sorted(p.stem for p in Path(db.QUERY_DIR).glob("*.sql"))
ADDITIVE = ["streets_now", "communities", "grids", "signs_removed", "community_workers", "legal_aid_cases",
            "volunteer_sessions", "graduates_recruited_4y", "staff_posts_moved_down", "observation_points"]


def figures(base, as_of=LAST, district=None) -> dict[str, float]:
    frame = run("headline_figures", base=base, from_date=as_of, to_date=as_of, district_code=district)
    return dict(zip(frame["figure_id"], frame["value"]))


def test_every_sql_file_states_what_it_is_and_its_parameters():
    for name in QUERY_FILES:
        sql = db.sql_text(name)
        assert sql.startswith("--"), name
        assert "参数" in sql or "$" not in sql, name
        assert not re.search(r"\{[a-z_]+\}|%s|%\(", sql), f"{name}: looks like string formatting"


def test_every_sql_file_is_exercised_by_a_test():
    tests = "\n".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.rglob("test_*.py"))
    tests += "\n".join(p.read_text(encoding="utf-8") for p in Path(__file__).parents[1].glob("views/*.py"))
    tests += Path(__file__).parents[1].joinpath("grassroots", "ui.py").read_text(encoding="utf-8")
    missing = [n for n in QUERY_FILES if f'"{n}"' not in tests]
    assert not missing


def test_districts_add_up_to_the_city(demo_base):
    city = figures(demo_base)
    codes = run("districts", base=demo_base, snapshot_date=LAST)["district_code"].to_list()
    per_district = [figures(demo_base, district=c) for c in codes]
    for figure in ADDITIVE:
        assert sum(d.get(figure, 0) for d in per_district) == city[figure], figure


def test_an_earlier_snapshot_shows_fewer_streets_and_fewer_services(demo_base):
    first, last = figures(demo_base, demo.AS_OF_DATES[0]), figures(demo_base)
    assert first["streets_now"] == 31 and last["streets_now"] == 39
    assert first["legal_aid_cases"] < last["legal_aid_cases"]
    assert first["districts_plan_approved"] == 0 and last["districts_plan_approved"] == 4


def test_history_query_returns_one_value_per_snapshot(demo_base):
    frame = run("headline_figures", base=demo_base, from_date=demo.AS_OF_DATES[0], to_date=LAST, district_code=None)
    streets = frame.filter(pl.col("figure_id") == "streets_now").sort("snapshot_date")
    assert streets.height == len(demo.AS_OF_DATES)
    assert streets["value"].is_sorted()  # streets are only ever split, never merged


def test_a_parameter_is_bound_not_pasted(demo_base):
    hostile = "150102' or '1'='1"
    assert figures(demo_base, district=hostile) == {} or all(
        v == 0 for k, v in figures(demo_base, district=hostile).items() if k in ADDITIVE)


def test_districts_query_lists_the_ten_county_level_units(demo_base):
    frame = run("districts", base=demo_base, snapshot_date=LAST)
    assert frame.height == 10 and frame["district_name"][0] == "新城区"


def test_published_figures_query_travels_with_the_snapshot(demo_base):
    frame = run("published_figures", base=demo_base, snapshot_date=LAST)
    assert frame.filter(pl.col("figure_id") == "grids")["published_value"][0] == 6158


def test_results_are_cached_and_a_new_snapshot_is_not_served_stale(demo_base, tmp_path):
    import shutil

    base = tmp_path / "data"
    shutil.copytree(demo_base / "snapshots" / demo.AS_OF_DATES[0].isoformat(),
                    base / "snapshots" / demo.AS_OF_DATES[0].isoformat())
    one = run("headline_figures", base=base, from_date=dt.date(2000, 1, 1), to_date=LAST, district_code=None)
    assert run("headline_figures", base=base, from_date=dt.date(2000, 1, 1), to_date=LAST, district_code=None) is one
    shutil.copytree(demo_base / "snapshots" / LAST.isoformat(), base / "snapshots" / LAST.isoformat())
    two = run("headline_figures", base=base, from_date=dt.date(2000, 1, 1), to_date=LAST, district_code=None)
    assert two["snapshot_date"].n_unique() == 2


def test_unknown_query_name_is_refused():
    with pytest.raises(KeyError):
        run("../etc/passwd")
