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
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

FILE = "audit.sqlite"
LOCAL_TZ = dt.timezone(dt.timedelta(hours=8), "北京时间")  # Hohhot keeps Beijing time; the log stores UTC
_SECRET_KEYS = ("password", "passwd", "secret", "token", "hash")

_SCHEMA = """
create table if not exists events (
    id      integer primary key,
    at      text not null,          -- UTC, ISO 8601 with microseconds: sorts as text
    user    text not null,
    roles   text not null,          -- comma-separated role codes
    client  text,                   -- client address as the app saw it
    action  text not null,          -- sign_in, sign_out, session_timeout, upload, publish, override, sql_query, page_refused
    outcome text not null,          -- ok, failed, throttled, refused, accepted …
    detail  text not null default '{}'
);
create index if not exists events_user on events (action, user, at);
create index if not exists events_client on events (action, client, at);
create trigger if not exists events_no_update before update on events
    begin select raise(abort, 'the audit log is append-only'); end;
create trigger if not exists events_no_delete before delete on events
    begin select raise(abort, 'the audit log is append-only'); end;
"""


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


_ready: set[tuple] = set()  # (path, inode) whose schema this process has created or seen


class AuditLog:
    def __init__(self, path: Path):
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        con.execute("pragma busy_timeout = 10000")
        key = (str(self.path), self.path.stat().st_ino)
        if key not in _ready:
            if con.execute("pragma journal_mode").fetchone()[0] != "wal":
                con.execute("pragma journal_mode = wal")
            con.executescript(_SCHEMA)
            _ready.add(key)
        return con

    def record(self, actor: Actor, action: str, outcome: str, *, when: dt.datetime | None = None, **detail) -> None:
        """Append one event. Detail values must be JSON-serialisable (dates become text)."""
        clean = {k: v for k, v in detail.items() if not any(s in k.lower() for s in _SECRET_KEYS)}
        con = self._connect()
        try:
            con.execute("insert into events (at, user, roles, client, action, outcome, detail) values (?, ?, ?, ?, ?, ?, ?)",
                        (_stamp(when or now_utc()), actor.user, ",".join(actor.roles), actor.client, action, outcome,
                         json.dumps(clean, ensure_ascii=False, default=str)))
        finally:
            con.close()

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
