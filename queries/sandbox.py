"""A read-only SQL box: one SELECT at a time over one snapshot's tables, for analysts.

What is defended, and how (every point was tried against DuckDB 2.0.1):

1. The snapshot's files. Its Parquet files are copied once into tables of a private DuckDB file
   (in a fresh temp folder), which is then reopened ``read_only=True`` and deleted from disk while
   open. User SQL never sees a Parquet path: it reads ``legal_aid_cases`` etc., plain tables.
   Read-only at the engine, not only by our checks: ``CREATE``/``DROP``/``INSERT``/``ATTACH
   ':memory:'`` fail there too. This matters because DuckDB reports a data-modifying CTE
   (``with x as (delete from t returning *) select ...``) as a SELECT statement, and on an
   in-memory database it really deletes, even after the lockdown below.
2. Files, network, extensions, settings. Before anything user-written runs, the connection gets
   ``memory_limit``, ``threads``, ``temp_directory=''`` (the default temp folder would otherwise
   stay writable), no extension auto-install/auto-load, then ``enable_external_access=false`` and
   ``lock_configuration=true``. DuckDB then refuses ``read_csv``/``read_text``/``glob``/
   ``read_parquet``/``COPY``/``EXPORT``/``ATTACH``/``INSTALL``/``LOAD``/``SET``.
3. Statements. Exactly one statement, of type SELECT (``extract_statements``). The statement is
   then parsed to its syntax tree (``json_serialize_sql``; anything it cannot serialise is
   refused) and walked: only plain query nodes (no DELETE/INSERT/UPDATE inside a CTE); table
   functions only from a short allowlist (``range``, ``unnest``, ...), which shuts out the file
   readers, ``query``/``query_table``/``json_execute_serialized_sql`` (SQL built from strings
   would dodge this walk), ``duckdb_settings()``, ``duckdb_secrets()``, ``enable_logging()``,
   ``checkpoint()``, ``arrow_scan`` (takes a raw pointer) ...; and a denylist of names, for
   scalar functions and system views that still answer after the lockdown and tell about the
   machine: ``current_setting`` (e.g. ``secret_directory`` shows the home folder),
   ``pg_settings``, ``duckdb_databases``/``pragma_database_list`` (paths), ``getenv`` (absent
   from this build; listed in case a later one has it), ``json_serialize_plan`` (takes SQL text),
   ``write_log``. The walk reads the parsed tree, not the text, so a word in a string literal
   or a column alias is never mistaken for a call. A new DuckDB version can add functions: check
   ``duckdb_functions()`` against these lists when upgrading (tests/test_sandbox.py checks the
   built-in macros).
4. Rows, time, memory. The checked text (less a final semicolon) is run as
   ``with _sandbox_rows as materialized (select * from (\n<sql>\n) limit n + 1) select ...``.
   It cannot reach past that wrapper: alone it parsed as one complete SELECT (strings, quoted
   names, block comments closed), and the newline ends a trailing ``--`` comment. DuckDB stops
   after n + 1 rows; ``materialized`` holds them inside DuckDB's ``memory_limit`` (with
   ``rel.limit()`` or ``rel.materialize()``, ``select repeat('x', 100000000) from range(100)``
   grew the app by 2-4 GB before failing). A ``threading.Timer`` interrupts the query's own
   cursor at the time limit; with no temp folder to spill to, huge queries fail fast on memory.
   Each query has its own cursor: a refused or interrupted one leaves the sandbox serving others.

Every failure is a ``SandboxError(message_zh, message_en, rule)``; DuckDB's own text may follow
the Chinese lead, a Python traceback never does. Rules: ``empty``, ``one_statement``,
``select_only``, ``file_access``, ``environment``, ``function`` (refused before running);
``syntax``, ``unknown``, ``invalid``, ``timeout``, ``memory`` (from DuckDB). Sandboxes are
cached per snapshot (path and manifest checksums), at most ``CACHE_SIZE`` of them.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import duckdb
import polars as pl

from grassroots.schema import TABLES
from grassroots.snapshots import Snapshot

ROW_LIMIT = 1000
TIMEOUT_S = 5.0
MEMORY_LIMIT = "256MB"
THREADS = 2
CACHE_SIZE = 4

QUERY_NODES = {"SELECT_NODE", "SET_OPERATION_NODE", "RECURSIVE_CTE_NODE", "CTE_NODE"}
TABLE_FUNCTIONS = {"range", "generate_series", "unnest", "json_each", "json_tree"}
ENVIRONMENT = {  # functions and system views that tell about the machine, its settings or secrets
    "getenv", "current_setting", "duckdb_settings", "pg_settings", "duckdb_secrets", "which_secret",
    "duckdb_databases", "pragma_database_list", "duckdb_extensions", "duckdb_temporary_files",
    "duckdb_logs", "duckdb_logs_parsed", "duckdb_log_contexts", "duckdb_external_file_cache",
    "duckdb_profiling_settings", "pragma_user_agent", "pragma_platform",
}
OTHER_DENIED = {"json_serialize_plan", "write_log"}  # takes SQL text / writes to the log
_FILE_FUNCTION = re.compile(r"read_|parquet_|glob$|sniff_csv$")


class SandboxError(Exception):
    """A refused or failed query, with the message to show (Chinese first) and the rule broken."""

    def __init__(self, message_zh: str, message_en: str, rule: str):
        super().__init__(message_zh)
        self.message_zh, self.message_en, self.rule = message_zh, message_en, rule


@dataclass(frozen=True)
class SandboxResult:
    frame: pl.DataFrame
    truncated: bool
    elapsed_s: float


_lock = threading.Lock()


@lru_cache(maxsize=CACHE_SIZE)
def _sandbox(folder: str, checksums: tuple) -> duckdb.DuckDBPyConnection:
    work = Path(tempfile.mkdtemp(prefix="grassroots-sandbox-"))
    db = str(work / "snapshot.duckdb")
    try:
        with duckdb.connect(db, config={"autoinstall_known_extensions": False,
                                        "autoload_known_extensions": False}) as build:
            for name in TABLES:
                parquet = Path(folder) / f"{name}.parquet"
                if parquet.is_file():
                    build.execute(f'create table "{name}" as select * from read_parquet(?)', [str(parquet)])
        con = duckdb.connect(db, read_only=True, config={
            "memory_limit": MEMORY_LIMIT, "threads": THREADS, "temp_directory": "",
            "autoinstall_known_extensions": False, "autoload_known_extensions": False})
        con.execute("set enable_external_access = false")
        con.execute("set lock_configuration = true")
    finally:  # the open connection keeps the deleted file's data; nothing is left on disk
        shutil.rmtree(work, ignore_errors=True)
    return con


def sandbox(snapshot: Snapshot) -> duckdb.DuckDBPyConnection:
    """The locked connection for this snapshot (built on first use, then cached)."""
    checksums = tuple(sorted(snapshot.manifest.get("checksums", {}).items()))
    with _lock:
        return _sandbox(str(Path(snapshot.path).resolve()), checksums)


def _refuse(zh: str, en: str, rule: str):
    raise SandboxError(zh, en, rule)


def _walk(node, found: dict) -> None:
    if isinstance(node, list):
        for item in node:
            _walk(item, found)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("type")
    if isinstance(kind, str) and kind.endswith("_NODE"):
        found["nodes"].add(kind)
    if node.get("class") == "FUNCTION":
        found["functions"].add(str(node.get("function_name", "")).lower())
    if kind == "TABLE_FUNCTION" and isinstance(node.get("function"), dict):
        found["table_functions"].add(str(node["function"].get("function_name", "")).lower())
    if kind == "BASE_TABLE":
        found["names"].add(str(node.get("table_name", "")).lower())
    for value in node.values():
        _walk(value, found)


def _check(cursor: duckdb.DuckDBPyConnection, sql: str) -> None:
    statements = cursor.extract_statements(sql)
    if not statements:
        _refuse("查询框是空的：只允许一条 SELECT 查询", "The box is empty: enter one SELECT query", "empty")
    if len(statements) > 1:
        _refuse(f"只允许一条 SELECT 查询（这里有 {len(statements)} 条语句）",
                f"Only one SELECT query is allowed (found {len(statements)} statements)", "one_statement")
    kind = statements[0].type
    if kind != duckdb.StatementType.SELECT:
        _refuse(f"只允许一条 SELECT 查询，不允许 {kind.name} 语句",
                f"Only one SELECT query is allowed, not {kind.name}", "select_only")
    tree = json.loads(cursor.sql("select json_serialize_sql($q)", params={"q": sql}).fetchall()[0][0])
    if tree.get("error") or len(tree.get("statements", [])) != 1:
        _refuse("只允许一条普通的 SELECT 查询（这条查询无法检查）",
                "Only a plain SELECT query is allowed (this one cannot be checked)", "select_only")
    found = {"nodes": set(), "functions": set(), "table_functions": set(), "names": set()}
    _walk(tree["statements"], found)
    if writes := sorted(found["nodes"] - QUERY_NODES):
        _refuse(f"只允许只读的 SELECT 查询，不允许在查询中写入数据（{writes[0].split('_')[0]}）",
                f"Only a read-only SELECT is allowed: no data-modifying {writes[0].split('_')[0]}", "select_only")
    names = found["functions"] | found["table_functions"] | found["names"]
    if files := sorted(n for n in names if _FILE_FUNCTION.match(n)):
        _refuse(f"不允许读取文件或访问网络（{files[0]}）", f"Reading files or the network is not allowed ({files[0]})",
                "file_access")
    if leaks := sorted(names & ENVIRONMENT):
        _refuse(f"不允许查看运行环境、设置或密钥（{leaks[0]}）",
                f"Looking at the environment, settings or secrets is not allowed ({leaks[0]})", "environment")
    if others := sorted((found["table_functions"] - TABLE_FUNCTIONS) | (names & OTHER_DENIED)):
        _refuse(f"不允许使用函数 {others[0]}（允许的表函数：{'、'.join(sorted(TABLE_FUNCTIONS))}）",
                f"The function {others[0]} is not allowed (table functions allowed: {', '.join(sorted(TABLE_FUNCTIONS))})",
                "function")


def _translate(exc: duckdb.Error, timed_out: bool, timeout_s: float, shift: int = 0) -> SandboxError:
    # "LINE n:" counts lines of the wrapped text; give the line of the user's own text
    text = re.sub(r"LINE (\d+):", lambda m: f"LINE {max(1, int(m[1]) - shift)}:", str(exc).strip())
    if timed_out or isinstance(exc, duckdb.InterruptException):
        return SandboxError(f"查询超过 {timeout_s:g} 秒已中止", f"Query stopped after {timeout_s:g} s", "timeout")
    if isinstance(exc, duckdb.OutOfMemoryException):
        return SandboxError(f"结果超过内存上限（{MEMORY_LIMIT}），已中止：请缩小查询范围",
                            f"Over the memory limit ({MEMORY_LIMIT}); narrow the query", "memory")
    if isinstance(exc, duckdb.PermissionException):
        return SandboxError(f"不允许读取文件或访问网络：{text}", f"Reading files or the network is not allowed: {text}",
                            "file_access")
    if isinstance(exc, duckdb.ParserException):
        return SandboxError(f"SQL 语法错误：{text}", f"SQL syntax error: {text}", "syntax")
    if isinstance(exc, duckdb.CatalogException) or (
            isinstance(exc, duckdb.BinderException) and "not found" in text):
        return SandboxError(f"未知的表、列或函数：{text}", f"Unknown table, column or function: {text}", "unknown")
    return SandboxError(f"查询无法执行：{text}", f"The query failed: {text}", "invalid")


def _body(sql: str) -> str:
    """The text without a final semicolon and the comments after it (they would break the wrapper)."""
    tokens = [(pos, kind) for pos, kind in duckdb.tokenize(sql) if kind != duckdb.token_type.comment]
    if tokens and tokens[-1][1] == duckdb.token_type.operator and sql[tokens[-1][0]] == ";":
        return sql[:tokens[-1][0]]
    return sql


def run_sql(sql: str, snapshot: Snapshot, *, row_limit: int = ROW_LIMIT, timeout_s: float = TIMEOUT_S) -> SandboxResult:
    """Run one SELECT over the snapshot's tables: at most row_limit rows, stopped after timeout_s."""
    if row_limit < 0:
        raise ValueError("row_limit must be >= 0")
    started = time.perf_counter()
    if not sql or not sql.strip():
        _refuse("查询框是空的：只允许一条 SELECT 查询", "The box is empty: enter one SELECT query", "empty")
    cursor = sandbox(snapshot).cursor()
    timed_out = threading.Event()

    def stop() -> None:
        timed_out.set()
        cursor.interrupt()

    timer = threading.Timer(timeout_s, stop)
    timer.daemon = True
    timer.start()
    shift = 0
    try:
        body = _body(sql)
        _check(cursor, body)
        # Why this wrapper cannot be escaped and why "materialized": point 4 of the module docstring.
        wrapped = (f"with _sandbox_rows as materialized (select * from (\n{body}\n) limit {row_limit + 1})\n"
                   "select * from _sandbox_rows")
        shift = 1
        frame = cursor.sql(wrapped).pl()
    except duckdb.Error as exc:
        raise _translate(exc, timed_out.is_set(), timeout_s, shift) from None
    except SandboxError:
        raise
    except Exception as exc:  # e.g. an INTERVAL column Polars cannot import: a message, not a traceback
        raise SandboxError(f"查询结果无法显示（可把该列转为文本：::varchar）：{exc}",
                           f"The result cannot be shown (cast the column ::varchar): {exc}", "invalid") from None
    finally:
        timer.cancel()
        timer.join()  # a timer already firing finishes its interrupt before the cursor closes
        cursor.close()
    return SandboxResult(frame.head(row_limit), frame.height > row_limit, time.perf_counter() - started)
