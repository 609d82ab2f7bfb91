"""The loop's event log: every act on a review or a 督办 task, appended, never changed.

One SQLite file beside the audit log (`<data dir>/loop.sqlite`, WAL, opened by statedb), one table:

    events(seq, at, actor, role, kind, item, expected_version, payload)

An item (a district's week under review, a task, a published week) has no row of its own: its
state is what its events, folded in order, say (grassroots/desk/review.py and tasks.py fold them).
Its version is the number of events it has. Whoever acts names the version they saw; `append`
reads the item's events and checks that version inside one `BEGIN IMMEDIATE` transaction, so of
two people acting on the same item at once exactly one is appended and the other gets `Stale`
with the item's events as they now are. Triggers refuse UPDATE and DELETE: nothing is lost or
overwritten, and a returned week keeps every round.

The store knows nothing of roles or the audit log: the desk decides who may act and writes every
attempt, appended or not, to the audit log too.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from grassroots.store import statedb

FILE = "loop.sqlite"

_SCHEMA = (
    """create table if not exists events (
        seq              integer primary key,
        at               text not null,     -- UTC, ISO 8601 with microseconds: sorts as text
        actor            text not null,     -- the user name
        role             text not null,     -- the role the act was done in
        kind             text not null,     -- submit, approve, return, published, flag, answer, evaluated, close
        item             text not null,     -- review:<as-of>:<district>, task:<id>, week:<as-of>
        expected_version integer not null,  -- the item's version the actor saw (its number of events)
        payload          text not null default '{}'
    )""",
    "create index if not exists events_item on events (item, seq)",
    "create trigger if not exists events_no_update before update on events "
    "begin select raise(abort, 'the loop log is append-only'); end",
    "create trigger if not exists events_no_delete before delete on events "
    "begin select raise(abort, 'the loop log is append-only'); end",
)


@dataclass(frozen=True)
class Event:
    seq: int
    at: dt.datetime
    actor: str
    role: str
    kind: str
    item: str
    expected_version: int
    payload: dict = field(default_factory=dict)


class Stale(Exception):
    """Someone acted on the item since the actor looked: `events` is what it holds now."""

    def __init__(self, item: str, events: list[Event]):
        super().__init__(f"{item} is at version {len(events)}")
        self.item, self.events = item, events


def _schema(con: sqlite3.Connection) -> None:
    for statement in _SCHEMA:
        con.execute(statement)


def _stamp(when: dt.datetime) -> str:
    return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _event(row) -> Event:
    at = dt.datetime.strptime(row[1], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc)
    return Event(row[0], at, row[2], row[3], row[4], row[5], row[6], json.loads(row[7]))


_COLUMNS = "seq, at, actor, role, kind, item, expected_version, payload"


class EventLog:
    def __init__(self, path: Path):
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        return statedb.connect(self.path, _schema)

    def events(self, item: str | None = None, *, prefix: str | None = None) -> list[Event]:
        """Oldest first: one item's events, those of every item whose name starts with `prefix`, or all."""
        if not self.path.exists():
            return []
        if item is not None:
            where, params = "where item = ?", (item,)
        elif prefix is not None:
            where, params = "where substr(item, 1, ?) = ?", (len(prefix), prefix)
        else:
            where, params = "", ()
        con = self._connect()
        try:
            rows = con.execute(f"select {_COLUMNS} from events {where} order by seq", params).fetchall()
        finally:
            con.close()
        return [_event(r) for r in rows]

    def append(self, item: str, kind: str, *, actor: str, role: str, expected_version: int, payload: dict | None = None,
               decide: Callable[[list[Event]], None] = lambda _: None, when: dt.datetime | None = None) -> Event:
        """Append one event to `item` if it is still at `expected_version`, else raise Stale.
        `decide(events)` runs inside the transaction on the item's current events and may refuse the
        act by raising; nothing is written then."""
        body = json.dumps(payload or {}, ensure_ascii=False, sort_keys=True, default=str)
        at = _stamp(when or dt.datetime.now(dt.timezone.utc))
        con = self._connect()
        try:
            with statedb.immediate(con):  # read the item and append under one write lock
                current = [_event(r) for r in con.execute(
                    f"select {_COLUMNS} from events where item = ? order by seq", (item,)).fetchall()]
                if len(current) != expected_version:
                    raise Stale(item, current)
                decide(current)
                seq = con.execute("insert into events (at, actor, role, kind, item, expected_version, payload) "
                                  "values (?, ?, ?, ?, ?, ?, ?)",
                                  (at, actor, role, kind, item, expected_version, body)).lastrowid
        finally:
            con.close()
        return _event((seq, at, actor, role, kind, item, expected_version, body))
