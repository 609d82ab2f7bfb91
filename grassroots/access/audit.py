"""The audit log: who signed in (or failed to), handed in, published, overrode or queried what, when.

One SQLite file beside the snapshots (`<data dir>/audit.sqlite`, WAL), one table, append-only
by design: this module has no UPDATE or DELETE path, and the table's triggers refuse both, so a
bug elsewhere cannot rewrite history either. SQLite rather than a text file: a killed process
or a full disk loses at most the row being written, never the rows before it, and several app
processes may write at once (WAL, busy timeout).

What a row holds: time (UTC), user, roles, client address, action, outcome and a small JSON
detail written by the code (file names, checksums, row counts, figure ids, the SQL text of the
SQL box). Never a password, never the content of an uploaded file: callers pass names and
counts, and `record` drops any detail key that looks like a secret.

The sign-in throttle reads its counters from here (failed sign-ins per account since its last
success, per client address within a window): the log is shared by every app process, so a
guesser gains nothing by landing on another process, and there is no second store to keep true.

Tamper evidence. Triggers only stop mistakes: whoever can write the file can drop them. So the
rows form a hash chain, and the chain's head is copied to places outside the log:

    prev_hash  the hash of the row before (64 zeros for the first row)
    hash       sha256(prev_hash + "\\n" + canonical), hex, over UTF-8 bytes
    canonical  json.dumps([id, at, user, roles, client, action, outcome, detail],
                          ensure_ascii=False, separators=(",", ":"))
               the column values exactly as stored: id an integer, client null or text,
               detail the stored JSON text itself (not re-encoded)

A row is appended by reading the last row's id and hash and inserting id + 1 in one
`BEGIN IMMEDIATE` transaction, so concurrent writers (several app processes, refresh.py) are
serialised by SQLite and the chain has neither forks nor gaps. A log made before the chain
existed is rebuilt into this layout, ids kept, in one transaction on the first connection.

Anchors: every published snapshot's manifest.json records the head at its publish as
`"audit_anchor": {"id": …, "hash": …}` (grassroots/store/pipeline.py), and every append writes
`grassroots-audit id=<id> hash=<hash>` to the system log (syslog, ident grassroots-audit,
facility LOG_AUTH; best effort). `python -m grassroots audit verify` (grassroots/access/chain.py) walks the chain from the
first row and checks it against those anchors. Editing a row breaks its hash; deleting one breaks
the next row's prev_hash and leaves a gap in the ids (which are never reused or skipped); rewriting a row and recomputing every later hash, or cutting rows from
the end, is caught by an anchor taken after that row. What it cannot catch: someone who can also
rewrite every anchor (the manifests and the system journal), e.g. root. The manifests live in the
same data folder as the log, so against the app's own account only the journal is out of reach,
and rows after the last publish are anchored only there. The journal is per machine: a second log
on the same machine (a test run, a staging copy) writes lines that are not this log's; check such a
log with `--journal none`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from grassroots.store import statedb

FILE = "audit.sqlite"
LOCAL_TZ = dt.timezone(dt.timedelta(hours=8), "北京时间")  # Hohhot keeps Beijing time; the log stores UTC
_SECRET_KEYS = ("password", "passwd", "secret", "token", "hash")
GENESIS = "0" * 64  # prev_hash of the first row
JOURNAL_IDENT = "grassroots-audit"
COLUMNS = ("id", "at", "user", "roles", "client", "action", "outcome", "detail")  # what the hash covers, in order

_TABLE = """
create table events (
    id        integer primary key,
    at        text not null,          -- UTC, ISO 8601 with microseconds: sorts as text
    user      text not null,
    roles     text not null,          -- comma-separated role codes
    client    text,                   -- client address as the app saw it
    action    text not null,          -- sign_in, sign_out, session_timeout, upload, publish, override, sql_query, page_refused
    outcome   text not null,          -- ok, failed, throttled, refused, accepted …
    detail    text not null default '{}',
    prev_hash text not null,          -- the hash of the row before; 64 zeros for the first
    hash      text not null           -- sha256(prev_hash + "\\n" + canonical text of this row), hex
)"""
_EXTRAS = (  # one statement each: they run inside a transaction, where executescript cannot
    "create index if not exists events_user on events (action, user, at)",
    "create index if not exists events_client on events (action, client, at)",
    "create trigger if not exists events_no_update before update on events "
    "begin select raise(abort, 'the audit log is append-only'); end",
    "create trigger if not exists events_no_delete before delete on events "
    "begin select raise(abort, 'the audit log is append-only'); end",
)


class AuditSchemaError(Exception):
    """The file holds an `events` table this module did not make."""


@dataclass(frozen=True)
class Actor:
    """Who acts: the signed-in user (or "anonymous" in the open demo mode), their roles, the
    district of a district clerk, and the client address."""

    user: str
    roles: tuple[str, ...] = ()
    district: str | None = None
    client: str | None = None


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _stamp(when: dt.datetime) -> str:
    return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _parse(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc)


# ------------------------------------------------------------------ the chain
def canonical(values) -> str:
    """The text a row's hash covers: its COLUMNS values as a compact JSON array."""
    return json.dumps(list(values), ensure_ascii=False, separators=(",", ":"))


def row_hash(prev_hash: str, values) -> str:
    return hashlib.sha256(f"{prev_hash}\n{canonical(values)}".encode("utf-8")).hexdigest()


def journal_line(ident: int, digest: str) -> str:
    return f"{JOURNAL_IDENT} id={ident} hash={digest}"


_syslog_lock = threading.Lock()


