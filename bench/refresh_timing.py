"""One week's refresh: the last demo week published again with --force, as the Friday cron runs it.

The dataset is copied once (hard links, see bench/datasets.refresh_copy) and each sample runs
`python refresh.py --inbox <last week's inbox> --as-of <last week> --data-dir <copy> --force`
there: validation of every report, plausibility against the week before, the events added to the
previous snapshot's, history files, checksums, the atomic swap. Wall time of the whole command
(interpreter start included) and the process's peak RSS.
"""

from __future__ import annotations

import subprocess
import sys
import time

from bench.common import REPO, RssWatch, median
from bench.datasets import Dataset, last_week, refresh_copy


def measure(ds: Dataset, samples: int, log=print) -> dict:
    copy = refresh_copy(ds)
    week = last_week(ds)
    argv = [sys.executable, "refresh.py", "--inbox", str(copy / "demo_inbox" / week), "--as-of", week,
            "--data-dir", str(copy), "--force"]
    runs = []
    for i in range(samples):
        started = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        with RssWatch(proc.pid, interval=0.05) as rss:
            out, _ = proc.communicate(timeout=3600)
        elapsed = time.perf_counter() - started
        runs.append({"seconds": elapsed, "exit": proc.returncode, "peak_rss_bytes": rss.peak_total,
                     "tail": out.decode(errors="replace")[-600:] if proc.returncode else ""})
        log(f"  refresh sample {i + 1}/{samples}: {elapsed:.1f} s, exit {proc.returncode}, "
            f"peak {rss.peak_total / (1 << 20):.0f} MiB")
    ok = [r for r in runs if r["exit"] == 0]
    return {"week": week, "seconds": median(r["seconds"] for r in ok), "peak_rss_bytes": max((r["peak_rss_bytes"] for r in ok), default=None),
            "errors": [r["tail"] for r in runs if r["exit"] != 0], "samples": runs}
