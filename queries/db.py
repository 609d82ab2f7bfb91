"""Runs the named queries of this folder over one published snapshot, with DuckDB.

`run("streets_by_district", snapshot, district_code="150102")` runs queries/streets_by_district.sql
on a connection that sees that snapshot only: its tables, the histories it carries (history/),
and the staging views (grassroots/store/staging/, see grassroots/store/warehouse.py). A query therefore never
reads another snapshot's files, and its cost does not grow with the number of snapshots.

Caching, all bounded:
- connections: one per snapshot (path and content digest), the most recently used few kept;
- results: keyed by query name, SQL text, snapshot digest and parameters — short keys whose
  cost does not depend on how many snapshots exist; an edited .sql file or a replaced snapshot
  never serves stale numbers;
- the snapshot listing: re-read only when the snapshots folder changes (a publish renames a new
  folder into it).

Every run names the caller's scope (grassroots/access/scope.py): a district role's district is bound
as `$district_code` whatever the page passed, and a query without that parameter runs for a
district role only if the written policy lists it as public. Results are cached by the bound
parameters, so one scope's rows are never served to another.

`$snapshot_date` is filled from the snapshot when a query uses it. Each query runs on its own
cursor (a connection is not thread-safe across Streamlit sessions). If the snapshot's folder was
replaced (`refresh.py --force`) while a query read it, the result is discarded and
SnapshotChanged raised, so a page never mixes two versions of one snapshot.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

import duckdb
import polars as pl

from grassroots.store import snapshots, warehouse
from grassroots.access.scope import Scope, bind

QUERY_DIR = Path(__file__).resolve().parent
RESULT_CACHE_SIZE = 512
CONNECTIONS = 6
CONNECTION_CONFIG = {"memory_limit": "512MB", "threads": 2}
# Queries running at once in this process, over all snapshots: each DuckDB instance has the memory
# above for every query running on it, and at (100, 520) twenty leaders opening the overview at once
# ran it out (OutOfMemoryException, bench/load.py). With two cores, more at once gains nothing; the
# rest wait their turn. Cached results are served without waiting.
QUERIES_AT_ONCE = 2
_running = threading.BoundedSemaphore(QUERIES_AT_ONCE)
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
_results: OrderedDict = OrderedDict()
_lock = threading.Lock()
_listing: dict[str, tuple[int, list[snapshots.Snapshot]]] = {}
_sql: dict[str, tuple[int, str, str, frozenset]] = {}


class SnapshotChanged(Exception):
    """The snapshot's folder was replaced while it was being read: rerun with the new listing."""


class SnapshotDamaged(Exception):
    """The snapshot's files no longer match its manifest."""


def snapshot_list(base: Path | None = None) -> list[snapshots.Snapshot]:
    """Published snapshots, oldest first (sizes checked; see snapshots.verified for checksums)."""
    root = snapshots.snapshots_root(Path(base or snapshots.data_dir()))
    try:
        stamp = root.stat().st_mtime_ns
    except OSError:
        return []
    cached = _listing.get(str(root))
    if cached is None or cached[0] != stamp:
        cached = (stamp, snapshots.list_snapshots(root.parent))
        _listing[str(root)] = cached
    return cached[1]


def sql_text(name: str) -> str:
    return _load(name)[1]


def parameters(name: str) -> frozenset:
    """The $named parameters queries/<name>.sql uses."""
    return _load(name)[3]


def _load(name: str) -> tuple[int, str, str, frozenset]:
    """(mtime, SQL text, short hash, parameter names) of queries/<name>.sql, re-read when edited."""
    path = QUERY_DIR / f"{name}.sql"
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name) or not path.is_file():
        raise KeyError(f"no query named {name!r} in {QUERY_DIR}")
    stamp = path.stat().st_mtime_ns
    cached = _sql.get(name)
    if cached is None or cached[0] != stamp:
        text = path.read_text(encoding="utf-8")
        body = "\n".join(line.split("--", 1)[0] for line in text.splitlines())  # parameters, not comments
        cached = (stamp, text, hashlib.sha1(text.encode()).hexdigest()[:12], frozenset(_PARAM.findall(body)))
        _sql[name] = cached
    return cached


@lru_cache(maxsize=CONNECTIONS)
def _connection(folder: str, digest: str) -> duckdb.DuckDBPyConnection:
    con = warehouse.connect([Path(folder)], config=CONNECTION_CONFIG)
    con.execute("set parquet_metadata_cache = true")
    return con


def _key(value):
    return tuple(value) if isinstance(value, list) else value


def _cached(key: tuple) -> pl.DataFrame | None:
    with _lock:
        if key in _results:
            _results.move_to_end(key)
            return _results[key]
    return None


def run(name: str, snapshot: snapshots.Snapshot, *, scope: Scope, **params) -> pl.DataFrame:
    """Run queries/<name>.sql on `snapshot` with DuckDB named parameters, within the caller's
    scope (ScopeError outside it); a Polars DataFrame."""
    _, sql, sql_hash, wanted = _load(name)
    params = bind(name, wanted, scope, params)
    if "snapshot_date" in wanted:
        params.setdefault("snapshot_date", snapshot.as_of)
    key = (name, sql_hash, str(snapshot.path), snapshot.digest, tuple(sorted((k, _key(v)) for k, v in params.items())))
    if (held := _cached(key)) is not None:
        return held
    checked = snapshots.verified(snapshot)
    if checked.stamp != snapshot.stamp:
        raise SnapshotChanged(snapshot.as_of)
    if checked.damaged:
        raise SnapshotDamaged(f"{snapshot.as_of}: {', '.join(checked.damaged)}")
    with _running:
        if (held := _cached(key)) is not None:  # computed by another session while this one waited its turn
            return held
        cursor = _connection(str(snapshot.path), snapshot.digest).cursor()
        try:
            frame = cursor.sql(sql, params=params).pl()
        except duckdb.Error:
            if snapshots.verified(snapshot).stamp != snapshot.stamp:  # its files were swapped under the query
                raise SnapshotChanged(snapshot.as_of) from None
            raise
        finally:
            cursor.close()
    if snapshots.verified(snapshot).stamp != snapshot.stamp:  # replaced while we read it
        raise SnapshotChanged(snapshot.as_of)
    with _lock:
        _results[key] = frame
        while len(_results) > RESULT_CACHE_SIZE:
            _results.popitem(last=False)
    return frame
