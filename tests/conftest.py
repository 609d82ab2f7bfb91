"""Shared fixtures: the demo data, built once per test session through the real refresh."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from grassroots import demo

LAST = demo.AS_OF_DATES[-1]


@pytest.fixture(autouse=True)
def browser_cookies(monkeypatch):
    """AppTest has no browser, so no cookies: the app's credential (app/auth.py) is read from what
    the test's "browser" holds in session state (tests/access.py puts the cookie there after a
    sign-in, as the page's script would). A served app reads the real cookie (tests/browser/)."""
    import streamlit as st

    from app import auth

    def presented() -> str | None:
        return st.session_state.get(BROWSER, {}).get(auth.COOKIE)

    monkeypatch.setattr(auth, "presented_token", presented)


BROWSER = "__test_browser_cookies__"


@pytest.fixture(autouse=True)
def no_system_journal(monkeypatch):
    """Tests' audit logs never write the machine's journal (grassroots.access.audit.journal): their heads
    there would look like anchors of the real log to `python -m grassroots audit verify`."""
    from grassroots.access import audit

    monkeypatch.setattr(audit, "journal", lambda ident, digest: None)


@pytest.fixture(scope="session")
def demo_base(tmp_path_factory) -> Path:
    """A data folder holding all 26 demo snapshots (and their inboxes under demo_inbox/)."""
    base = tmp_path_factory.mktemp("demo-data")
    demo.build(base, progress=lambda _: None)
    return base


@pytest.fixture(scope="session")
def demo_inbox_root(demo_base) -> Path:
    return demo_base / "demo_inbox"


@pytest.fixture
def demo_env(demo_base, monkeypatch) -> Path:
    """Point the app and the query layer at the demo snapshots."""
    monkeypatch.setenv("GRASSROOTS_DATA_DIR", str(demo_base))
    return demo_base


@pytest.fixture
def week_inbox(demo_inbox_root, tmp_path) -> Path:
    """A private, editable copy of the last demo week's inbox."""
    dst = tmp_path / "inbox"
    shutil.copytree(demo_inbox_root / LAST.isoformat(), dst)
    return dst


@pytest.fixture(scope="session")
def tiny_base(tmp_path_factory) -> Path:
    """The tiny world's two weeks (tests/tiny.py), published through the real refresh."""
    import tiny

    from grassroots.store.pipeline import run_refresh

    root = tmp_path_factory.mktemp("tiny")
    for week in (1, 2):
        result = run_refresh(tiny.write_inbox(root / f"inbox{week}", week), tiny.AS_OF[week], base=root / "data",
                             today=tiny.AS_OF[2])
        assert result.ok, result.problems
    return root / "data"


@pytest.fixture(scope="session")
def tiny_snapshot(tiny_base):
    """Week 2 of the tiny world: the snapshot the SQL tests query."""
    from grassroots.store import snapshots

    return snapshots.list_snapshots(tiny_base)[-1]