def journal(ident: int, digest: str) -> None:
    """Write the new head to the system log. Replaceable (tests point it at a list or a file);
    `record` calls it after the commit and ignores any error it raises."""
    import syslog

    with _syslog_lock:  # openlog is process-wide: set our ident for this one line, then let go
        syslog.openlog(JOURNAL_IDENT, 0, syslog.LOG_AUTH)
        try:
            syslog.syslog(syslog.LOG_INFO, journal_line(ident, digest))
        finally:
            syslog.closelog()


def columns_of(con: sqlite3.Connection) -> list[str]:
    return [r[1] for r in con.execute("pragma table_info(events)")]


def _ensure_schema(con: sqlite3.Connection) -> None:
    """Create the chained table, or rebuild a log made before the chain; one transaction."""
    with statedb.immediate(con):
        columns = columns_of(con)
        if not columns:
            con.execute(_TABLE)
        elif set(columns) == set(COLUMNS):
            _migrate(con)
        elif set(columns) != {*COLUMNS, "prev_hash", "hash"}:
            raise AuditSchemaError(f"表 events 的列不是审计日志的列：{', '.join(columns)}")
        for statement in _EXTRAS:
            con.execute(statement)


def _migrate(con: sqlite3.Connection) -> None:
    """The unchained table becomes the chained one, row by row in id order, ids kept.

    The old table is renamed aside first (its indexes and triggers go with it), the new one is
    filled from it, and then the old one is dropped; all inside the caller's transaction, so
    either every row is in the new table or nothing changed.
    """
    con.execute("alter table events rename to events_unchained")
    con.execute(_TABLE)
    prev = GENESIS
    rows = con.execute(f"select {', '.join(COLUMNS)} from events_unchained order by id")
    for values in rows:
        digest = row_hash(prev, values)
        con.execute(f"insert into events ({', '.join(COLUMNS)}, prev_hash, hash) values ({', '.join('?' * 10)})",
                    (*values, prev, digest))
        prev = digest
    con.execute("drop table events_unchained")


class AuditLog:
    def __init__(self, path: Path):
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        return statedb.connect(self.path, _ensure_schema)

    def record(self, actor: Actor, action: str, outcome: str, *, when: dt.datetime | None = None, **detail) -> None:
        """Append one event, chained to the one before. Detail values must be JSON-serialisable
        (dates become text)."""
        clean = {k: v for k, v in detail.items() if not any(s in k.lower() for s in _SECRET_KEYS)}
        values = [_stamp(when or now_utc()), str(actor.user), ",".join(actor.roles),
                  None if actor.client is None else str(actor.client), str(action), str(outcome),
                  json.dumps(clean, ensure_ascii=False, default=str)]
        con = self._connect()
        try:
            with statedb.immediate(con):  # read the head and append under one write lock
                last = con.execute("select id, hash from events order by id desc limit 1").fetchone()
                ident, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
                digest = row_hash(prev, [ident, *values])
                con.execute(f"insert into events ({', '.join(COLUMNS)}, prev_hash, hash) values ({', '.join('?' * 10)})",
                            (ident, *values, prev, digest))
        finally:
            con.close()
        try:
            journal(ident, digest)
        except Exception:  # noqa: BLE001 — best effort: no syslog socket must not lose the event
            pass

    def anchor(self) -> dict | None:
        """The head as a snapshot's manifest records it (`audit_anchor`): {"id", "hash"}, or None."""
        head = self.head()
        return {"id": head[0], "hash": head[1]} if head else None

    def head(self) -> tuple[int, str] | None:
        """The last row's (id, hash), or None while the log is empty or absent."""
        if not self.path.exists():
            return None
        con = self._connect()
        try:
            row = con.execute("select id, hash from events order by id desc limit 1").fetchone()
        finally:
            con.close()
        return (row[0], row[1]) if row else None

    def events(self, *, actions: list[str] | None = None, user: str | None = None, since: dt.datetime | None = None,
               limit: int = 1000) -> list[dict]:
        """Newest first: dicts with id, at (datetime), user, roles (list), client, action, outcome, detail (dict)."""
        if not self.path.exists():
            return []
        where, params = [], []
        if actions:
            where.append(f"action in ({','.join('?' * len(actions))})")
            params += actions
        if user:
            where.append("user = ?")
            params.append(user)
        if since:
            where.append("at >= ?")
            params.append(_stamp(since))
        sql = ("select id, at, user, roles, client, action, outcome, detail from events"
               + (" where " + " and ".join(where) if where else "") + " order by id desc limit ?")
        con = self._connect()
        try:
            rows = con.execute(sql, [*params, limit]).fetchall()
        finally:
            con.close()
        return [dict(id=r[0], at=_parse(r[1]), user=r[2], roles=[x for x in r[3].split(",") if x], client=r[4],
                     action=r[5], outcome=r[6], detail=json.loads(r[7])) for r in rows]

    def failures(self, *, since: dt.datetime, user: str | None = None, client: str | None = None) -> tuple[int, dt.datetime | None]:
        """Failed sign-ins of an account (after its last successful one) or from a client, since `since`:
        (how many, when the last one was)."""
        if not self.path.exists():
            return 0, None
        column, value = ("user", user) if user is not None else ("client", client)
        start = _stamp(since)
        con = self._connect()
        try:
            if column == "user":
                ok = con.execute("select max(at) from events where action = 'sign_in' and outcome = 'ok' and user = ?",
                                 (value,)).fetchone()[0]
                start = max(start, ok or "")
            n, last = con.execute(f"select count(*), max(at) from events where action = 'sign_in' and outcome = 'failed' "
                                  f"and {column} = ? and at > ?", (value, start)).fetchone()
        finally:
            con.close()
        return n, _parse(last) if last else None
