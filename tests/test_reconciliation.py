"""Every figure of the published report, recomputed from the latest demo snapshot, exactly."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from grassroots.access.scope import CITY
from grassroots.store.snapshots import REF_DIR
from queries import run, snapshot_list
from tests.conftest import LAST

SHARED = Path(__file__).resolve().parents[2] / "shared" / "reference" / "published_figures.csv"


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


PUBLISHED = _rows(REF_DIR / "published_figures.csv")


@pytest.fixture(scope="module")
def latest(demo_base) -> dict[str, float]:
    last = next(s for s in snapshot_list(demo_base) if s.as_of == LAST)
    frame = run("headline_figures", last, scope=CITY, district_code=None)
    return dict(zip(frame["figure_id"], frame["value"]))


@pytest.mark.parametrize("row", PUBLISHED, ids=[r["id"] for r in PUBLISHED])
def test_published_figure_is_reproduced_exactly(row, latest):
    assert latest[row["id"]] == float(row["value"]), row["indicator_zh"]


@pytest.mark.skipif(not SHARED.is_file(), reason="../shared is not beside this checkout")
def test_repo_copy_holds_every_row_of_the_shared_reference_unchanged():
    ours = {r["id"]: r for r in PUBLISHED}
    for row in _rows(SHARED):
        assert ours[row["id"]] == row


def test_reconciliation_panel_flags_a_mismatch():
    import polars as pl

    from grassroots.checks.reconcile import reconciliation

    published = pl.DataFrame({"figure_id": ["a", "b", "c"], "published_value": [1.0, 2.0, 3.0]})
    values = pl.DataFrame({"figure_id": ["a", "b"], "value": [1.0, 2.5]})
    assert reconciliation(published, values)["matches"].to_list() == [True, False, False]
