"""Page times under AppTest (no browser): cold, warm, a new session, a district change.

One sample of one page is one fresh Python process (`python -m bench.apptest_timing --worker`),
so Streamlit's caches, the query layer's result and connection caches and every module-level
cache start empty. In that process, with Streamlit and AppTest already imported (not timed):

- cold: `AppTest.from_file("dashboard.py")`, `switch_page(<page>)`, `run()` — the first view of
  the page in a fresh app process; it includes importing the app's own modules (DuckDB, Polars,
  Plotly, the views), opening the snapshot and every query the page runs.
- warm: `run()` again on the same AppTest, `--warm` times (their median): the rerun of the same
  page in the same session, every cache filled (what any widget interaction costs at least).
- new session: a second AppTest in the same process opening the page: a second leader opening
  the page on a warm app.
- element floor: the number of elements the page sent, and the warm time of a script sending as
  many one-word st.markdown elements (Streamlit's and AppTest's own cost for a page that size).
- district change: on the first AppTest, the sidebar's district set to the first district (never
  chosen before in this process, so its queries miss the cache) and run.

The empty page (bench/empty_app.py) is measured the same way in the same loop, one process per
sample, so its numbers share the machine's state of that moment with the pages'.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.common import APP, EMPTY_APP, PAGE_SCRIPTS, REPO, median

EMPTY = "empty"


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _profile_script_runs(folder: Path) -> dict:
    """Profile the script runs themselves: AppTest runs the script in a thread of its own, which a
    profiler started in this thread would not see. Each run whose label is set is written to
    <folder>/<label>.txt (pyinstrument's text report, the app's own frames)."""
    from pyinstrument import Profiler
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    folder.mkdir(parents=True, exist_ok=True)
    state: dict = {"label": None}
    original = ScriptRunner._run_script

    def run_script(self, rerun_data):
        label = state["label"]
        if label is None:
            return original(self, rerun_data)
        profiler = Profiler(interval=0.001)
        profiler.start()
        try:
            return original(self, rerun_data)
        finally:
            profiler.stop()
            (folder / f"{label}.txt").write_text(profiler.output_text(unicode=True, show_all=False))

    ScriptRunner._run_script = run_script
    return state


def _elements(node) -> int:
    children = getattr(node, "children", None)
    return sum(1 + _elements(c) for c in children.values()) if isinstance(children, dict) else 0


def element_floor(at, warm: int) -> tuple[int, float]:
    """How many elements the page's run sent, and the warm time of a script that sends as many
    one-word st.markdown elements: what Streamlit and AppTest cost for that page whatever it shows."""
    from streamlit.testing.v1 import AppTest

    n = _elements(at._tree)
    floor = AppTest.from_string(f"import streamlit as st\nfor _ in range({n}):\n    st.markdown('x')\n")
    floor.run()
    return n, median(_timed(floor.run) for _ in range(max(warm, 1)))


def worker(target: str, warm: int, profile_dir: Path | None) -> dict:
    logging.disable(logging.WARNING)  # "missing ScriptRunContext" and friends
    from streamlit.testing.v1 import AppTest

    def open_page():
        if target == EMPTY:
            return AppTest.from_file(str(EMPTY_APP), default_timeout=600)
        at = AppTest.from_file(str(APP), default_timeout=600)
        at.switch_page(PAGE_SCRIPTS[target])
        return at

    def errors(at) -> list[str]:
        return [str(e.value)[:300] for e in at.exception]

    out: dict = {"target": target, "errors": []}
    profiled = _profile_script_runs(profile_dir) if profile_dir is not None else None
    holder = {}
    if profiled is not None:
        profiled["label"] = f"{target}-cold"
    out["cold_s"] = _timed(lambda: holder.setdefault("at", open_page()).run())
    at = holder["at"]
    out["errors"] += errors(at)
    samples = []
    for i in range(warm):
        if profiled is not None:
            profiled["label"] = f"{target}-warm" if i == warm - 1 else None
        samples.append(_timed(at.run))
    if profiled is not None:
        profiled["label"] = None
    out["warm_samples_s"] = samples
    out["warm_s"] = median(samples)
    out["errors"] += errors(at)
    if target != EMPTY:
        out["elements"], out["floor_s"] = element_floor(at, warm)
    second = open_page()
    out["new_session_s"] = _timed(second.run)
    out["errors"] += errors(second)
    if target != EMPTY:
        from app import ui

        at.session_state[ui.CHOICES] = True  # the reader opens the choices (not timed): their selectboxes are sent
        at.run()
        box = at.selectbox(key="district")  # options: the whole city, then the districts
        out["district"] = box.options[1]
        out["district_change_s"] = _timed(lambda: box.select_index(1).run())
        out["errors"] += errors(at)
    return out


def sample(target: str, data_dir: Path, warm: int = 3, profile_dir: Path | None = None, timeout: float = 1800) -> dict:
    """One sample of one page in a fresh process."""
    argv = [sys.executable, "-m", "bench.apptest_timing", "--worker", target, "--warm", str(warm)]
    if profile_dir is not None:
        profile_dir.mkdir(parents=True, exist_ok=True)
        argv += ["--profile", str(profile_dir)]
    env = {**os.environ, "GRASSROOTS_DATA_DIR": str(data_dir)}
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        return {"target": target, "errors": [f"worker exit {done.returncode}: {done.stderr[-2000:]}"]}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_s"] = time.perf_counter() - started
    return result


def measure(data_dir: Path, samples: int, pages: list[str], log=print, profile_dir: Path | None = None) -> dict:
    """Every page and the empty page, `samples` fresh processes each, interleaved: sample i of
    every target runs before sample i+1 of any, so a busy minute on the machine hits all alike."""
    targets = [EMPTY, *pages]
    runs: dict[str, list[dict]] = {t: [] for t in targets}
    for i in range(samples):
        for target in targets:
            r = sample(target, data_dir)
            runs[target].append(r)
            log(f"  apptest sample {i + 1}/{samples} {target:14} cold {r.get('cold_s', float('nan')):6.2f} s  "
                f"warm {r.get('warm_s', float('nan')):6.3f} s  errors {len(r['errors'])}")
    if profile_dir is not None:
        for target in targets:
            sample(target, data_dir, profile_dir=profile_dir)
        log(f"  pyinstrument profiles (cold and warm run of each page) in {profile_dir}")
    summary = {}
    for target, rs in runs.items():
        clean = [r for r in rs if not r["errors"]]  # a run that raised stops early: its time says nothing
        summary[target] = {
            "cold_s": median(r.get("cold_s") for r in clean),
            "warm_s": median(r.get("warm_s") for r in clean),
            "elements": median(r.get("elements") for r in clean),
            "floor_s": median(r.get("floor_s") for r in clean),
            "new_session_s": median(r.get("new_session_s") for r in clean),
            "district_change_s": median(r.get("district_change_s") for r in clean),
            "clean_samples": len(clean),
            "errors": [e for r in rs for e in r["errors"]],
            "samples": rs,
        }
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description="One AppTest sample (worker) or all pages of one data folder.")
    parser.add_argument("--worker", metavar="TARGET", help="'empty' or a page's url_path")
    parser.add_argument("--warm", type=int, default=3)
    parser.add_argument("--profile", type=Path, default=None)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--samples", type=int, default=3)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.warm, args.profile)))
        return
    data_dir = args.data_dir or Path(os.environ["GRASSROOTS_DATA_DIR"])
    result = measure(data_dir, args.samples, list(PAGE_SCRIPTS))
    print(json.dumps({k: {kk: vv for kk, vv in v.items() if kk != "samples"} for k, v in result.items()}, indent=2))


if __name__ == "__main__":
    main()
