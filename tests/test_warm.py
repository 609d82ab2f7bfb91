"""The server's warm-up at start (app/warm.py): every page's modules imported, the newest snapshot
opened, and what is loaded for good set aside from the collector. Run in a fresh interpreter each
time: the point is what a process that has served nobody yet holds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app import warm
from app.navigation import PAGES

REPO = Path(__file__).resolve().parent.parent
PROBE = """
import gc, json, sys, time
from app import warm
started = time.perf_counter()
warm.preload()
from queries import db
print(json.dumps({
    "tracked": len(gc.get_objects()),
    "frozen": gc.get_freeze_count(),
    "modules": sorted(m for m in warm.modules(["dashboard.py", *(p.path for p in warm.PAGES)]) if m in sys.modules),
    "libraries": [m for m in ("duckdb", "polars", "plotly") if m in sys.modules],
    "cached": sorted({key[0] for key in db._results}),
    "connections": db._connection.cache_info().currsize,
}))
"""


def _probe(data_dir: Path) -> dict:
    env = {**os.environ, "GRASSROOTS_DATA_DIR": str(data_dir)}
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_modules_are_read_from_the_pages_own_imports(tmp_path):
    names = warm.modules(["dashboard.py", *(spec.path for spec in PAGES)])
    assert {"streamlit", "polars", "app.ui", "app.drawn.cards", "queries.db", "grassroots.sandbox.sql"} <= set(names)
    page = tmp_path / "page.py"
    page.write_text("import json\nfrom html import escape as e\nfrom . import nothing\n", encoding="utf-8")
    assert warm.modules([str(page)]) == ["json", "html", "html.escape"]  # a relative import is the page's own


def test_a_started_server_has_imported_the_pages_opened_the_newest_snapshot_and_frozen_the_rest(demo_base):
    seen = _probe(demo_base)
    assert {"polars", "app.ui", "app.drawn.table", "grassroots.outputs.brief"} <= set(seen["modules"])
    assert seen["libraries"] == ["duckdb", "polars", "plotly"]
    assert seen["cached"] == ["districts"] and seen["connections"] == 1
    assert seen["frozen"] > 50_000 and seen["tracked"] < 1_000  # the next full collection walks almost nothing


def test_a_server_without_data_still_starts(tmp_path):
    seen = _probe(tmp_path / "nothing-here")
    assert seen["cached"] == [] and seen["connections"] == 0 and seen["frozen"] > 50_000
