"""Signed-in browsers: the credential a browser holds after sign-in, checked on every run.

A password (or the identity provider) proves who someone is once; what proves it afterwards is a
random token the browser keeps in an HttpOnly, SameSite=Strict cookie and presents with every
connection. A Streamlit session id is not a credential: it travels in upload URLs, and a client
that presents one resumes that session. So the app checks, on every run and every download, that
the connection in front of it presents the token of a live session of this store.

How the token reaches the browser without travelling in a URL or being readable by scripts:
  1. the sign-in succeeds in the app: `start()` makes a session row and a one-time ticket (valid
     `TICKET_S` seconds), which the page hands to its own JavaScript;
  2. that script POSTs the ticket to the server's own route (app/server.py), which `redeem()`s it
     for the token and answers with Set-Cookie (HttpOnly: no script ever sees the token);
  3. the page reloads; its new connection carries the cookie, and the app finds the session.

One SQLite file (WAL) beside the audit log, shared by every app process: a session ended in one
process (sign-out, disable, idle time) is ended for all of them at once. Only sha256 digests of
tickets and tokens are stored, so the file grants nothing to whoever reads it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from grassroots.store import statedb

FILE = "sessions.sqlite"
TICKET_S = 60.0  # a ticket is redeemed by the page's script within a second or two of sign-in
TOUCH_S = 30.0  # last_seen is written at most this often: a run reads the store, rarely writes it

_SCHEMA = """
create table if not exists sessions (
    id          integer primary key,
    username    text not null,
    method      text not null,           -- local | oidc
    client      text,                    -- the address the sign-in came from
    created     text not null,           -- UTC ISO 8601
    last_seen   text not null,
    expires     text not null,           -- the absolute end, whatever the activity
    ticket_hash text unique,             -- sha256 of the one-time ticket; null once redeemed
    ticket_until text,
    token_hash  text unique,             -- sha256 of the cookie's token; null until redeemed
    ended       text,                    -- when it ended (sign-out, idle, disabled, replaced …)
    end_reason  text
);
create index if not exists sessions_user on sessions (username, ended);
"""


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()


def _stamp(when: dt.datetime) -> str:
    return when.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


def _parse(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass(frozen=True)
class Session:
    id: int
    username: str
    method: str
    token_hash: str
    last_seen: dt.datetime
    expires: dt.datetime


@dataclass(frozen=True)
class Check:
    """What a presented token is worth: `state` is ok, missing (no token), unknown (no such
    session, or a forged one), ended, expired (past its absolute end) or idle (past the idle time;
    the session is ended by the check)."""

    state: str
    session: Session | None = None

    @property
    def ok(self) -> bool:
        return self.state == "ok"


def _schema(con: sqlite3.Connection) -> None:
    con.executescript(_SCHEMA)


class Store:
    def __init__(self, path: Path):
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        return statedb.connect(self.path, _schema)

    def start(self, username: str, method: str, client: str | None, *, lifetime_s: float,
              now: dt.datetime | None = None) -> str:
        """A new session for a user whose sign-in just succeeded; returns its one-time ticket."""
        now = now or now_utc()
        ticket = secrets.token_urlsafe(32)
        con = self._connect()
        try:
            con.execute("insert into sessions (username, method, client, created, last_seen, expires, ticket_hash, "
                        "ticket_until) values (?, ?, ?, ?, ?, ?, ?, ?)",
                        (username, method, client, _stamp(now), _stamp(now),
                         _stamp(now + dt.timedelta(seconds=lifetime_s)), digest(ticket),
                         _stamp(now + dt.timedelta(seconds=TICKET_S))))
        finally:
            con.close()
        return ticket

    def redeem(self, ticket: str, now: dt.datetime | None = None) -> tuple[str, Session] | None:
        """Exchange a ticket, once and in time, for the session's token (None: spent, late or forged)."""
        now = now or now_utc()
        if not ticket or len(ticket) > 200:
            return None
        token = secrets.token_urlsafe(32)
        con = self._connect()
        try:
            with statedb.immediate(con):
                row = con.execute("select id, ticket_until, ended from sessions where ticket_hash = ?",
                                  (digest(ticket),)).fetchone()
                if row is None:
                    return None
                sid, until, ended = row
                # spent either way: a late or second use must not leave the ticket usable
                con.execute("update sessions set ticket_hash = null, ticket_until = null where id = ?", (sid,))
                if ended is not None or _parse(until) < now:
                    return None
                con.execute("update sessions set token_hash = ?, last_seen = ? where id = ?",
                            (digest(token), _stamp(now), sid))
        finally:
            con.close()
        check = self.check(token, idle_s=float("inf"), now=now)
        return (token, check.session) if check.ok else None

    def check(self, token: str | None, *, idle_s: float, now: dt.datetime | None = None) -> Check:
        """The session a presented token belongs to, if it is live; ends it when idle too long."""
        if not token:
            return Check("missing")
        now = now or now_utc()
        if not self.path.exists():
            return Check("unknown")
        con = self._connect()
        try:
            row = con.execute("select id, username, method, token_hash, last_seen, expires, ended from sessions "
                              "where token_hash = ?", (digest(token),)).fetchone()
            if row is None:
                return Check("unknown")
            session = Session(row[0], row[1], row[2], row[3], _parse(row[4]), _parse(row[5]))
            if row[6] is not None:
                return Check("ended", session)
            if session.expires <= now:
                self._end(con, session.id, "expired", now)
                return Check("expired", session)
            if (now - session.last_seen).total_seconds() > idle_s:
                self._end(con, session.id, "idle", now)
                return Check("idle", session)
            if (now - session.last_seen).total_seconds() > TOUCH_S:
                con.execute("update sessions set last_seen = ? where id = ? and ended is null", (_stamp(now), session.id))
            return Check("ok", session)
        finally:
            con.close()

    @staticmethod
    def _end(con: sqlite3.Connection, session_id: int, reason: str, now: dt.datetime) -> None:
        con.execute("update sessions set ended = ?, end_reason = ?, ticket_hash = null where id = ? and ended is null",
                    (_stamp(now), reason, session_id))

    def end(self, session_id: int, reason: str, now: dt.datetime | None = None) -> None:
        con = self._connect()
        try:
            self._end(con, session_id, reason, now or now_utc())
        finally:
            con.close()

    def end_user(self, username: str, reason: str, now: dt.datetime | None = None) -> int:
        """End every live session of an account (disabled, removed, its roles changed); how many."""
        if not self.path.exists():
            return 0
        con = self._connect()
        try:
            return con.execute("update sessions set ended = ?, end_reason = ?, ticket_hash = null "
                               "where lower(username) = lower(?) and ended is null",
                               (_stamp(now or now_utc()), reason, username)).rowcount
        finally:
            con.close()

    def live(self, now: dt.datetime | None = None) -> list[Session]:
        """Sessions not ended and not past their absolute end (for the audit page and tests)."""
        if not self.path.exists():
            return []
        now = now or now_utc()
        con = self._connect()
        try:
            rows = con.execute("select id, username, method, token_hash, last_seen, expires from sessions "
                               "where ended is null and token_hash is not null order by id").fetchall()
        finally:
            con.close()
        return [s for s in (Session(r[0], r[1], r[2], r[3], _parse(r[4]), _parse(r[5])) for r in rows) if s.expires > now]
