"""`make bench`: how fast the dashboard is at (scale 1, 26 weeks), (1, 520), (100, 26) and (100, 520).

    python -m bench.run                                  # every dataset that is built; starts missing builds
    python -m bench.run --datasets 1x26 1x520 --quick    # fewer samples, a shorter load test
    python -m bench.run --datasets 1x26 --no-load --profile

For each dataset (built once into bench/data/, see bench/datasets.py):

- AppTest, each page and an empty Streamlit page in the same loop, each sample a fresh process:
  cold, warm, a new session, a district change (bench/apptest_timing.py says exactly what each is);
- Chromium: time to ready of each page and of the empty page, first visits after a restart, the
  district change, and the served app's RSS (bench/browser_timing.py);
- the query layer's cache-hit cost (bench/cache_timing.py);
- one week's refresh (bench/refresh_timing.py);

once, the refresh of a week whose grids report has 2 M rows, its peak memory (bench/big_report.py);
the wall screen left running, its memory and its turns against the clock (bench/wall_soak.py);
and once, on the largest dataset measured (or --load-dataset), the load test: 20 Chromium
sessions and a runaway SQL-box analyst (bench/load.py). One table of medians and ratios, computed
within this run, is printed and written with everything measured to bench/results/<time>.json and
bench/results/latest.json. Datasets not built yet are built in the background (log in
bench/data/logs/) and measured by a later run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time

import psutil

from bench import (apptest_timing, big_report, browser_timing, cache_timing, datasets, load, refresh_timing, report,
                   wall_soak)
from bench.common import DATA, PAGE_SCRIPTS, RESULTS
from bench.datasets import Dataset


def log(text: str) -> None:
    print(text, flush=True)


def machine() -> dict:
    return {"python": platform.python_version(), "cpus": os.cpu_count(), "memory_bytes": psutil.virtual_memory().total,
            "load_average_at_start": os.getloadavg(), "platform": platform.platform()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datasets", nargs="+", type=Dataset.parse, default=datasets.DEFAULT,
                        help="scale x weeks, e.g. 1x26 100x520 (default: 1x26 1x520 100x26 100x520)")
    parser.add_argument("--quick", action="store_true", help="2 samples, 30 s load phases: to try the harness")
    parser.add_argument("--samples", type=int, default=None, help="samples per page (default 5, --quick 2)")
    parser.add_argument("--sessions", type=int, default=20, help="leaders in the load test")
    parser.add_argument("--load-seconds", type=float, default=None, help="length of each load phase (default 90, --quick 30)")
    parser.add_argument("--load-dataset", type=Dataset.parse, default=None, help="dataset of the load test (default: the largest measured)")
    parser.add_argument("--no-load", action="store_true")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--profile", action="store_true", help="pyinstrument profiles of each page's cold and warm run")
    parser.add_argument("--no-big-report", action="store_true", help="skip the refresh of a 2 M-row report")
    parser.add_argument("--wall-minutes", type=float, default=10, help="the wall screen's soak (0: skip)")
    parser.add_argument("--wait", action="store_true", help="wait for datasets still building instead of skipping them")
    args = parser.parse_args(argv)
    samples = args.samples or (2 if args.quick else 5)
    load_seconds = args.load_seconds or (30 if args.quick else 90)
    pages = list(PAGE_SCRIPTS)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    started = time.monotonic()

    ready = []
    for ds in args.datasets:
        if ds.ready():
            if ds.stale():
                log(f"warning: {datasets.status_line(ds)}")
            ready.append(ds)
            continue
        if ds.building() is None and ds.scale * ds.weeks <= 52:  # small: build now (about a minute)
            datasets.build(ds, log=log)
            ready.append(ds)
            continue
        pid = datasets.build_in_background(ds)
        if args.wait:
            log(f"waiting for {ds.label} (pid {pid}, log {ds.log})")
            while not ds.ready() and ds.building():
                time.sleep(30)
            if ds.ready():
                ready.append(ds)
                continue
        log(f"skipping {datasets.status_line(ds)}")
    if not ready:
        log("no dataset is ready")
        return 1

    run: dict = {"started_at": stamp, "machine": machine(), "samples": samples, "pages": pages,
                 "order": [ds.key for ds in ready], "datasets": {}, "skipped": [ds.key for ds in args.datasets if ds not in ready]}
    for ds in ready:
        log(f"== {ds.label}: {ds.path}")
        out = run["datasets"][ds.key] = {"info": ds.info(), "snapshots": ds.published()}
        profile = DATA / "profiles" / f"{stamp}-{ds.name}" if args.profile else None
        out["apptest"] = apptest_timing.measure(ds.path, samples, pages, log=log, profile_dir=profile)
        out["cache"] = cache_timing.measure(ds.path)
        log(f"  cache hit: run {report._s(out['cache'].get('run_hit_median_s'))}, "
            f"snapshot_list {report._s(out['cache'].get('snapshot_list_hit_s'))}")
        out["refresh"] = refresh_timing.measure(ds, max(1, min(samples, 3)), log=log)
        if not args.no_browser:
            out["browser"] = browser_timing.measure(ds.path, samples, pages, log=log, tag=f"-{ds.name}")
    if not args.no_big_report:
        log("== the refresh of a 2 M-row report (bench/big_report.py)")
        run["big_report"] = big_report.measure(log=log)
    if args.wall_minutes and ready:
        log(f"== the wall screen left running: {args.wall_minutes:g} minutes, a page every {wall_soak.EVERY} s")
        run["wall_soak"] = wall_soak.measure(ready[0].path, args.wall_minutes, log=log)
    if not args.no_load:
        target = args.load_dataset if args.load_dataset in ready else ready[-1]
        log(f"== load: {args.sessions} sessions on {target.label}, {load_seconds:.0f} s a phase")
        run["load"] = load.measure(target.path, args.sessions, load_seconds, log=log)
        run["load"]["dataset"] = target.key
    run["seconds"] = round(time.monotonic() - started)
    run["targets"] = report.targets(run)
    run["table"] = report.table(run)

    RESULTS.mkdir(parents=True, exist_ok=True)
    text = json.dumps(run, indent=1, ensure_ascii=False, default=str)
    (RESULTS / f"{stamp}.json").write_text(text + "\n", encoding="utf-8")
    (RESULTS / "latest.json").write_text(text + "\n", encoding="utf-8")
    log("")
    log(run["table"])
    log("")
    log(report.targets_text(run))
    log(f"\nwritten: bench/results/{stamp}.json and bench/results/latest.json ({run['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
