"""Every figure of the published report, recomputed from the latest demo snapshot, exactly."""

from __future__ import annotations

import csv
import hashlib
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


# The department's reference file as it stands in ../shared (the published report's figures), pinned
# by its size and digest: a fresh clone without ../shared still checks the repository's copy. The
# repository's copy is that file byte for byte, followed by rows for the shares the report states in
# words (精简26.6%, 占比48.5%), each saying so in its note.
SHARED_BYTES = 4790
SHARED_SHA256 = "63bebedab94ffa5b2bf8711e0106f0c5d6d8a4dd718c6ba4e67789e21f2bbd87"


def test_repo_copy_is_the_shared_reference_then_stated_shares():
    ours = (REF_DIR / "published_figures.csv").read_bytes()
    assert hashlib.sha256(ours[:SHARED_BYTES]).hexdigest() == SHARED_SHA256
    added = list(csv.DictReader(ours[SHARED_BYTES:].decode("utf-8").splitlines(),
                                fieldnames=list(PUBLISHED[0])))
    assert added, "the stated shares are missing"
    assert all(r["unit"] == "%" and r["note"].startswith("stated in the report as") for r in added)
    if SHARED.is_file():  # beside ../shared (a developer's machine): the pin is the file's own
        assert hashlib.sha256(SHARED.read_bytes()).hexdigest() == SHARED_SHA256


def test_reconciliation_panel_flags_a_mismatch():
    import polars as pl

    from grassroots.checks.reconcile import reconciliation

    published = pl.DataFrame({"figure_id": ["a", "b", "c"], "published_value": [1.0, 2.0, 3.0]})
    values = pl.DataFrame({"figure_id": ["a", "b"], "value": [1.0, 2.5]})
    assert reconciliation(published, values)["matches"].to_list() == [True, False, False]
