"""Inside a sandbox worker: the locked connection, the statement check, and one query's answer.

The worker imports this file as a top-level module (``python grassroots/sandbox/sql_worker.py`` puts this
folder first on ``sys.path``) and the tests import it as ``grassroots.sandbox.engine``, so it imports
nothing from the project: the standard library, duckdb and pyarrow only. The parent process
(grassroots/sandbox/sql.py) uses its ``SandboxError`` and messages, never its connection.

What is defended, and how (every point was tried against DuckDB 2.0.1):

1. The snapshot's files. The parent copies a snapshot's Parquet files once into a private DuckDB
   file (grassroots/sandbox/sql.py); a worker opens it ``read_only=True``. User SQL never sees a Parquet
   path: it reads ``legal_aid_cases`` etc., plain tables. Read-only at the engine, not only by our
   checks: ``CREATE``/``DROP``/``INSERT``/``ATTACH ':memory:'`` fail there too. This matters
   because DuckDB reports a data-modifying CTE (``with x as (delete from t returning *) select
   ...``) as a SELECT statement, and on an in-memory database it really deletes.
2. Files, network, extensions, settings. Before anything user-written runs, the connection gets
   ``memory_limit``, ``threads``, ``temp_directory=''`` (the default temp folder would otherwise
   stay writable), no extension auto-install/auto-load, then ``enable_external_access=false`` and
   ``lock_configuration=true``. DuckDB then refuses ``read_csv``/``read_text``/``glob``/
   ``read_parquet``/``COPY``/``EXPORT``/``ATTACH``/``INSTALL``/``LOAD``/``SET``.
3. Statements. Exactly one statement, of type SELECT (``extract_statements``; a PIVOT without an
   ``IN`` list is several statements and gets its own message). The statement is then parsed to
   its syntax tree (``json_serialize_sql``; anything it cannot serialise is refused) and walked:
   only plain query nodes (no DELETE/INSERT/UPDATE inside a CTE); table functions only from a
   short allowlist (``range``, ``unnest``, ...), which shuts out the file readers, ``query``/
   ``query_table``/``json_execute_serialized_sql`` (SQL built from strings would dodge this walk),
   ``duckdb_settings()``, ``duckdb_secrets()``, ``enable_logging()``, ``checkpoint()``,
   ``arrow_scan`` (takes a raw pointer) ...; and a denylist of names, for scalar functions and
   system views that still answer after the lockdown and tell about the machine:
   ``current_setting`` (e.g. ``secret_directory`` shows the home folder), ``pg_settings``,
   ``duckdb_databases``/``pragma_database_list`` (paths), ``getenv`` (absent from this build;
   listed in case a later one has it), ``json_serialize_plan`` (takes SQL text), ``write_log``,
   ``sleep_ms``/``pg_sleep`` (only hold a worker). The walk reads the parsed tree, not the text,
   so a word in a string literal or a column alias is never mistaken for a call. A new DuckDB
   version can add functions: tests/test_sandbox_functions.py classifies every function of this
   version, so an upgrade that adds one fails a test until someone has looked at it.
4. Rows, time, memory. The checked text (less a final semicolon) is run as
   ``with _sandbox_rows as materialized (select * from (\\n<sql>\\n) limit n + 1) select ...``.
   It cannot reach past that wrapper: alone it parsed as one complete SELECT (strings, quoted
   names, block comments closed), and the newline ends a trailing ``--`` comment. DuckDB stops
   after n + 1 rows; ``materialized`` holds them inside DuckDB's ``memory_limit``. A timer
   interrupts the query's own cursor at the time limit. Neither covers everything: memory taken
   inside one function call (``repeat``, ``range``, ``list_resize``) is not counted by
   ``memory_limit``, and an interrupt does nothing while a query is parsed or planned. The worker
   process's address-space limit and the parent's hard kill (grassroots/sandbox/pool.py) cover those.
5. What comes back. Column types the result table cannot show (INTERVAL, UNION, MAP, STRUCT,
   BLOB, ...) are cast to text by DuckDB, so an analyst sees ``1 day`` rather than an error; the
   rows travel to the parent as Arrow IPC bytes, at most ``MAX_RESULT_BYTES`` of them.

Every failure is a ``SandboxError(message_zh, message_en, rule)``; DuckDB's own text may follow
the Chinese lead, a Python traceback never does. Rules from here: ``empty``, ``one_statement``,
``select_only``, ``pivot``, ``file_access``, ``environment``, ``function`` (refused before
running); ``syntax``, ``unknown``, ``invalid``, ``timeout``, ``memory``, ``too_large`` (while
running). grassroots/sandbox/sql.py adds ``too_long``, ``busy``, ``crashed``, ``unavailable``.
"""

from __future__ import annotations

import json
import re
import threading
import time

import duckdb
import pyarrow as pa
import pyarrow.ipc

