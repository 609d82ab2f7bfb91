"""Faults a server really has: a full disk, a read-only folder, two refreshes at once, a damaged
snapshot, a run killed half-way. The earlier snapshots are never touched, and nothing half-written
is ever listed or served."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import polars as pl
import pytest
from refresh_helpers import LAST, PREV, fresh_base, rules, snapshot_tree

from grassroots.store import snapshots
from grassroots.store.pipeline import run_refresh

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def base(demo_base, tmp_path):
    return fresh_base(demo_base, tmp_path)


def _failing_writer(monkeypatch, err: int, after: int):
    """Make the Parquet writer fail with `err` after `after` files (as a full or read-only disk does)."""
    real = snapshots.write_table
    written = []

    def write(frame, out):
        if len(written) == after:
            raise OSError(err, os.strerror(err), str(out))
        written.append(out)
        real(frame, out)

    monkeypatch.setattr(snapshots, "write_table", write)
    return written


@pytest.mark.parametrize(("err", "words"), [(errno.ENOSPC, "磁盘空间已满"), (errno.EROFS, "只读")])
def test_disk_full_or_read_only_mid_write_publishes_nothing(base, week_inbox, monkeypatch, err, words):
    before = snapshot_tree(base)
    written = _failing_writer(monkeypatch, err, after=5)
    result = run_refresh(week_inbox, LAST, base=base)
    assert len(written) == 5  # it really was half-way through
    assert rules(result) == ["write_failed"]
    assert words in result.problems[0].message and errno.errorcode[err] in result.problems[0].message
    assert snapshot_tree(base) == before  # no staging folder left, earlier snapshot intact
    assert [s.as_of for s in snapshots.list_snapshots(base)] == [PREV]

    monkeypatch.undo()
    again = run_refresh(week_inbox, LAST, base=base)  # the next run starts over cleanly
    assert again.ok, again.problems
    assert [s.as_of for s in snapshots.list_snapshots(base)] == [PREV, LAST]


# Root writes through file modes by its capabilities; without them (setpriv, util-linux) the modes
# of a folder root owns bind root too. So the check runs the same way as root (CI containers) or not.
_NO_OVERRIDE = "-dac_override,-dac_read_search,-fowner"
_REFRESH = """
import datetime, json, sys
from pathlib import Path
from grassroots.store.pipeline import run_refresh
result = run_refresh(Path(sys.argv[1]), datetime.date.fromisoformat(sys.argv[2]), base=Path(sys.argv[3]))
print(json.dumps([p.rule for p in result.problems]))
"""


def test_really_read_only_data_folder(base, week_inbox):
    """The snapshots folder's mode really refuses the write, in a process that cannot override it."""
    before = snapshot_tree(base)
    os.chmod(base / "snapshots", 0o555)
    try:
        done = subprocess.run(
            ["setpriv", f"--inh-caps={_NO_OVERRIDE}", f"--bounding-set={_NO_OVERRIDE}",
             sys.executable, "-c", _REFRESH, str(week_inbox), LAST.isoformat(), str(base)],
            cwd=ROOT, capture_output=True, text=True, timeout=300,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    finally:
        os.chmod(base / "snapshots", 0o755)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == ["write_failed"]
    assert snapshot_tree(base) == before


def test_a_second_refresh_while_one_runs_is_refused(base, week_inbox):
    with snapshots.refresh_lock(base):
        result = run_refresh(week_inbox, LAST, base=base)
    assert rules(result) == ["refresh_running"]
    assert f"进程 {os.getpid()}" in result.problems[0].message
    assert [s.as_of for s in snapshots.list_snapshots(base)] == [PREV]
    assert run_refresh(week_inbox, LAST, base=base).ok  # the lock is released


def test_two_refreshes_at_once_one_publishes_one_refuses(base, week_inbox, tmp_path):
    import shutil

    other = tmp_path / "other-inbox"
    shutil.copytree(week_inbox, other)
    results = {}
    barrier = threading.Barrier(2)

    def run(name, inbox):
        barrier.wait()
        results[name] = run_refresh(inbox, LAST, base=base)

    threads = [threading.Thread(target=run, args=(n, i)) for n, i in (("a", week_inbox), ("b", other))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    outcomes = sorted("ok" if r.ok else ",".join(rules(r)) for r in results.values())
    # Either both ran one after the other (the second finds the snapshot published) or one was refused.
    assert outcomes in (["ok", "refresh_running"], ["ok", "snapshot_exists"])
    assert [s.as_of for s in snapshots.list_snapshots(base)] == [PREV, LAST]


def test_leftovers_of_a_killed_run_are_swept(base, week_inbox):
    root = base / "snapshots"
    (root / f".staging-{LAST.isoformat()}-999").mkdir()
    (root / f".staging-{LAST.isoformat()}-999" / "units.parquet").write_bytes(b"half")
    # a forced replacement killed between moving the old snapshot aside and moving the new one in
    os.rename(root / PREV.isoformat(), root / f".replaced-{PREV.isoformat()}-998")
    assert snapshots.list_snapshots(base) == []
    result = run_refresh(week_inbox, LAST, base=base)
    assert result.ok, result.problems
    assert sorted(p.name for p in root.iterdir()) == [PREV.isoformat(), LAST.isoformat()]
    assert all(s.ok for s in snapshots.list_snapshots(base, deep=True))


@pytest.mark.parametrize("damage", ["truncate", "delete", "flip", "manifest"])
def test_a_damaged_snapshot_is_marked_and_not_built_upon(base, week_inbox, damage):
    folder = base / "snapshots" / PREV.isoformat()
    victim = folder / "volunteer_sessions.parquet"
    if damage == "truncate":
        victim.write_bytes(victim.read_bytes()[:100])
    elif damage == "delete":
        victim.unlink()
    elif damage == "flip":
        data = bytearray(victim.read_bytes())
        data[len(data) // 2] ^= 0xFF
        victim.write_bytes(bytes(data))
    else:
        manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
        manifest["checksums"]["volunteer_sessions.parquet"] = "0" * 64
        (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    [listed] = snapshots.list_snapshots(base, deep=True)
    assert listed.damaged == ("volunteer_sessions.parquet",) and not listed.ok
    result = run_refresh(week_inbox, LAST, base=base)
    assert rules(result) == ["previous_damaged"]  # events would be added to a broken history
    assert "volunteer_sessions.parquet" in result.problems[0].message


def test_force_replacement_is_one_atomic_exchange(base, week_inbox):
    first = run_refresh(week_inbox, LAST, base=base)
    assert first.ok
    frames = {n: pl.read_parquet(first.snapshot / f"{n}.parquet").drop("snapshot_date") for n in first.manifest["row_counts"]}
    frames["grids"] = frames["grids"].head(10)
    snapshots.publish(LAST, frames, {"demo": True}, base=base, force=True)
    names = sorted(p.name for p in (base / "snapshots").iterdir())
    assert names == [PREV.isoformat(), LAST.isoformat()]  # no .replaced-* left behind
    assert snapshots.list_snapshots(base)[-1].manifest["row_counts"]["grids"] == 10


@pytest.mark.parametrize("n", [1, 2, 3, 30])
def test_the_recent_snapshots_are_the_listing_s_last_undamaged_ones(demo_base, tmp_path, n):
    """snapshots.recent checks from the newest only as many as it needs, and finds what the whole
    listing finds: the last n undamaged snapshots up to a day, a damaged one passed over."""
    base = tmp_path / "data"
    shutil.copytree(demo_base / "snapshots", base / "snapshots")
    dates = [s.as_of for s in snapshots.list_snapshots(base)]
    victim = base / "snapshots" / dates[-2].isoformat() / "volunteer_sessions.parquet"
    victim.write_bytes(victim.read_bytes()[:100])  # truncated: the listing marks the snapshot damaged
    listed = snapshots.list_snapshots(base)
    assert [s.as_of for s in listed if not s.ok] == [dates[-2]]
    for up_to in (dates[0], dates[-3], dates[-2], dates[-1], None):
        expected = [s for s in listed if s.ok and (up_to is None or s.as_of <= up_to)][-n:]
        assert [(s.as_of, s.path) for s in snapshots.recent(base, up_to, n)] == [(s.as_of, s.path) for s in expected]
