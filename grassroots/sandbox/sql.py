"""A read-only SQL box: one SELECT at a time over one snapshot's tables, for analysts.

``run_sql(sql, snapshot)`` answers with a ``SandboxResult`` or raises a ``SandboxError`` whose
Chinese and English messages can be shown as they are. The query never runs in the app's process:

- here, the text is capped (``MAX_SQL_BYTES``) and the snapshot's locked DuckDB file is found or
  built (below);
- a worker process runs it (grassroots/sandbox/pool.py: address-space limit, hard kill at the time
  limit, at most ``POOL_SIZE`` at once, "请稍后再试" beyond that);
- inside the worker, engine.py locks the connection down, checks the statement
  on its parse tree, limits rows and time, and sends the rows back as Arrow bytes. Its docstring
  lists what is defended and how.

The locked file. A snapshot's Parquet files are copied once into tables of a DuckDB file in a
private cache folder (``CACHE_DIR``, this user's only, outside data/), named by the snapshot's
checksums, so every worker opens the same file read-only in milliseconds instead of copying
Parquet per query. It is built under a temporary name and renamed into place, so a reader never
sees half a file; user SQL cannot write to it (the engine opens it read-only, external access off).
At most ``CACHE_FILES`` are kept; the least recently used go first, never one used in the last
``CACHE_MIN_AGE_S``.

Rules added here: ``too_long`` (text over the cap), ``busy`` (every worker taken), ``crashed``
(the worker died on the query), ``unavailable`` (no worker or cache folder could be had), and
``invalid`` for a result the table still cannot show.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.ipc

from grassroots.catalogue.tables import TABLES
from grassroots.store.snapshots import Snapshot
from grassroots.sandbox.engine import SandboxError, timeout_error
from grassroots.sandbox.pool import KILL_GRACE_S, POOL, POOL_SIZE, WorkerGone

__all__ = ["ROW_LIMIT", "TIMEOUT_S", "MAX_SQL_BYTES", "SandboxError", "SandboxResult", "run_sql", "locked_file"]

ROW_LIMIT = 1000
TIMEOUT_S = 5.0
MAX_SQL_BYTES = 32 * 1024  # a long hand-written query is a few KB; megabytes would only stall the parser
CACHE_DIR = Path(tempfile.gettempdir()) / f"grassroots-sandbox-{os.getuid()}"
CACHE_FILES = 8
CACHE_MIN_AGE_S = 600
LAYOUT = 1  # bump when the built file's layout changes, so old cached files are not reused


@dataclass(frozen=True)
class SandboxResult:
    frame: pl.DataFrame
    truncated: bool
    elapsed_s: float


_build_lock = threading.Lock()


def _private_cache() -> Path:
    CACHE_DIR.mkdir(mode=0o700, exist_ok=True)
    info = os.lstat(CACHE_DIR)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise SandboxError(f"查询服务不可用：缓存目录 {CACHE_DIR} 不属于本用户",
                           f"The SQL box is unavailable: {CACHE_DIR} is not this user's folder", "unavailable")
    if info.st_mode & 0o077:
        CACHE_DIR.chmod(0o700)
    return CACHE_DIR


def _key(snapshot: Snapshot) -> str:
    """Names the built file by content: the snapshot's checksums, DuckDB's version, our layout."""
    checksums = snapshot.manifest.get("checksums") or {
        p.name: f"{p.stat().st_mtime_ns}:{p.stat().st_size}" for p in snapshot.path.glob("*.parquet")}
    text = "\n".join([duckdb.__version__, str(LAYOUT), *(f"{k}={v}" for k, v in sorted(checksums.items()))])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _build(snapshot: Snapshot, folder: Path) -> None:
    work = Path(tempfile.mkdtemp(prefix=".build-", dir=folder.parent))
    try:
        db = work / "snapshot.duckdb"
        with duckdb.connect(str(db), config={"autoinstall_known_extensions": False,
                                             "autoload_known_extensions": False}) as build:
            for name in TABLES:
                parquet = snapshot.table_path(name)
                if parquet.is_file():
                    build.execute(f'create table "{name}" as select * from read_parquet(?)', [str(parquet)])
        db.chmod(0o400)
        try:
            work.rename(folder)
        except OSError:  # another process built the same snapshot first: theirs is as good
            pass
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # removed meanwhile by another app process
        return 0.0


def _evict(cache: Path, keep: Path) -> None:
    folders = sorted((p for p in cache.iterdir() if p != keep), key=_mtime, reverse=True)
    built = [p for p in folders if not p.name.startswith(".build-")]
    stale = built[CACHE_FILES - 1:] + [p for p in folders if p.name.startswith(".build-")]
    for path in stale:
        if time.time() - _mtime(path) > CACHE_MIN_AGE_S:
            shutil.rmtree(path, ignore_errors=True)


def locked_file(snapshot: Snapshot) -> Path:
    """The snapshot's tables in one DuckDB file for workers to open read-only (built on first use)."""
    cache = _private_cache()
    folder = cache / _key(snapshot)
    with _build_lock:
        if not (folder / "snapshot.duckdb").is_file():
            shutil.rmtree(folder, ignore_errors=True)  # a folder without its file is a broken leftover
            _build(snapshot, folder)
            _evict(cache, folder)
        os.utime(folder)  # recently used: evicted last
    return folder / "snapshot.duckdb"


