"""What a cache hit costs in the query layer, which every page run pays for each of its queries.

In a fresh process for one data folder: `queries.db.snapshot_list()` and `queries.db.run(name,
snapshot, **params)` on the latest snapshot are called once (filling the caches), then timed
`--calls` times each; the median per call is reported. Compared across (1, 26) and (1, 520), the
ratio says whether a hit's cost depends on how many snapshots exist (it should not).

    python -m bench.cache_timing --data-dir bench/data/scale1-weeks520
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.common import REPO, median

# A page's typical calls: the sidebar's districts, a page table with a district parameter.
CALLS = [("districts", {}), ("streets_by_district", {"district_code": None}),
         ("streets_by_district", {"district_code": "150102"})]


def _call(run, name: str, snapshot, base: Path, params: dict):
    """queries.db.run(name, snapshot, scope=CITY, **params); before the scope landed,
    run(name, snapshot, **params); before that, run(name, snapshot_date=...) over the data folder."""
    try:
        from grassroots.access.scope import CITY

        return run(name, snapshot, scope=CITY, **params)
    except (ImportError, TypeError):
        pass
    try:
        return run(name, snapshot, **params)
    except TypeError:
        return run(name, base=base, snapshot_date=snapshot.as_of, **params)


def worker(base: Path, calls: int) -> dict:
    from queries import db

    listed = db.snapshot_list(base)
    snapshot = listed[-1]
    out = {"snapshots": len(listed), "calls": calls}
    times = []
    for _ in range(calls):
        started = time.perf_counter()
        db.snapshot_list(base)
        times.append(time.perf_counter() - started)
    out["snapshot_list_hit_s"] = median(times)
    per_query = {}
    for name, params in CALLS:
        _call(db.run, name, snapshot, base, params)  # the miss that fills the cache
        times = []
        for _ in range(calls):
            started = time.perf_counter()
            _call(db.run, name, snapshot, base, params)
            times.append(time.perf_counter() - started)
        per_query[f"{name}({', '.join(f'{k}={v}' for k, v in params.items())})"] = median(times)
    out["run_hit_s"] = per_query
    out["run_hit_median_s"] = median(per_query.values())
    return out


def measure(base: Path, calls: int = 2000) -> dict:
    done = subprocess.run([sys.executable, "-m", "bench.cache_timing", "--data-dir", str(base), "--calls", str(calls)],
                          cwd=REPO, env={**os.environ, "GRASSROOTS_DATA_DIR": str(base)},
                          capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        return {"errors": [done.stderr[-2000:]]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--calls", type=int, default=2000)
    args = parser.parse_args()
    print(json.dumps(worker(args.data_dir, args.calls)))


if __name__ == "__main__":
    main()
