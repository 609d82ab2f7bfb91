"""The outbox: every message a publish or an alert owes a recipient, one row per idempotency key.

    key = week | recipient | channel | subject      (subject: "brief", or "alert:<rule>:<scope>")

A key is inserted once (`insert or ignore`): a second publish, a re-run of `push send` or of an
alert check adds nothing, so nothing goes twice. A row is claimed (`sending`) inside one write
transaction before its send, so two runs at once never both send it. It ends `sent`, or goes
back to `retry` with its error and a next try after backoff (backoff_seconds × 2^(attempts−1)),
until max_attempts, then `failed`. A run killed while sending leaves `sending`: after STALE it is
tried again (a message may then arrive twice, never not at all). `again()` puts a sent or failed
row back to `pending` on purpose (the desk's 重新发送, `push send --again`).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from grassroots.store import statedb

STATES = ("pending", "sending", "retry", "sent", "failed")
STALE = dt.timedelta(minutes=15)


def _schema(con: sqlite3.Connection) -> None:
    con.execute("""create table if not exists messages (
        key        text primary key,  -- week|recipient|channel|subject
        week       text not null,     -- the snapshot's as-of date
        recipient  text not null,
        channel    text not null,     -- mail | wecom | dingtalk
        subject    text not null,     -- brief | alert:<rule>:<scope>
        state      text not null,     -- pending | sending | retry | sent | failed
        attempts   integer not null default 0,
        next_at    text,              -- UTC ISO: when a retry is due
        last_error text,
        created_at text not null,
        updated_at text not null,
        sent_at    text,
        payload    text               -- what an alert says (JSON); a brief is made at send time
    )""")
    con.execute("create index if not exists messages_due on messages (state, next_at)")


@dataclass(frozen=True)
class Message:
    key: str
    week: str
    recipient: str
    channel: str
    subject: str
    state: str
    attempts: int
    next_at: str | None
    last_error: str | None
    created_at: str
    updated_at: str
    sent_at: str | None
    payload: str | None = None


COLUMNS = ("key", "week", "recipient", "channel", "subject", "state", "attempts", "next_at", "last_error",
           "created_at", "updated_at", "sent_at", "payload")


def key_of(week: str, recipient: str, channel: str, subject: str) -> str:
    return f"{week}|{recipient}|{channel}|{subject}"


def _now(now: dt.datetime | None = None) -> str:
    return (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).isoformat(timespec="seconds")


class Outbox:
    def __init__(self, path: Path):
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        return statedb.connect(self.path, _schema)

    def add(self, week: str, recipient: str, channel: str, subject: str, payload: str | None = None,
            now: dt.datetime | None = None) -> bool:
        """Owe this message; False when its key is already in the outbox (sent or not)."""
        stamp = _now(now)
        con = self._connect()
        try:
            cur = con.execute("insert or ignore into messages (key, week, recipient, channel, subject, state, created_at, "
                              "updated_at, payload) values (?, ?, ?, ?, ?, 'pending', ?, ?, ?)",
                              (key_of(week, recipient, channel, subject), week, recipient, channel, subject, stamp, stamp,
                               payload))
            return cur.rowcount == 1
        finally:
            con.close()

    def claim(self, keys: list[str] | None = None, now: dt.datetime | None = None) -> list[Message]:
        """Mark the due messages (or those of `keys` that are due) `sending` and return them."""
        stamp, stale = _now(now), _now((now or dt.datetime.now(dt.timezone.utc)) - STALE)
        con = self._connect()
        try:
            with statedb.immediate(con):
                rows = con.execute(
                    f"select {', '.join(COLUMNS)} from messages where state = 'pending' "
                    "or (state = 'retry' and next_at <= ?) or (state = 'sending' and updated_at <= ?) order by created_at, key",
                    (stamp, stale)).fetchall()
                rows = [r for r in rows if keys is None or r[0] in keys]
                for r in rows:
                    con.execute("update messages set state = 'sending', updated_at = ? where key = ?", (stamp, r[0]))
        finally:
            con.close()
        return [Message(*r) for r in rows]

    def done(self, key: str, now: dt.datetime | None = None) -> None:
        stamp = _now(now)
        self._update("update messages set state = 'sent', attempts = attempts + 1, sent_at = ?, updated_at = ?, "
                     "next_at = null, last_error = null where key = ?", (stamp, stamp, key))

    def failed(self, key: str, error: str, *, max_attempts: int, backoff_s: int, permanent: bool = False,
               now: dt.datetime | None = None) -> Message:
        """Record a failed try: `retry` after backoff, or `failed` past max_attempts (or at once
        for a permanent error); returns the row as it now stands."""
        now = now or dt.datetime.now(dt.timezone.utc)
        con = self._connect()
        try:
            attempts = con.execute("select attempts from messages where key = ?", (key,)).fetchone()[0] + 1
            give_up = permanent or attempts >= max_attempts
            next_at = None if give_up else _now(now + dt.timedelta(seconds=backoff_s * 2 ** (attempts - 1)))
            con.execute("update messages set state = ?, attempts = ?, next_at = ?, last_error = ?, updated_at = ? where key = ?",
                        ("failed" if give_up else "retry", attempts, next_at, error[:500], _now(now), key))
        finally:
            con.close()
        return self.get(key)

    def again(self, key: str, now: dt.datetime | None = None) -> bool:
        """Send this one once more (a person asked): back to pending, attempts from zero."""
        stamp = _now(now)
        con = self._connect()
        try:
            cur = con.execute("update messages set state = 'pending', attempts = 0, next_at = null, updated_at = ? "
                              "where key = ? and state in ('sent', 'failed', 'retry')", (stamp, key))
            return cur.rowcount == 1
        finally:
            con.close()

    def _update(self, sql: str, params: tuple) -> None:
        con = self._connect()
        try:
            con.execute(sql, params)
        finally:
            con.close()

    def get(self, key: str) -> Message | None:
        rows = self.messages(key=key)
        return rows[0] if rows else None

    def messages(self, *, week: str | None = None, key: str | None = None, limit: int = 500) -> list[Message]:
        """Newest first."""
        if not self.path.exists():
            return []
        where, params = [], []
        for column, value in (("week", week), ("key", key)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        sql = (f"select {', '.join(COLUMNS)} from messages" + (" where " + " and ".join(where) if where else "")
               + " order by created_at desc, key limit ?")
        con = self._connect()
        try:
            return [Message(*r) for r in con.execute(sql, [*params, limit]).fetchall()]
        finally:
            con.close()
