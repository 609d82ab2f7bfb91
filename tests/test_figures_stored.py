"""Like with like: figures are computed once, at publish, stored with the snapshot, and compared
stored with stored. A definition that changes later does not show up as a weekly movement; the
overview says which definitions it shows; `figures recompute` recomputes every week alike."""

from __future__ import annotations

import polars as pl
import pytest
import tiny
from click.testing import CliRunner

from grassroots.access.scope import CITY
from grassroots.catalogue import definitions
from grassroots.cli.figures import figures as figures_cli
from grassroots.store import snapshots, warehouse
from grassroots.store.pipeline import run_refresh
from queries import db


@pytest.fixture
def base(tmp_path):
    for week in (1, 2):
        result = run_refresh(tiny.write_inbox(tmp_path / f"in{week}", week), tiny.AS_OF[week], base=tmp_path / "data",
                             today=tiny.AS_OF[2])
        assert result.ok, result.problems
    return tmp_path / "data"


def headline(base, figure="communities") -> tuple[float, float]:
    """This week's and last week's value on the overview (the city)."""
    snap = snapshots.list_snapshots(base)[-1]
    frame = db.run("headline_figures", snap, scope=CITY, district_code=None).filter(pl.col("figure_id") == figure)
    return frame["value"][0], frame["value_before"][0]


@pytest.fixture
def villages_counted_as_communities(monkeypatch):
    """A changed definition: villages count as communities too (as a careless edit might say)."""
    kinds = {**definitions.UNIT_KINDS, "community": {"status": "active"}}
    monkeypatch.setattr(definitions, "UNIT_KINDS", kinds)
    warehouse.definitions_version.cache_clear()
    yield
    warehouse.definitions_version.cache_clear()


def test_each_snapshot_stores_its_figures_and_the_definitions_version(base):
    for snap in snapshots.list_snapshots(base):
        assert snap.manifest["figures"]["definitions"] == warehouse.definitions_version()
    assert headline(base) == (9.0, 9.0)


def test_a_changed_definition_is_no_weekly_movement_until_recomputed(base, villages_counted_as_communities):
    assert headline(base) == (9.0, 9.0)  # both weeks as stored: nothing moved
    live = warehouse.figures([snapshots.list_snapshots(base)[-1].path])
    assert live.filter((live["figure_id"] == "communities") & live["district_code"].is_null())["value"][0] > 9
    out = CliRunner().invoke(figures_cli, ["version", "--data-dir", str(base)])
    assert out.exit_code == 0 and out.output.count("与当前不同") == 2
    before = {s.as_of: s.manifest["checksums"] for s in snapshots.list_snapshots(base)}
    out = CliRunner().invoke(figures_cli, ["recompute", "--data-dir", str(base)])
    assert out.exit_code == 0, out.output
    after = snapshots.list_snapshots(base, deep=True)
    assert [s.damaged for s in after] == [(), ()]
    for snap in after:  # the tables are the published ones, only the figures history is new
        changed = {k for k, v in snap.manifest["checksums"].items() if before[snap.as_of][k] != v}
        assert changed == {"history/figures.parquet"}
        assert snap.manifest["figures"]["definitions"] == warehouse.definitions_version()
    db._results.clear()
    now, then = headline(base)
    assert now == then > 9  # recomputed alike: still no movement, at the new definition's value


def test_if_stale_recomputes_only_what_other_definitions_stored(base, monkeypatch):
    stamps = lambda: {s.as_of: s.manifest["checksums"]["history/figures.parquet"] for s in snapshots.list_snapshots(base)}  # noqa: E731
    before = stamps()
    out = CliRunner().invoke(figures_cli, ["recompute", "--if-stale", "--data-dir", str(base)])
    assert out.exit_code == 0 and "无需重算" in out.output and stamps() == before  # nothing rewritten
    kinds = {**definitions.UNIT_KINDS, "community": {"status": "active"}}
    monkeypatch.setattr(definitions, "UNIT_KINDS", kinds)
    warehouse.definitions_version.cache_clear()
    try:
        out = CliRunner().invoke(figures_cli, ["recompute", "--if-stale", "--data-dir", str(base)])
        assert out.exit_code == 0 and "已重算 2 期" in out.output and stamps() != before
        assert {s.manifest["figures"]["definitions"] for s in snapshots.list_snapshots(base)} == {warehouse.definitions_version()}
    finally:
        warehouse.definitions_version.cache_clear()


def test_the_refresh_checks_this_week_against_last_week_as_stored_not_recomputed(base, tmp_path, monkeypatch):
    import datetime as dt

    from grassroots.store import pipeline

    computed = []
    real = warehouse.figures
    monkeypatch.setattr(pipeline.warehouse, "figures", lambda folders: computed.append(folders) or real(folders))
    as_of = tiny.AS_OF[2] + dt.timedelta(days=7)
    inbox = tiny.write_inbox(tmp_path / "in3", 2)
    for name in ("volunteer_sessions", "legal_aid_cases", "negative_cases", "observation_weekly"):
        for path in inbox.glob(f"{name}*"):
            tiny.write_report(path, name, [])  # an event report with no events this week
    result = run_refresh(inbox, as_of, base=base, today=as_of)
    assert result.ok, result.problems
    assert len(computed) == 1 and computed[0] == [computed[0][0]] and tiny.AS_OF[2].isoformat() not in str(computed[0])
    stored = pipeline.stored_figures(snapshots.list_snapshots(base)[-1])
    assert set(stored["snapshot_date"]) == {as_of}
