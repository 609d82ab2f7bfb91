"""The state people write (sign-in sessions, the audit log, reviews and tasks, the outbox) lives in
SQLite files in WAL mode, opened one way: autocommit (a writer says `begin immediate` itself),
waiting up to ten seconds for another writer instead of failing, and the file's schema made once
per process and file."""

from __future__ import annotations

import sqlite3
import time
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
            _wal(con)
            schema(con)
            _ready.add(key)
    except BaseException:
        con.close()
        raise
    return con


def _wal(con: sqlite3.Connection) -> None:
    """Switch the file to WAL. The switch takes an exclusive lock and SQLite does not wait for it
    (no busy handler): two processes opening a new file at once retry for up to BUSY_MS."""
    deadline = time.monotonic() + BUSY_MS / 1000
    while True:
        try:
            if con.execute("pragma journal_mode").fetchone()[0] != "wal":
                con.execute("pragma journal_mode = wal")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def stamp(path: Path) -> tuple:
    """What changes when a SQLite file (or any file or folder) changes: its time, size and inode, and
    its write-ahead log's (None where absent). Readers keep what they read while it stays the same."""
    out = []
    for p in (path, path.with_name(path.name + "-wal")):
        try:
            st = p.stat()
            out.append((st.st_mtime_ns, st.st_size, st.st_ino))
        except OSError:
            out.append(None)
    return tuple(out)


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
