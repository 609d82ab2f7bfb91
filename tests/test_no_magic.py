"""The app runs with Streamlit's magic off (.streamlit/config.toml): no page may rely on it."""

import ast
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_magic_is_off_and_no_page_has_a_bare_expression_it_would_have_shown():
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["runner"]["magicEnabled"] is False
    shown = []
    for path in [REPO / "dashboard.py", *sorted((REPO / "views").glob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Expr) and not isinstance(node.value, (ast.Call, ast.Await)) and not (
                    isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
                shown.append(f"{path.name}:{node.lineno}")
    assert shown == []
