"""What the server does once, when it starts, before it answers anyone: the first leader after a
restart should not pay for it, and no leader should pay for it again on every page.

1. **The pages' modules are imported.** Streamlit runs a page's script in its session's thread, so
   the first visit after a start imported DuckDB, Polars and the app's own modules (about 0.3 s on
   this machine). The modules are read from the frame's and the pages' own `import` lines
   (app/navigation.py lists the pages), so a page added there is covered without a list to keep.
2. **The newest snapshot is listed and opened**, as every page's sidebar opens it: the listing (0.2 s
   at 520 weeks), its DuckDB connection and its districts.
3. **What is loaded for good is set aside from the garbage collector** (`gc.freeze`). Streamlit
   collects garbage after every script run (`runner.postScriptGC`, kept: it returns a session's
   cycles promptly); a full collection walked every object the modules above created, 126,000 of
   them, 48 ms of every run of every page, spent after the page's last element and before the
   browser heard it was done. Frozen, they are not walked again; what the runs create still is.

A failure here (no data folder yet, a damaged snapshot) is logged and the server starts anyway: the
pages say what is wrong, as they do without the warm-up.
"""

from __future__ import annotations

import ast
import gc
import importlib
import logging
from pathlib import Path

from app.navigation import PAGES

REPO = Path(__file__).resolve().parent.parent
FRAME = "dashboard.py"
log = logging.getLogger(__name__)


def modules(scripts: list[str]) -> list[str]:
    """The absolute module names the scripts import (`import a.b`, `from a import b`: a, a.b)."""
    names: list[str] = []
    for script in scripts:
        tree = ast.parse((REPO / script).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names += [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
    return list(dict.fromkeys(names))


def _import(name: str) -> None:
    try:
        importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name != name:  # `from a import b` where b is a name, not a module, is fine
            log.exception("warm-up: %s could not be imported", name)
    except Exception:  # noqa: BLE001 - the page that imports it will say so; the server must start
        log.exception("warm-up: %s could not be imported", name)


def _open_newest() -> None:
    from grassroots.access.scope import CITY
    from queries.db import run, snapshot_list
    from grassroots.store import snapshots

    healthy = [s for s in reversed(snapshot_list()) if s.ok]
    if healthy:
        run("districts", snapshots.verified(healthy[0]), scope=CITY)


def preload() -> None:
    for name in modules([FRAME, *(spec.path for spec in PAGES)]):
        _import(name)
    try:
        _open_newest()
    except Exception:  # noqa: BLE001 - the pages report it; the server must start
        log.exception("warm-up: the newest snapshot could not be opened")
    gc.collect()
    gc.freeze()
