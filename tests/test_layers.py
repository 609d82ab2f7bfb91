"""The layers point one way, from the catalogue up to the pages: by import, and by the files a room
reads at runtime.

The rooms, lowest first (grassroots/__init__.py says what each holds):

    catalogue ← intake ← checks ← store ← access ← sandbox ← queries ← desk ← outputs ← push ← demo
              ← cli ← app ← views (dashboard.py, serve.py)

A room may use its own and lower rooms only. Imports are read from every module's syntax tree (a
lazy import inside a function counts). Files read at runtime are seen by an audit hook in a
process that runs the product through its paces — a refresh, every page query, the brief, the
desk's template, the SQL box, the overview under AppTest — and maps each file opened or listed to
its room and to the room of the code that opened it: a store module reading SQL kept under
queries/ is an upward edge, whatever the import graph says. Reference data (data/) is below every
room. Streamlit and Plotly are for app/ and views/ only.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ROOMS = ["catalogue", "intake", "checks", "store", "access", "sandbox", "queries", "desk", "outputs", "push", "demo",
         "cli", "app", "views"]
RANK = {room: i for i, room in enumerate(ROOMS)}
UI_ONLY = {"streamlit", "plotly"}


def room_of(rel: str) -> str | None:
    """The room of a repository path (a module or a file it reads), or None outside the product."""
    parts = Path(rel).parts
    if not parts:
        return None
    if parts[0] == "grassroots":
        if len(parts) > 1 and parts[1] in RANK:
            return parts[1]
        return "cli"  # the package's own __init__ and __main__: the command line's entry
    if parts[0] in ("queries", "app", "views"):
        return parts[0]
    if rel in ("dashboard.py", "serve.py"):
        return "views"
    if rel == "refresh.py":
        return "cli"
    if parts[0] == "data":
        return "data"
    return None


def _module_room(module: str) -> str | None:
    path = REPO / Path(*module.split("."))
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.exists():
            return room_of(candidate.relative_to(REPO).as_posix())
    return None


def imports(path: Path) -> set[str]:
    """Every module a file imports (absolute, as written; `from a import b` gives a and a.b)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def product_files() -> list[Path]:
    out = [REPO / f for f in ("dashboard.py", "serve.py", "refresh.py")]
    for folder in ("grassroots", "queries", "app", "views"):
        out += sorted((REPO / folder).rglob("*.py"))
    return out


def upward_imports() -> list[str]:
    wrong = []
    for path in product_files():
        rel = path.relative_to(REPO).as_posix()
        mine = room_of(rel)
        for module in sorted(imports(path)):
            top = module.split(".")[0]
            if top in UI_ONLY and RANK[mine] < RANK["app"]:
                wrong.append(f"{rel} ({mine}) imports {top}")
            # `from grassroots import desk` names the package too: the edge is to grassroots.desk
            other = _module_room(module) if top in ("grassroots", "queries", "app", "views") and module != top else None
            if other and RANK[other] > RANK[mine]:
                wrong.append(f"{rel} ({mine}) imports {module} ({other})")
    return wrong


def test_every_import_points_down():
    assert upward_imports() == []


def test_the_import_check_sees_imports_and_rooms():  # the test above would pass vacuously otherwise
    assert {"streamlit", "polars"} <= imports(REPO / "app" / "ui.py")
    assert room_of("grassroots/store/warehouse.py") == "store" and room_of("queries/headline_figures.sql") == "queries"
    assert _module_room("grassroots.catalogue.tables") == "catalogue" and _module_room("queries.db") == "queries"
    assert {r for r in map(room_of, (p.relative_to(REPO).as_posix() for p in product_files()))} == set(ROOMS)


WORKLOAD = textwrap.dedent("""
    import json, os, sys, traceback
    from pathlib import Path

    REPO = Path(sys.argv[1])
    sys.path[:0] = [str(REPO), str(REPO / "tests")]
    seen = set()

    def opener():
        # the product file whose code opened it; None for the import system's own reads (an
        # import is the static check's business) and for the tests' and libraries' code
        frame, found = sys._getframe(2), None
        while frame is not None:
            name = frame.f_code.co_filename
            if name.startswith("<frozen importlib") or "importlib/" in name:
                return None
            if found is None and name.startswith(str(REPO)) and "/tests/" not in name and "/.venv/" not in name:
                found = Path(name).resolve().relative_to(REPO).as_posix()
            frame = frame.f_back
        return found

    def hook(event, args):
        if event in ("open", "os.listdir", "os.scandir") and args and isinstance(args[0], (str, bytes, os.PathLike)):
            target = os.fsdecode(args[0])
        elif event == "subprocess.Popen":
            target = next((os.fsdecode(a) for a in (args[1] or ()) if str(a).endswith(".py")), None)
        else:
            return
        if not target:
            return
        try:
            rel = Path(target).resolve().relative_to(REPO).as_posix()
        except ValueError:
            return
        who = opener()
        if who:
            seen.add((who, rel))

    sys.addaudithook(hook)
    import datetime as dt, tempfile
    import tiny
    from grassroots.store.pipeline import run_refresh
    from grassroots.store import snapshots
    from grassroots.access.scope import CITY
    from queries import db
    from grassroots.outputs import brief
    from grassroots.sandbox.sql import run_sql
    import grassroots.desk as desk

    root = Path(tempfile.mkdtemp())
    for week in (1, 2):
        assert run_refresh(tiny.write_inbox(root / f"inbox{week}", week), tiny.AS_OF[week], base=root / "data",
                           today=tiny.AS_OF[2]).ok
    snap = snapshots.list_snapshots(root / "data")[-1]
    for sql in sorted((REPO / "queries").glob("*.sql")):
        params = {p: None for p in db.parameters(sql.stem)} | {"snapshot_date": snap.as_of}
        try:
            db.run(sql.stem, snap, scope=CITY, **params)
        except Exception:
            pass  # a query that wants a real value: its file was read all the same
    brief.pdf(brief.build(snap))
    desk.template("grids")
    run_sql("select 1", snap)
    os.environ["GRASSROOTS_DATA_DIR"] = str(root / "data")
    from streamlit.testing.v1 import AppTest
    AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120).run()
    print(json.dumps(sorted(seen)))
""")


def test_no_room_reads_a_file_of_a_room_above_it_at_runtime():
    out = subprocess.run([sys.executable, "-c", WORKLOAD, str(REPO)], capture_output=True, text=True, timeout=600,
                         cwd=REPO)
    assert out.returncode == 0, out.stderr[-3000:]
    seen = [tuple(pair) for pair in json.loads(out.stdout.strip().splitlines()[-1])]
    reads = {(room_of(who), room_of(rel), who, rel) for who, rel in seen}
    reads = {r for r in reads if r[0] and r[1]}
    upward = sorted(f"{who} ({a}) reads {rel} ({b})" for a, b, who, rel in reads
                    if b != "data" and RANK[b] > RANK[a])
    assert upward == []
    # and the run did exercise the rooms whose runtime reads matter (the check above is not vacuous)
    assert {("store", "store"), ("queries", "queries"), ("catalogue", "catalogue")} <= {(a, b) for a, b, _, _ in reads}
