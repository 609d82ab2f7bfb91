"""Runs the named queries of this folder over the published snapshots, with DuckDB.

Every table of the schema is a view over that table's Parquet file in every listed snapshot,
with a `snapshot_date` column, so one query can read one snapshot (`where snapshot_date =
$snapshot_date`) or the whole history. The connection is rebuilt when the set of snapshots
changes; results are cached by SQL text, snapshot set and parameters, in a bounded cache, so an
edited .sql file or a new snapshot never serves stale numbers. Each query runs on its own cursor.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

import duckdb
import polars as pl

from grassroots import snapshots, warehouse

QUERY_DIR = Path(__file__).resolve().parent
RESULT_CACHE_SIZE = 512
_results: OrderedDict = OrderedDict()
_lock = threading.Lock()


def snapshot_list(base: Path | None = None) -> list[snapshots.Snapshot]:
    return snapshots.list_snapshots(base)


def _fingerprint(base: Path) -> tuple:
    return tuple((s.as_of, s.damaged, tuple(sorted(s.manifest.get("checksums", {}).items())))
                 for s in snapshots.list_snapshots(base))


@lru_cache(maxsize=4)
def _connection(base: str, fingerprint: tuple) -> duckdb.DuckDBPyConnection:
    # Damaged snapshots are listed (the selector marks them) but never read.
    listed = [s.path for s in snapshots.list_snapshots(Path(base)) if s.ok]
    return warehouse.connect(listed)


def sql_text(name: str) -> str:
    path = QUERY_DIR / f"{name}.sql"
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name) or not path.is_file():
        raise KeyError(f"no query named {name!r} in {QUERY_DIR}")
    return path.read_text(encoding="utf-8")


def _key(value):
    return tuple(value) if isinstance(value, list) else value


def run(name: str, base: Path | None = None, **params) -> pl.DataFrame:
    """Run queries/<name>.sql with DuckDB named parameters and return a Polars DataFrame."""
    base = Path(base or snapshots.data_dir())
    sql = sql_text(name)
    fingerprint = _fingerprint(base)
    key = (sql, str(base), fingerprint, tuple(sorted((k, _key(v)) for k, v in params.items())))
    with _lock:
        if key in _results:
            _results.move_to_end(key)
            return _results[key]
        con = _connection(str(base), fingerprint)
        cursor = con.cursor()
    try:
        frame = cursor.sql(sql, params=params).pl()
    finally:
        cursor.close()
    with _lock:
        _results[key] = frame
        while len(_results) > RESULT_CACHE_SIZE:
            _results.popitem(last=False)
    return frame