MEMORY_LIMIT = "256MB"
THREADS = 2
MAX_RESULT_BYTES = 16 << 20  # Arrow bytes of one answer: a thousand rows of a wide table is ~1 MB
MAX_MESSAGE = 2000  # characters of DuckDB's own error text passed on

QUERY_NODES = {"SELECT_NODE", "SET_OPERATION_NODE", "RECURSIVE_CTE_NODE", "CTE_NODE"}
TABLE_FUNCTIONS = {"range", "generate_series", "unnest", "json_each", "json_tree"}
ENVIRONMENT = {  # functions and system views that tell about the machine, its settings or secrets
    "getenv", "current_setting", "duckdb_settings", "pg_settings", "duckdb_secrets", "which_secret",
    "duckdb_databases", "pragma_database_list", "duckdb_extensions", "duckdb_temporary_files",
    "duckdb_logs", "duckdb_logs_parsed", "duckdb_log_contexts", "duckdb_external_file_cache",
    "duckdb_profiling_settings", "pragma_user_agent", "pragma_platform",
    "get_block_size",  # a macro over pragma_database_size(): sizes and memory settings
}
OTHER_DENIED = {  # takes SQL text / writes to the log / only holds a worker for its time limit
    "json_serialize_plan", "write_log", "sleep_ms", "pg_sleep",
}
_FILE_FUNCTION = re.compile(r"read_|parquet_|glob$|sniff_csv$")
# Type ids the result table shows as they are; any other column (and lists of them) becomes text.
SHOWN_TYPES = {
    "boolean", "tinyint", "smallint", "integer", "bigint", "hugeint", "utinyint", "usmallint",
    "uinteger", "ubigint", "uhugeint", "float", "double", "decimal", "varchar", "uuid", "enum",
    "date", "time", "timestamp", "timestamp_s", "timestamp_ms", "timestamp_ns",
    "timestamp with time zone", "null",
}
_WRAPPER = "with _sandbox_rows as materialized (select * from (\n{body}\n) limit {limit})\n"


class SandboxError(Exception):
    """A refused or failed query, with the message to show (Chinese first) and the rule broken."""

    def __init__(self, message_zh: str, message_en: str, rule: str):
        super().__init__(message_zh)
        self.message_zh, self.message_en, self.rule = message_zh, message_en, rule


def timeout_error(seconds: float) -> SandboxError:
    return SandboxError(f"查询超过 {seconds:g} 秒已中止", f"Query stopped after {seconds:g} s", "timeout")


def memory_error() -> SandboxError:
    return SandboxError(f"结果超过内存上限（{MEMORY_LIMIT}），已中止：请缩小查询范围",
                        f"Over the memory limit ({MEMORY_LIMIT}); narrow the query", "memory")


def connect_locked(path: str) -> duckdb.DuckDBPyConnection:
    """The snapshot's file, opened read-only and locked down before any user SQL (points 1-2)."""
    con = duckdb.connect(path, read_only=True, config={
        "memory_limit": MEMORY_LIMIT, "threads": THREADS, "temp_directory": "",
        "autoinstall_known_extensions": False, "autoload_known_extensions": False})
    con.execute("set enable_external_access = false")
    con.execute("set lock_configuration = true")
    return con


def _refuse(zh: str, en: str, rule: str):
    raise SandboxError(zh, en, rule)


def statement_text(sql: str) -> str:
    """The text without a final semicolon and the comments after it (they would break the wrapper).

    duckdb.tokenize() gives byte offsets into the UTF-8 text, so the cut is made in bytes (cutting
    the str at them broke any query with Chinese before its last token). The tokenizer takes a
    full-width space (U+3000) for a name; a "name" that is only spaces is skipped as the space it is.
    """
    data = sql.encode("utf-8")
    tokens = duckdb.tokenize(sql)
    ends = [pos for pos, _ in tokens[1:]] + [len(data)]
    kept = [(pos, kind) for (pos, kind), end in zip(tokens, ends)
            if kind != duckdb.token_type.comment
            and not (kind == duckdb.token_type.identifier and data[pos:end].decode("utf-8", "replace").isspace())]
    if kept and kept[-1][1] == duckdb.token_type.operator and data[kept[-1][0]:kept[-1][0] + 1] == b";":
        return data[:kept[-1][0]].decode("utf-8")
    return sql


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


