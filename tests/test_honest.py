"""Tests that can fail: every test checks something, and none steps aside.

A test function must assert, raise, expect (Playwright) or call a helper that does, directly or
through other helpers anywhere under tests/. No test is skipped on this machine or on CI: a test
that needs something the machine lacks sets it up (the Makefile) or arranges the condition itself
(the read-only folder test drops root's override instead of skipping as root). The one allowed
marker is a strict xfail, a canary that fails the suite the day the behaviour it waits for arrives.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
CHECKING_CALLS = {"raises", "warns", "fail", "fullmatch"}
STEPPING_ASIDE = {"skip", "skipif", "importorskip"}


def _name(call: ast.Call) -> str:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")


def _checks_directly(fn: ast.AST) -> bool:
    for node in ast.walk(fn):
        if isinstance(node, (ast.Assert, ast.Raise)):
            return True
        if isinstance(node, ast.Call):
            name = _name(node)
            if name in CHECKING_CALLS or name.startswith(("assert", "expect")):
                return True
    return False


def idle_tests(sources: dict[str, str]) -> list[str]:
    """The test functions in `sources` (file name → text) that check nothing, even through helpers."""
    trees = {name: ast.parse(text) for name, text in sources.items()}
    functions: dict[str, list[ast.AST]] = {}
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                functions.setdefault(node.name, []).append(node)
    checking = {name for name, nodes in functions.items() if any(_checks_directly(n) for n in nodes)}
    grew = True
    while grew:
        grew = False
        for name, nodes in functions.items():
            if name not in checking and any(
                isinstance(c, ast.Call) and _name(c) in checking for n in nodes for c in ast.walk(n)
            ):
                checking.add(name)
                grew = True
    return [
        f"{file}:{node.lineno} {node.name}"
        for file, tree in trees.items()
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and node.name.startswith("test_") and node.name not in checking
    ]


def stepping_aside(sources: dict[str, str]) -> list[str]:
    """Every skip, skipif, importorskip and non-strict xfail in `sources`."""
    found = []
    for file, text in sources.items():
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Attribute) and node.attr in STEPPING_ASIDE:
                found.append(f"{file}:{node.lineno} {node.attr}")
            if isinstance(node, ast.Call) and _name(node) == "xfail":
                strict = any(k.arg == "strict" and getattr(k.value, "value", None) is True for k in node.keywords)
                if not strict:
                    found.append(f"{file}:{node.lineno} xfail without strict=True")
    return found


def _suite() -> dict[str, str]:
    return {str(p.relative_to(TESTS)): p.read_text(encoding="utf-8") for p in sorted(TESTS.rglob("*.py"))}


def test_every_test_checks_something():
    assert idle_tests(_suite()) == []


def test_no_test_steps_aside():
    assert stepping_aside(_suite()) == []


PLANTED = {
    "idle": ("def test_runs():\n    compute()\n", ["p.py:1 test_runs"]),
    "print only": ("def test_prints(x):\n    print(x == 1)\n", ["p.py:1 test_prints"]),
    "helper that asserts": ("def check(x):\n    assert x\n\ndef test_ok():\n    check(1)\n", []),
    "helper of a helper": ("def a(x):\n    assert x\n\ndef b(x):\n    a(x)\n\ndef test_ok():\n    b(1)\n", []),
    "pytest.raises": ("import pytest\n\ndef test_ok():\n    with pytest.raises(ValueError):\n        int('x')\n", []),
    "playwright expect": ("def test_ok(page):\n    expect(page.get_by_text('x')).to_be_visible()\n", []),
}


@pytest.mark.parametrize("case", PLANTED, ids=list(PLANTED))
def test_idle_tests_are_found(case):
    source, idle = PLANTED[case]
    assert idle_tests({"p.py": source}) == idle


@pytest.mark.parametrize(("source", "found"), [
    ("import pytest\n\n@pytest.mark.skipif(True, reason='r')\ndef test_a():\n    assert 1\n", ["p.py:3 skipif"]),
    ("import pytest\n\ndef test_a():\n    pytest.skip('root')\n", ["p.py:4 skip"]),
    ("import pytest\nx = pytest.importorskip('y')\n", ["p.py:2 importorskip"]),
    ("import pytest\n\n@pytest.mark.xfail(reason='r')\ndef test_a():\n    assert 1\n",
     ["p.py:3 xfail without strict=True"]),
    ("import pytest\n\n@pytest.mark.xfail(strict=True, reason='r')\ndef test_a():\n    assert 1\n", []),
])
def test_stepping_aside_is_found(source, found):
    assert stepping_aside({"p.py": source}) == found
