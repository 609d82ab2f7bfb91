"""What a leader sees when the data path had trouble: a damaged snapshot is marked and never read,
the others keep serving; a change confirmed with --accept-change is named on the freshness line."""

from __future__ import annotations

import pytest
import tiny

from grassroots.store.pipeline import run_refresh
from tests.pages.apptest import header, metrics, selectbox, start


@pytest.fixture
def two_weeks(tmp_path, monkeypatch):
    """The tiny world: week 1, then week 2 in which community workers really fell 50 → 30 (confirmed)."""
    base = tmp_path / "data"
    assert run_refresh(tiny.write_inbox(tmp_path / "w1", 1), tiny.AS_OF[1], base=base, today=tiny.AS_OF[2]).ok
    inbox = tiny.write_inbox(tmp_path / "w2", 2)
    rows = tiny.week_rows(2)["workforce"]
    for r in rows:
        r["community_workers"] = 30
    tiny.write_report(inbox / "workforce.csv", "workforce", rows)
    refused = run_refresh(inbox, tiny.AS_OF[2], base=base, today=tiny.AS_OF[2])
    assert {p.rule for p in refused.problems} == {"implausible_change"}
    accepted = run_refresh(inbox, tiny.AS_OF[2], base=base, today=tiny.AS_OF[2],
                           accept_changes=("community_workers", "workers_per_10k_urban"))
    assert accepted.ok, accepted.problems
    monkeypatch.setenv("GRASSROOTS_DATA_DIR", str(base))
    return base


def test_the_freshness_line_names_the_confirmed_change(two_weeks):
    at = start()
    captions = header(at)
    assert "本期经确认发布的超幅变化" in captions
    assert "社区工作者 500 → 300" in captions


def test_a_damaged_latest_snapshot_is_marked_and_the_previous_one_serves(two_weeks):
    victim = two_weeks / "snapshots" / tiny.AS_OF[2].isoformat() / "workforce.parquet"
    victim.write_bytes(victim.read_bytes()[:64])
    at = start()
    box = selectbox(at, "snapshot")
    assert box.value == tiny.AS_OF[1].isoformat()  # the latest healthy one is the default
    assert "已损坏" in box.format_func(tiny.AS_OF[2].isoformat())
    assert not at.exception and metrics(at)  # figures of week 1 are shown

    damaged = start({"snapshot": tiny.AS_OF[2].isoformat()})  # a shared link to the damaged week
    assert not damaged.exception
    assert any("已损坏" in e.value and "workforce.parquet" in e.value for e in damaged.error)
    assert not metrics(damaged)  # nothing of it is shown
