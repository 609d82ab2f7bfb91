"""One snapshot replaced (--force) while readers query it: every result belongs to one version of
the snapshot or the reader is told to read again; never a mix."""

from __future__ import annotations

import threading
import time

import polars as pl
import tiny

from grassroots.access.scope import CITY
from grassroots.store import snapshots
from queries import db


def test_readers_never_mix_two_versions_of_a_snapshot(tmp_path):
    base = tmp_path / "data"
    versions = {}
    frames = tiny.frames(2)
    for mark in ("", "（新）"):  # two versions of week 2, differing in two files: the units' names, and grids
        version = {k: v.clone() for k, v in frames.items()}
        version["units"] = version["units"].with_columns(pl.col("unit_name") + mark)
        version["grids"] = version["grids"].head(9 if not mark else 3)
        versions[mark] = version
    snapshots.publish(tiny.AS_OF[2], versions[""], {"demo": True}, base=base)
    stop = threading.Event()
    outcomes, errors = [], []

    def reader():  # units_by_street reads both files: the streets' names and their communities' grids
        while not stop.is_set():
            snap = db.snapshot_list(base)[-1]
            try:
                frame = db.run("units_by_street", snap, scope=CITY, district_code=None)
            except db.SnapshotChanged:
                outcomes.append("changed")
                continue
            except Exception as exc:  # anything else is a failure of the guarantee
                errors.append(repr(exc))
                continue
            outcomes.append((frame["street_name"].str.ends_with("（新）").all(), int(frame["grids"].sum())))

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    for i in range(12):  # the writer replaces the snapshot again and again, readers reading all the while
        snapshots.publish(tiny.AS_OF[2], versions["（新）" if i % 2 == 0 else ""], {"demo": True, "i": i}, base=base,
                          force=True)
        time.sleep(0.2)
    stop.set()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert set(outcomes) <= {(False, 9), (True, 3), "changed"}  # one version or the other, never a mix
    assert {(False, 9), (True, 3)} <= set(outcomes)
