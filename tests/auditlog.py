"""What the audit log's tests share: a journal kept in a list, the chain's hash written out again,
the rows as stored."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from grassroots.access import audit
from grassroots.access.audit import Actor

ZHOU = Actor("zhou", ("clerk",), None, "10.0.0.2")


@pytest.fixture(autouse=True)
def journal_lines(monkeypatch) -> list[str]:
    """Every test's journal is a list: nothing reaches the machine's real system log."""
    lines: list[str] = []
    monkeypatch.setattr(audit, "journal", lambda ident, digest: lines.append(audit.journal_line(ident, digest)))
    return lines


def expected_hash(prev: str, row: tuple) -> str:
    """The docstring's definition, written out again here rather than borrowed from the module."""
    text = json.dumps(list(row), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev + "\n" + text).encode("utf-8")).hexdigest()


def raw_rows(path: Path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute("select id, at, user, roles, client, action, outcome, detail, prev_hash, hash "
                           "from events order by id").fetchall()
    finally:
        con.close()
