"""The exploration catalogue and its URL round-trip: only catalogued keys ever reach the SQL."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from grassroots.access.scope import CITY
from grassroots.catalogue.explore import DATASETS, View
from queries import run, snapshot_list
from tests.conftest import LAST


def latest(base):
    return next(s for s in snapshot_list(base) if s.as_of == LAST)


def test_url_round_trip_keeps_the_view():
    view = View(dataset="legal_aid_cases", dim1="subcategory", dim2="week", districts=["150105"],
                categories=["劳动", "邻里"], date_from=dt.date(2026, 9, 26), date_to=LAST)
    assert View.from_params(view.to_params()) == view.normalised()


def test_a_hand_edited_url_falls_back_to_catalogue_values():
    view = View.from_params({"ds": "units; drop table units", "d1": "1=1", "m": "x"})
    assert view.dataset in DATASETS and view.dim1 in DATASETS[view.dataset].dimensions
    view = View.from_params({"ds": "grids", "d1": "category", "m": "count", "agg": "sum(*)"})
    assert view.dim1 == "district" and view.agg == "total"


@pytest.mark.parametrize("name", list(DATASETS))
def test_every_dataset_measure_and_dimension_answers(name, demo_base):
    ds = DATASETS[name]
    for measure in ds.measures:
        for dim in ds.dimensions:
            view = View(dataset=name, measure=measure, dim1=dim, history=True).normalised()
            frame = run("explore", latest(demo_base), scope=CITY, **view.query_params(LAST, dt.date(2000, 1, 1)))
            assert frame.height > 0 and frame["total"].null_count() == 0, (name, measure, dim)


def test_legal_aid_for_one_district_in_eight_weeks_by_team(demo_base):
    since = LAST - dt.timedelta(days=55)
    view = View(dataset="legal_aid_cases", dim1="subcategory", districts=["150105"], date_from=since, date_to=LAST)
    by_team = run("explore", latest(demo_base), scope=CITY, **view.query_params(LAST, LAST))
    every = run("services_since", latest(demo_base), scope=CITY, district_code="150105", since=since).filter(
        ~pl.col("is_district_total"))
    assert dict(zip(by_team["dim1"], by_team["total"])) == {
        r["team_name"]: r["legal_aid_cases"] for r in every.iter_rows(named=True) if r["legal_aid_cases"]}


def test_the_explore_dim_macro_knows_exactly_the_catalogue_s_dimensions():
    import re

    from grassroots.catalogue.explore import DIMENSIONS
    from grassroots.store.warehouse import STAGING_DIR

    macro = (STAGING_DIR / "macros.sql").read_text("utf-8").split("create macro explore_dim", 1)[1].split(";", 1)[0]
    assert set(re.findall(r"when '([a-z_]+)' then", macro)) == set(DIMENSIONS)


def test_the_facts_of_every_dataset_are_generated_from_its_declaration():
    from grassroots.catalogue.explore import DATASETS
    from grassroots.store import explore_facts

    text = explore_facts.sql()
    for key, ds in DATASETS.items():
        assert f"'{key}' as dataset" in text and f"from {ds.table.name}_history as t" in text
        for measure in ds.measures:
            assert f"('{measure}'," in explore_facts.dataset_sql(key, ds)
