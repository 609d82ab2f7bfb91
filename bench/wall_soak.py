"""The wall screen left running: does it grow in memory or drift? (issue 20)

A week on the wall is about 20,000 turns of a page every 30 s. The soak compresses it: the wall
(`/overview?wall=1&every=10`, served as deployed) runs in Chromium at 1920×1080 for `minutes`,
turning a page every 10 s (six a minute), while every `every` seconds it samples the tab's
JavaScript heap and DOM nodes (after a garbage collection, through the DevTools protocol) and the
app's RSS. Memory must level off: the last third of the samples may not exceed the middle third's
peak by more than GROWTH (DOM nodes are reported, not judged: pages differ), and the turns must keep
to the clock: their mean period within PERIOD_SLACK of `every`, so that no lag adds up over a week.

    python -m bench.wall_soak --minutes 10     # on the (1, 26) dataset of bench/data
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from bench.common import CHROMIUM, CHROMIUM_ARGS, SERVED_APP, RssWatch, serve
from bench.datasets import Dataset

EVERY = 10  # seconds a page is shown (the wall's shortest)
SAMPLE_EVERY = 20
GROWTH = 0.10  # the most the late samples may exceed the middle ones (a level, not a slope)
PERIOD_SLACK = 0.5  # seconds the mean time between turns may differ from EVERY


def measure(data_dir: Path, minutes: float, log=print) -> dict:
    from playwright.sync_api import sync_playwright

    samples: list[dict] = []
    turns, last_path, turned = 0, None, []
    with serve(SERVED_APP, data_dir, "wall-soak") as app, RssWatch(app.proc.pid) as rss, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        page.goto(f"{app.url}/overview?wall=1&every={EVERY}")
        page.wait_for_selector(".wall-bar", timeout=120_000)
        started = time.monotonic()
        next_sample = started
        while (elapsed := time.monotonic() - started) < minutes * 60:
            path = page.evaluate("location.pathname")
            if last_path is not None and path != last_path:
                turns += 1
                turned.append(elapsed)
            last_path = path
            if time.monotonic() >= next_sample:
                cdp.send("HeapProfiler.collectGarbage")
                metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
                samples.append({"s": round(elapsed), "heap_bytes": metrics.get("JSHeapUsedSize"),
                                "nodes": metrics.get("Nodes"), "app_rss_bytes": rss.sample()[0], "turns": turns})
                log(f"  wall soak {elapsed:5.0f} s: heap {samples[-1]['heap_bytes'] / 1e6:.1f} MB, "
                    f"{samples[-1]['nodes']:.0f} nodes, app {samples[-1]['app_rss_bytes'] / (1 << 20):.0f} MiB, {turns} turns")
                next_sample += SAMPLE_EVERY
            page.wait_for_timeout(250)
        elapsed = time.monotonic() - started
        errors = page.locator('[data-testid="stException"]').count()
        browser.close()
    period = (turned[-1] - turned[0]) / (len(turned) - 1) if len(turned) > 1 else None
    return {"minutes": minutes, "every_s": EVERY, "samples": samples, "turns": turns, "mean_period_s": period,
            "period_ok": period is not None and abs(period - EVERY) <= PERIOD_SLACK, "exceptions": errors,
            **{f"{k}_growth": growth([s[k] for s in samples]) for k in ("heap_bytes", "nodes", "app_rss_bytes")}}


def growth(values: list[float]) -> float | None:
    """How far the last third of the samples rises above the middle third's peak (0.05: 5 %)."""
    values = [v for v in values if v is not None]
    if len(values) < 6:
        return None
    third = len(values) // 3
    middle, late = values[third:2 * third], values[2 * third:]
    return max(late) / max(middle) - 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--dataset", type=Dataset.parse, default=Dataset.parse("1x26"))
    args = parser.parse_args()
    out = measure(args.dataset.path, args.minutes)
    print(json.dumps({k: v for k, v in out.items() if k != "samples"}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
