"""The layers point one way: app (Streamlit) → queries (SQL) → grassroots (domain).

The domain never imports Streamlit, the query layer or the app; the query layer never imports
Streamlit or the app. Checked on the import statements of every module, so a lazy import inside
a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "grassroots": {"streamlit", "queries", "app", "views", "plotly"},
    "queries": {"streamlit", "app", "views", "plotly"},
}


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_imports_point_one_way():
    wrong = []
    for package, forbidden in FORBIDDEN.items():
        for path in sorted((REPO / package).rglob("*.py")):
            bad = imported(path) & forbidden
            if bad:
                wrong.append(f"{path.relative_to(REPO)} imports {', '.join(sorted(bad))}")
    assert wrong == []


def test_the_check_sees_imports():  # the test above would pass vacuously on a parse that finds nothing
    assert {"streamlit", "polars"} <= imported(REPO / "app" / "ui.py")
    assert "grassroots" in imported(REPO / "queries" / "db.py")
