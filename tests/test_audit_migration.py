"""A log written before the audit chain existed is rebuilt with its ids, in one transaction."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from auditlog import ZHOU, expected_hash, journal_lines, raw_rows  # noqa: F401 (journal_lines is an autouse fixture)

from grassroots.access import audit, chain
from grassroots.access.audit import FILE, GENESIS, AuditLog

OLD_SCHEMA = """
create table if not exists events (
    id      integer primary key,
    at      text not null,
    user    text not null,
    roles   text not null,
    client  text,
    action  text not null,
    outcome text not null,
    detail  text not null default '{}'
);
create index if not exists events_user on events (action, user, at);
create index if not exists events_client on events (action, client, at);
create trigger if not exists events_no_update before update on events
    begin select raise(abort, 'the audit log is append-only'); end;
create trigger if not exists events_no_delete before delete on events
    begin select raise(abort, 'the audit log is append-only'); end;
"""


def old_log(path: Path) -> list[tuple]:
    """A log as the code before the chain wrote it, with three rows."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("pragma journal_mode = wal")
    con.executescript(OLD_SCHEMA)
    rows = [("2026-11-20T01:00:00.000001Z", "wang", "leader", "10.0.0.9", "sign_in", "failed", '{"reason": "wrong_password"}'),
            ("2026-11-20T01:00:05.000000Z", "wang", "leader", "10.0.0.9", "sign_in", "ok", "{}"),
            ("2026-11-20T02:00:00.000000Z", "zhou", "clerk", None, "upload", "accepted", '{"file": "队伍.csv"}')]
    con.executemany("insert into events (at, user, roles, client, action, outcome, detail) values (?, ?, ?, ?, ?, ?, ?)", rows)
    out = con.execute("select * from events order by id").fetchall()
    con.close()
    return out


def test_a_log_from_before_the_chain_is_rebuilt_with_its_ids(tmp_path):
    path = tmp_path / FILE
    before = old_log(path)
    assert chain.verify(path).code == 2 and chain.verify(path).rule == "audit_unchained"
    log = AuditLog(path)
    assert [e["id"] for e in log.events()] == [3, 2, 1]  # the first connection migrates
    rows = raw_rows(path)
    assert [r[:8] for r in rows] == before
    prev = GENESIS
    for r in rows:
        assert (r[8], r[9]) == (prev, expected_hash(prev, r[:8]))
        prev = r[9]
    log.record(ZHOU, "publish", "ok")
    assert log.head()[0] == 4 and chain.verify(path).ok and chain.verify(path).rows == 4
    con = sqlite3.connect(path)
    names = {r[0] for r in con.execute("select name from sqlite_master")}
    assert {"events", "events_user", "events_client", "events_no_update", "events_no_delete"} <= names
    assert "events_unchained" not in names
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("update events set outcome = 'x' where id = 1")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("delete from events where id = 4")
    con.close()


def test_a_migration_that_fails_half_way_leaves_the_old_log_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / FILE
    before = old_log(path)
    calls = []

    def fail_on_third(prev, values):
        calls.append(values)
        if len(calls) == 3:
            raise OSError("disk full")
        return "f" * 64

    monkeypatch.setattr(audit, "row_hash", fail_on_third)
    with pytest.raises(OSError, match="disk full"):
        AuditLog(path).events()
    con = sqlite3.connect(path)
    assert [r[1] for r in con.execute("pragma table_info(events)")] == list(audit.COLUMNS)
    assert con.execute("select * from events order by id").fetchall() == before
    assert {r[0] for r in con.execute("select name from sqlite_master where type = 'trigger'")} == {
        "events_no_update", "events_no_delete"}
    con.close()
    monkeypatch.undo()
    monkeypatch.setattr(audit, "journal", lambda ident, digest: None)
    assert len(AuditLog(path).events()) == 3 and chain.verify(path).ok
