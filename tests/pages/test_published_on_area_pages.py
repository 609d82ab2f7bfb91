"""Every figure of the published report is shown on the page of its area, with its value: as a
card (metric) or in the line of figures under the chart that draws it."""

from __future__ import annotations

import polars as pl
import pytest

from grassroots.catalogue import fmt
from grassroots.catalogue.figures import FIGURES
from grassroots.store.snapshots import REF_DIR
from tests.pages.apptest import lines, metrics, number, start

PUBLISHED = pl.read_csv(REF_DIR / "published_figures.csv")
# The report's areas and the page a leader of each opens; "volunteers" is the report's own
# heading for the volunteer figures, which live on the co-governance page.
AREA_PAGES = {
    "restructuring": "views/restructuring.py",
    "burden": "views/burden.py",
    "workforce": "views/workforce.py",
    "cogovernance": "views/cogovernance.py",
    "volunteers": "views/cogovernance.py",
}


def test_every_area_of_the_report_has_a_page():
    assert set(PUBLISHED["area"]) <= set(AREA_PAGES)


@pytest.mark.parametrize("page", sorted(set(AREA_PAGES.values())))
def test_each_published_figure_is_on_its_area_page(demo_env, page):
    at = start(page=page)
    cards = metrics(at)
    captions = lines(at)
    wanted = PUBLISHED.filter(pl.col("area").replace_strict(AREA_PAGES) == page)
    missing = []
    for figure_id, value in wanted.select("id", "value").iter_rows():
        f = FIGURES[figure_id]
        on_card = f.zh in cards and number(cards[f.zh]) == pytest.approx(value)
        in_line = f"{f.zh} {fmt.with_unit(value, f.unit_zh, f.unit_en)}" in captions
        if not (on_card or in_line):
            missing.append(f"{figure_id} ({f.zh} {value:g})")
    assert missing == []
    assert wanted.height >= 9


def test_the_six_figures_once_only_reconciled_have_cards(demo_env):
    cards = {**metrics(start(page="views/burden.py")), **metrics(start(page="views/workforce.py")),
             **metrics(start(page="views/cogovernance.py"))}
    expected = {"villages_with_list": 965, "wall_rules_removed": 3914, "community_staff_total": 11500,
                "workers_heads": 120, "party_service_centres": 1504, "couriers_served": 15800}
    assert {i: number(cards[FIGURES[i].zh]) for i in expected} == expected