def check(cursor: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Refuse anything but one read-only SELECT within the allow/deny lists (point 3)."""
    statements = cursor.extract_statements(sql)
    if not statements:
        _refuse("查询框是空的：只允许一条 SELECT 查询", "The box is empty: enter one SELECT query", "empty")
    if len(statements) > 1:
        _refuse(f"只允许一条 SELECT 查询（这里有 {len(statements)} 条语句）",
                f"Only one SELECT query is allowed (found {len(statements)} statements)", "one_statement")
    kind = statements[0].type
    if kind == duckdb.StatementType.MULTI and re.search(r"\bpivot\b", sql, re.IGNORECASE):
        # DuckDB runs a PIVOT without an IN list as two statements: one to find the values first.
        _refuse("PIVOT 需要写明要展开的取值，例如：pivot legal_aid_cases on team_id in ('T01', 'T02') "
                "using count(*) group by snapshot_date",
                "PIVOT needs the values to spread listed, e.g. pivot legal_aid_cases on team_id in "
                "('T01', 'T02') using count(*) group by snapshot_date", "pivot")
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


def translate(exc: duckdb.Error, timed_out: bool, timeout_s: float, shift: int = 0) -> SandboxError:
    """DuckDB's error as a SandboxError; "LINE n:" counts lines of the wrapped text, so give the user's."""
    text = re.sub(r"LINE (\d+):", lambda m: f"LINE {max(1, int(m[1]) - shift)}:", str(exc).strip())[:MAX_MESSAGE]
    if timed_out or isinstance(exc, duckdb.InterruptException):
        return timeout_error(timeout_s)
    if isinstance(exc, duckdb.OutOfMemoryException):
        return memory_error()
    if isinstance(exc, duckdb.PermissionException):
        return SandboxError(f"不允许读取文件或访问网络：{text}", f"Reading files or the network is not allowed: {text}",
                            "file_access")
    if isinstance(exc, duckdb.ParserException):
        return SandboxError(f"SQL 语法错误：{text}", f"SQL syntax error: {text}", "syntax")
    if isinstance(exc, duckdb.CatalogException) or (
            isinstance(exc, duckdb.BinderException) and "not found" in text):
        return SandboxError(f"未知的表、列或函数：{text}", f"Unknown table, column or function: {text}", "unknown")
    return SandboxError(f"查询无法执行：{text}", f"The query failed: {text}", "invalid")


def _shown(kind: duckdb.DuckDBPyType) -> bool:
    if kind.id == "list":
        return _shown(kind.children[0][1])
    return kind.id in SHOWN_TYPES


def _rows(cursor: duckdb.DuckDBPyConnection, body: str, row_limit: int) -> pa.Table:
    """At most row_limit + 1 rows, columns the table cannot show cast to text by DuckDB (points 4-5)."""
    wrapper = _WRAPPER.format(body=body, limit=row_limit + 1)
    rel = cursor.sql(wrapper + "select * from _sandbox_rows")  # binds only: names and types
    if all(_shown(kind) for kind in rel.types):
        return rel.to_arrow_table()
    # By position, so no user-written name is pasted into SQL; the names are put back on the Arrow side.
    columns = ", ".join(f"#{i}" if _shown(kind) else f"cast(#{i} as varchar)"
                        for i, kind in enumerate(rel.types, start=1))
    return cursor.sql(wrapper + f"select {columns} from _sandbox_rows").to_arrow_table().rename_columns(rel.columns)


def answer(con: duckdb.DuckDBPyConnection, sql: str, row_limit: int, timeout_s: float,
           received: float) -> tuple[dict, bytes]:
    """One request: (header, Arrow IPC bytes). The header says ok, or carries the SandboxError's fields.

    ``received`` is the time.monotonic() at which the request arrived; the check's time counts.
    """
    cursor = con.cursor()
    timed_out = threading.Event()
    timer = None
    shift = 0
    try:
        body = statement_text(sql)
        check(cursor, body)
        left = timeout_s - (time.monotonic() - received)
        if left <= 0:  # the check itself used the time up: do not start
            raise timeout_error(timeout_s)

        def stop() -> None:
            timed_out.set()
            cursor.interrupt()

        timer = threading.Timer(left, stop)
        timer.daemon = True
        timer.start()
        shift = 1
        table = _rows(cursor, body, row_limit)
        if table.nbytes > MAX_RESULT_BYTES:
            raise SandboxError(f"结果太大（超过 {MAX_RESULT_BYTES >> 20} MB）：请减少列或行，或截短长文本",
                               f"The result is too large (over {MAX_RESULT_BYTES >> 20} MB): "
                               "select fewer columns or rows, or shorten long text", "too_large")
        truncated = table.num_rows > row_limit
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, table.schema) as writer:
            writer.write_table(table.slice(0, row_limit))
        return {"ok": True, "truncated": truncated}, sink.getvalue().to_pybytes()
    except SandboxError as err:
        failure = err
    except duckdb.Error as exc:
        failure = translate(exc, timed_out.is_set(), timeout_s, shift)
    except MemoryError:  # Python or Arrow hit the worker's address-space limit
        failure = memory_error()
    except Exception as exc:  # a message, never a traceback
        failure = SandboxError(f"查询无法执行：{exc}"[:MAX_MESSAGE], f"The query failed: {exc}"[:MAX_MESSAGE], "invalid")
    finally:
        if timer is not None:
            timer.cancel()
            timer.join()  # a timer already firing finishes its interrupt before the cursor closes
        cursor.close()
    return {"ok": False, "zh": failure.message_zh, "en": failure.message_en, "rule": failure.rule}, b""
