"""The audit log is a real embedded store, append-only, and never holds secrets."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from grassroots.access.audit import Actor, AuditLog

REPO = Path(__file__).resolve().parents[1]


def test_events_come_back_newest_first_with_their_detail(tmp_path):
    log = AuditLog(tmp_path / "audit.sqlite")
    zhou = Actor("zhou", ("clerk",), None, "10.0.0.2")
    log.record(zhou, "upload", "accepted", week="2026-11-20", report="grids", sha256="ab" * 32)
    log.record(zhou, "publish", "ok", week="2026-11-20", accept=["community_workers"])
    events = log.events()
    assert [(e["action"], e["outcome"]) for e in events] == [("publish", "ok"), ("upload", "accepted")]
    assert events[0]["roles"] == ["clerk"] and events[0]["client"] == "10.0.0.2"
    assert events[0]["detail"] == {"week": "2026-11-20", "accept": ["community_workers"]}
    assert [e["action"] for e in log.events(actions=["upload"])] == ["upload"]
    assert log.events(user="nobody") == []


def test_the_store_refuses_updates_and_deletes_and_keeps_a_wal(tmp_path):
    path = tmp_path / "audit.sqlite"
    AuditLog(path).record(Actor("wang", ("leader",)), "sign_in", "ok")
    con = sqlite3.connect(path)
    assert con.execute("pragma journal_mode").fetchone()[0] == "wal"
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("update events set outcome = 'failed'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("delete from events")
    con.close()
    assert len(AuditLog(path).events()) == 1


def test_detail_that_looks_like_a_secret_is_never_written(tmp_path):
    log = AuditLog(tmp_path / "audit.sqlite")
    log.record(Actor("wang"), "sign_in", "failed", password="hunter2hunter2", reason="wrong_password", token="t0k3n")
    assert log.events()[0]["detail"] == {"reason": "wrong_password"}
    assert all(b"hunter2" not in p.read_bytes() for p in tmp_path.glob("audit.sqlite*"))


def test_no_code_path_updates_or_deletes_audit_rows():
    statement = re.compile(r"\b(update\s+events\s+set|delete\s+from\s+events|drop\s+table\s+events)\b", re.IGNORECASE)
    offenders = [str(p.relative_to(REPO)) for folder in ("grassroots", "app", "views", "queries")
                 for p in (REPO / folder).rglob("*.py") if statement.search(p.read_text("utf-8"))]
    assert offenders == []
