"""A valid week publishes one complete, checksummed, reproducible snapshot, and never overwrites."""

from __future__ import annotations

import subprocess
import sys

import polars as pl
import pytest
from refresh_helpers import LAST, PREV, REPO, fresh_base, rules, sha256, snapshot_stat

from grassroots.store import snapshots
from grassroots.store.pipeline import run_refresh
from grassroots.catalogue.tables import TABLES


@pytest.fixture
def base(demo_base, tmp_path):
    return fresh_base(demo_base, tmp_path)


@pytest.fixture
def published(base, week_inbox):
    result = run_refresh(week_inbox, LAST, base=base)
    assert result.ok, result.problems
    return result


def test_snapshot_is_published_under_its_as_of_date(published, base):
    assert published.snapshot == base / "snapshots" / LAST.isoformat()
    assert [s.as_of for s in snapshots.list_snapshots(base)] == [PREV, LAST]


def test_manifest_describes_the_week(published):
    m = published.manifest
    assert m["as_of"] == LAST.isoformat()
    assert m["previous_snapshot"] == PREV.isoformat()
    assert m["demo"] is True
    assert m["validation"]["passed"] is True
    assert m["validation"]["problems"] == 0
    assert m["code_version"].startswith("schema v")
    assert set(m["tables"]) == set(TABLES)


def test_row_counts_match_the_parquet_files(published):
    counts = published.manifest["row_counts"]
    assert set(counts) == set(TABLES)
    for name, n in counts.items():
        assert pl.read_parquet(published.snapshot / f"{name}.parquet").height == n, name
    assert counts["grids"] == 6158 and counts["units"] == 1523


def test_checksums_match_the_files(published):
    checksums = published.manifest["checksums"]
    on_disk = {str(p.relative_to(published.snapshot)) for p in published.snapshot.rglob("*.parquet")}
    tables = {f"{name}.parquet" for name in TABLES}
    history = {f"history/{t.name}.parquet" for t in TABLES.values() if t.history} | {"history/figures.parquet"}
    assert set(checksums) == on_disk == tables | history
    for fname, digest in checksums.items():
        assert len(digest) == 64
        assert sha256(published.snapshot / fname) == digest, fname


def test_sources_list_every_inbox_file_with_its_encoding(published, week_inbox):
    sources = {s["file"]: s for s in published.manifest["sources"]}
    inbox_files = {p.name for p in week_inbox.iterdir() if p.suffix in (".csv", ".xlsx")}
    assert set(sources) == inbox_files
    assert {s["encoding"] for s in sources.values()} == {"gbk", "utf-8", "xlsx"}
    assert sources["grids.csv"]["encoding"] == "gbk"
    assert sources["units.csv"]["encoding"] == "utf-8"
    assert sources["workforce.xlsx"]["encoding"] == "xlsx"
    assert sum(1 for f in sources if f.startswith("volunteer_sessions__")) == 10
    for fname, s in sources.items():
        assert s["sha256"] == sha256(week_inbox / fname), fname
    assert published.manifest["validation"]["files"] == len(inbox_files)


def test_event_tables_accumulate_on_the_previous_snapshot(published, base, week_inbox):
    prev = pl.read_parquet(base / "snapshots" / PREV.isoformat() / "legal_aid_cases.parquet")
    now = pl.read_parquet(published.snapshot / "legal_aid_cases.parquet")
    this_week = {s["file"]: s["rows"] for s in published.manifest["sources"]}["legal_aid_cases.csv"]
    assert this_week > 0
    assert now.height == prev.height + this_week
    assert set(prev["case_id"]) < set(now["case_id"])
    # a report table replaces last week's instead
    assert published.manifest["row_counts"]["units"] == {s["file"]: s["rows"] for s in published.manifest["sources"]}["units.csv"]


def test_no_staging_folder_is_left_behind(published, base):
    names = [p.name for p in (base / "snapshots").iterdir()]
    assert sorted(names) == [PREV.isoformat(), LAST.isoformat()]
    assert not [n for n in names if n.startswith(".")]


def test_same_inbox_gives_identical_parquet_files(demo_base, tmp_path, week_inbox):
    results = []
    for name in ("one", "two"):
        r = run_refresh(week_inbox, LAST, base=fresh_base(demo_base, tmp_path, name))
        assert r.ok, r.problems
        results.append(r)
    a, b = results
    assert a.manifest["checksums"] == b.manifest["checksums"]
    for fname in a.manifest["checksums"]:
        assert (a.snapshot / fname).read_bytes() == (b.snapshot / fname).read_bytes(), fname


def test_second_run_refuses_to_overwrite(published, base, week_inbox):
    before = snapshot_stat(published.snapshot)
    again = run_refresh(week_inbox, LAST, base=base)
    assert not again.ok and again.snapshot is None
    assert rules(again) == ["snapshot_exists"]
    assert LAST.isoformat() in again.problems[0].file
    assert snapshot_stat(published.snapshot) == before


def test_force_replaces_the_snapshot(published, base, week_inbox):
    old_published_at = published.manifest["published_at"]
    again = run_refresh(week_inbox, LAST, base=base, force=True)
    assert again.ok, again.problems
    assert again.snapshot == published.snapshot
    assert again.manifest["checksums"] == published.manifest["checksums"]
    assert again.manifest["published_at"] >= old_published_at
    assert snapshots.verify(snapshots.list_snapshots(base)[-1]) == []
    assert sorted(p.name for p in (base / "snapshots").iterdir()) == [PREV.isoformat(), LAST.isoformat()]


def test_cli_publishes_and_prints_a_summary(base, week_inbox):
    out = subprocess.run(
        [sys.executable, "refresh.py", "--inbox", str(week_inbox), "--as-of", LAST.isoformat(),
         "--data-dir", str(base)], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert f"已发布快照 {LAST.isoformat()}" in out.stdout
    assert "网格" in out.stdout and "6158" in out.stdout
    assert "校验通过" in out.stdout and "示例数据" in out.stdout
    manifest = base / "snapshots" / LAST.isoformat() / "manifest.json"
    assert manifest.is_file()


def test_cli_help_explains_the_options_with_an_example():
    out = subprocess.run([sys.executable, "refresh.py", "--help"], cwd=REPO, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    for option in ("--inbox", "--as-of", "--force", "--templates", "--data-dir"):
        assert option in out.stdout, option
    assert "python refresh.py --inbox" in out.stdout
    assert "grids" in out.stdout  # the list of report files it expects