def _frame(payload: bytes) -> pl.DataFrame:
    try:
        return pl.from_arrow(pa.ipc.open_stream(payload).read_all())
    except (Exception, pl.exceptions.PanicException):  # Polars' own text is a hint for developers
        raise SandboxError("查询结果中有表格无法显示的列类型：请把该列转为文本（列名::varchar）后再查询",
                           "The result has a column type the table cannot show: cast it to text (column::varchar) "
                           "and run again", "invalid") from None


def run_sql(sql: str, snapshot: Snapshot, *, row_limit: int = ROW_LIMIT, timeout_s: float = TIMEOUT_S) -> SandboxResult:
    """Run one SELECT over the snapshot's tables: at most row_limit rows, stopped after timeout_s."""
    if row_limit < 0:
        raise ValueError("row_limit must be >= 0")
    started = time.perf_counter()
    if not sql or not sql.strip():
        raise SandboxError("查询框是空的：只允许一条 SELECT 查询", "The box is empty: enter one SELECT query", "empty")
    try:
        size = len(sql.encode("utf-8"))
    except UnicodeEncodeError:
        raise SandboxError("查询文本中有无法识别的字符，请重新输入", "The text has characters that cannot be read: "
                           "type it again", "syntax") from None
    if size > MAX_SQL_BYTES:
        raise SandboxError(f"查询文本太长（{size // 1024} KB，上限 {MAX_SQL_BYTES // 1024} KB）：请删去注释或拆成几条查询",
                           f"The query text is too long ({size // 1024} KB, limit {MAX_SQL_BYTES // 1024} KB): "
                           "remove comments or split it into several queries", "too_long")
    db = locked_file(snapshot)
    worker = POOL.checkout()
    if worker is None:
        raise SandboxError(f"查询繁忙：已有 {POOL_SIZE} 条查询在运行，请稍后再试",
                           f"The SQL box is busy ({POOL_SIZE} queries running): try again shortly", "busy")
    try:
        header, payload = worker.ask({"db": str(db), "sql": sql, "row_limit": row_limit, "timeout_s": timeout_s},
                                     timeout_s + KILL_GRACE_S)
        if header.get("rule") == "memory":
            # a worker that ran into its limits keeps a fragmented address space: the next analyst's
            # fair query could fail in it, so it is replaced like one that died
            worker.kill()
    except WorkerGone as gone:
        if gone.reason == "timeout":
            raise timeout_error(timeout_s) from None
        if gone.reason == "startup":
            raise SandboxError("查询服务启动失败，请稍后再试", "The SQL box could not start: try again shortly",
                               "unavailable") from None
        raise SandboxError("查询进程异常退出（多半是超出了内存上限），已重新启动：请缩小查询范围",
                           "The query's process died (most likely over its memory limit) and was restarted: "
                           "narrow the query", "crashed") from None
    finally:
        POOL.checkin(worker)
    if not header.get("ok"):
        raise SandboxError(header["zh"], header["en"], header["rule"])
    frame = _frame(payload)
    return SandboxResult(frame, bool(header["truncated"]), time.perf_counter() - started)
