"""The state people write (sign-in sessions, the audit log, reviews and tasks, the outbox) lives in
SQLite files in WAL mode, opened one way: autocommit (a writer says `begin immediate` itself),
waiting up to ten seconds for another writer instead of failing, and the file's schema made once
per process and file."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

BUSY_MS = 10_000
_ready: set[tuple] = set()  # (path, inode, schema) this process has prepared


def connect(path: Path, schema: Callable[[sqlite3.Connection], None]) -> sqlite3.Connection:
    """A connection to the state file at `path`, created with `schema` (idempotent DDL) if new."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, timeout=BUSY_MS / 1000, isolation_level=None)
    try:
        con.execute(f"pragma busy_timeout = {BUSY_MS}")
        key = (str(path), path.stat().st_ino, schema)
        if key not in _ready:
            if con.execute("pragma journal_mode").fetchone()[0] != "wal":
                con.execute("pragma journal_mode = wal")
            schema(con)
            _ready.add(key)
    except BaseException:
        con.close()
        raise
    return con


@contextmanager
def immediate(con: sqlite3.Connection):
    """One write transaction (`begin immediate`): committed at the end, rolled back on any error."""
    con.execute("begin immediate")
    try:
        yield con
        con.execute("commit")
    except BaseException:
        if con.in_transaction:  # SQLite may already have rolled back (disk full, I/O error)
            con.execute("rollback")
        raise
