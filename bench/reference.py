"""The figures a view must show, from AppTest: the reference the load test's readings are held to.

For each (page, district code, language) a fresh AppTest session opens the page with that district
and language in its URL and lists the values of its figure cards (app/drawn/cards.py), the same strings a browser shows
in `.gk-value`. It runs in its own process over the same data folder, so
nothing of the served app's state can leak into it.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from bench.common import APP, PAGE_SCRIPTS, REPO


def worker(views: list[tuple[str, str, str]]) -> dict:
    logging.disable(logging.WARNING)
    from streamlit.testing.v1 import AppTest

    from app.drawn.cards import shown

    out = {}
    for name, code, lang in views:
        at = AppTest.from_file(str(APP), default_timeout=600)
        at.query_params["district"] = code
        at.query_params["lang"] = lang
        at.switch_page(PAGE_SCRIPTS[name])
        at.run()
        if at.exception:
            raise RuntimeError(f"{name} {code} {lang}: {[e.value for e in at.exception]}")
        out["|".join((name, code, lang))] = [value for e in at.get("html") for _, value in shown(e.proto.body)]
    return out


def compute(data_dir: Path, views: list[tuple[str, str, str]], timeout: float = 1800) -> dict[tuple, list[str]]:
    done = subprocess.run([sys.executable, "-m", "bench.reference"], input=json.dumps(views), cwd=REPO,
                          env={**os.environ, "GRASSROOTS_DATA_DIR": str(data_dir)}, capture_output=True, text=True,
                          timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"reference figures failed:\n{done.stderr[-3000:]}")
    return {tuple(k.split("|")): v for k, v in json.loads(done.stdout.strip().splitlines()[-1]).items()}


if __name__ == "__main__":
    print(json.dumps(worker([tuple(v) for v in json.load(sys.stdin)]), ensure_ascii=False))
