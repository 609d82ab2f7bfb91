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
    for signs in (12, 40):  # two versions of week 2, differing in two files: signs per district, and grids
        version = {k: v.clone() for k, v in frames.items()}
        version["signage_cleanup"] = version["signage_cleanup"].with_columns(pl.lit(signs).alias("signs_removed"))
        version["grids"] = version["grids"].head(9 if signs == 12 else 3)
        versions[signs] = version
    snapshots.publish(tiny.AS_OF[2], versions[12], {"demo": True}, base=base)
    stop = threading.Event()
    outcomes, errors = [], []

    def reader():
        while not stop.is_set():
            snap = db.snapshot_list(base)[-1]
            try:
                frame = db.run("headline_figures", snap, scope=CITY, district_code=None)
            except db.SnapshotChanged:
                outcomes.append("changed")
                continue
            except Exception as exc:  # anything else is a failure of the guarantee
                errors.append(repr(exc))
                continue
            values = dict(zip(frame["figure_id"], frame["value"]))
            outcomes.append((values["signs_removed"], values["grids"]))

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    for i in range(12):  # the writer replaces the snapshot again and again, readers reading all the while
        snapshots.publish(tiny.AS_OF[2], versions[40 if i % 2 == 0 else 12], {"demo": True, "i": i}, base=base, force=True)
        time.sleep(0.2)
    stop.set()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert set(outcomes) <= {(120, 9), (400, 3), "changed"}  # one version or the other, never a mix
    assert {(120, 9), (400, 3)} <= set(outcomes)
