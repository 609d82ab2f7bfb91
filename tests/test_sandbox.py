"""The read-only SQL box: right answers, every refused form, runaway queries, untouched snapshots."""

from __future__ import annotations

import stat
import threading
import time

import duckdb
import polars as pl
import pytest

from grassroots.store import snapshots
from queries import db
from grassroots.sandbox.sql import CACHE_DIR, SandboxError, locked_file, run_sql
from grassroots.sandbox.engine import connect_locked
from tests.sql_box import COUNT, latest, still_works  # noqa: F401 (latest is a fixture)



@pytest.fixture(scope="module")
def escape_dir(tmp_path_factory):
    """Where the COPY/EXPORT/ATTACH attempts aim; after the module it must still be empty."""
    path = tmp_path_factory.mktemp("sandbox-escape")
    yield path
    assert sorted(path.iterdir()) == []


@pytest.fixture(scope="module", autouse=True)
def snapshots_untouched(demo_base):
    """After the whole module, every Parquet file still has the checksum of its manifest."""
    listed = db.snapshot_list(demo_base)
    assert listed and all(snapshots.verify(s) == [] for s in listed)
    yield
    assert {s.as_of: snapshots.verify(s) for s in listed} == {s.as_of: [] for s in listed}


def test_a_select_answers_from_the_snapshot(latest):
    result = run_sql(COUNT, latest)
    assert result.frame.columns == ["n"] and result.frame["n"].to_list() == [1529]
    assert not result.truncated and 0 <= result.elapsed_s < 5


def test_a_group_by_matches_the_parquet_file(latest):
    result = run_sql("select team_id, count(*) as n from legal_aid_cases group by team_id order by team_id", latest)
    expected = (pl.read_parquet(latest.table_path("legal_aid_cases")).group_by("team_id")
                .agg(pl.len().alias("n")).sort("team_id"))
    assert result.frame.columns == ["team_id", "n"]
    assert result.frame.rows() == expected.rows() and result.frame["n"].sum() == 1529


def test_each_snapshot_answers_with_its_own_rows(demo_base):
    for snapshot in db.snapshot_list(demo_base)[:: 12]:
        n = run_sql(COUNT, snapshot).frame["n"].item()
        assert n == snapshot.manifest["row_counts"]["legal_aid_cases"]


def test_every_table_of_the_snapshot_is_there_by_its_plain_name(latest):
    names = set(run_sql("show tables", latest).frame["name"])
    assert names == {p.stem for p in latest.path.glob("*.parquet")}


def test_the_row_limit_truncates_and_says_so(latest):
    result = run_sql("select * from units", latest, row_limit=10)
    assert result.frame.height == 10 and result.truncated
    assert result.frame.columns[:2] == ["unit_code", "unit_name"]
    exactly = run_sql("select * from range(5)", latest, row_limit=5)
    assert exactly.frame.height == 5 and not exactly.truncated
    endless = run_sql("select * from range(100000000000)", latest, row_limit=3, timeout_s=2)
    assert endless.frame["range"].to_list() == [0, 1, 2] and endless.truncated


def test_the_wrapper_cannot_be_escaped_and_takes_a_final_semicolon_or_comment(latest):
    assert run_sql(COUNT + "; -- all of them", latest).frame["n"].item() == 1529
    assert run_sql("select * from range(10) -- ) limit 100000", latest, row_limit=3).frame.height == 3
    with pytest.raises(SandboxError) as err:
        run_sql("select 1) t, (select current_setting('secret_directory')", latest)
    assert err.value.rule == "syntax" and err.value.message_zh.startswith("SQL 语法错误：")


def test_words_inside_strings_are_not_calls(latest):
    frame = run_sql("select 'read_csv current_setting query glob' as note", latest).frame
    assert frame["note"].item() == "read_csv current_setting query glob"


# One case per refused form: (id, SQL, rule). {parquet} is a real snapshot file, {tmp} a fresh folder.
REFUSED = [
    ("read_csv", "select * from read_csv('/etc/passwd')", "file_access"),
    ("read_text_scalar", "select read_text('/etc/passwd')", "file_access"),
    ("read_text", "select * from read_text('/etc/passwd')", "file_access"),
    ("read_blob", "select * from read_blob('/etc/passwd')", "file_access"),
    ("read_json", "select * from read_json('/etc/passwd')", "file_access"),
    ("sniff_csv", "select * from sniff_csv('/etc/passwd')", "file_access"),
    ("glob", "select * from glob('/*')", "file_access"),
    ("read_parquet", "select count(*) from read_parquet('{parquet}')", "file_access"),
    ("parquet_metadata", "select * from parquet_metadata('{parquet}')", "file_access"),
    ("url", "select * from 'https://example.com/x.csv'", "file_access"),
    ("copy", "COPY legal_aid_cases TO '{tmp}/x.csv'", "select_only"),
    ("copy_query", "copy (select * from units) to '{tmp}/y.parquet' (format parquet)", "select_only"),
    ("export", "EXPORT DATABASE '{tmp}/export'", "select_only"),
    ("attach_file", "ATTACH '{tmp}/x.duckdb'", "select_only"),
    ("attach_memory", "ATTACH ':memory:' as m", "select_only"),
    ("install", "INSTALL httpfs", "select_only"),
    ("load", "LOAD httpfs", "select_only"),
    ("set", "SET threads=8", "select_only"),
    ("reset", "RESET threads", "select_only"),
    ("pragma", "PRAGMA database_list", "select_only"),
    ("create", "CREATE TABLE t AS SELECT 1", "select_only"),
    ("create_temp", "CREATE TEMP TABLE t AS SELECT 1", "select_only"),
    ("drop", "DROP TABLE legal_aid_cases", "select_only"),
    ("insert", "INSERT INTO legal_aid_cases SELECT * FROM legal_aid_cases", "select_only"),
    ("update", "UPDATE legal_aid_cases SET team_id = 'x'", "select_only"),
    ("delete", "DELETE FROM legal_aid_cases", "select_only"),
    ("two_statements", "select 1; select 2", "one_statement"),
    ("select_then_drop", "select 1; drop table legal_aid_cases", "one_statement"),
    ("cte_delete", "with x as (delete from legal_aid_cases returning *) select count(*) from x", "select_only"),
    ("cte_insert", "with x as (insert into units select * from units returning *) select 1", "select_only"),
    ("getenv", "select getenv('HOME')", "environment"),
    ("current_setting", "select current_setting('secret_directory')", "environment"),
    ("current_setting_method", "select 'home_directory'.current_setting()", "environment"),
    ("duckdb_settings", "select * from duckdb_settings()", "environment"),
    ("pg_settings", "select * from pg_catalog.pg_settings", "environment"),
    ("duckdb_secrets", "select * from duckdb_secrets()", "environment"),
    ("duckdb_databases", "select path from duckdb_databases", "environment"),
    ("query", "select * from query('select current_setting(''secret_directory'')')", "function"),
    ("query_table", "select * from query_table('legal_aid_cases')", "function"),
    ("serialized_sql", "select * from json_execute_serialized_sql(json_serialize_sql('select 1'))", "function"),
    ("serialize_plan", "select json_serialize_plan('select 1')", "function"),
    ("checkpoint", "select * from checkpoint()", "function"),
    ("enable_logging", "select * from enable_logging()", "function"),
    ("empty", "", "empty"),
    ("only_a_comment", "  -- nothing here\n", "empty"),
    ("only_a_semicolon", ";", "empty"),
]


@pytest.mark.parametrize("sql, rule", [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_a_refused_form_says_why_and_the_box_keeps_working(sql, rule, latest, escape_dir):
    with pytest.raises(SandboxError) as err:
        run_sql(sql.format(parquet=latest.table_path("legal_aid_cases"), tmp=escape_dir), latest)
    assert err.value.rule == rule
    assert "只允许" in err.value.message_zh or "不允许" in err.value.message_zh
    assert err.value.message_en and "Traceback" not in err.value.message_zh
    still_works(latest)


def test_a_cte_before_copy_is_a_syntax_error(latest, escape_dir):
    with pytest.raises(SandboxError) as err:
        run_sql(f"with x as (select 1) copy legal_aid_cases to '{escape_dir}/z.csv'", latest)
    assert err.value.rule == "syntax" and err.value.message_zh.startswith("SQL 语法错误：")
    still_works(latest)


def test_unknown_names_are_named(latest):
    for sql in ("select * from no_such_table", "select no_such_column from units"):
        with pytest.raises(SandboxError) as err:
            run_sql(sql, latest)
        assert err.value.rule == "unknown" and err.value.message_zh.startswith("未知的表、列或函数：")


@pytest.mark.parametrize("sql", [
    "select count(*) from range(100000000000) a, range(1000) b",
    "with recursive r(n) as (select 1 union all select n + 1 from r) select count(*) from r",
], ids=["cross_join", "recursive_cte"])
def test_a_runaway_query_is_stopped_at_the_time_limit(sql, latest, demo_base):
    first = db.snapshot_list(demo_base)[0]
    other = {}
    neighbour = threading.Thread(target=lambda: other.update(n=run_sql(COUNT, first).frame["n"].item()))
    started = time.perf_counter()
    with pytest.raises(SandboxError) as err:
        neighbour.start()  # another snapshot's sandbox answers meanwhile
        run_sql(sql, latest, timeout_s=1)
    elapsed = time.perf_counter() - started
    neighbour.join()
    assert err.value.rule == "timeout" and err.value.message_zh == "查询超过 1 秒已中止"
    assert 0.9 < elapsed < 30  # left alone, either runs for minutes (a worker may start first)
    assert other["n"] == first.manifest["row_counts"]["legal_aid_cases"]
    still_works(latest)


@pytest.mark.parametrize("sql", [
    "select list(x) from range(1000000000) t(x)",
    "select repeat('x', 100000000) as s from range(100)",  # huge values, few rows
], ids=["huge_list", "huge_strings"])
def test_a_query_over_the_memory_limit_fails_fast(sql, latest):
    with pytest.raises(SandboxError) as err:
        run_sql(sql, latest, timeout_s=10)
    assert err.value.rule == "memory" and err.value.message_zh.startswith("结果超过内存上限")
    still_works(latest)


def test_the_engine_itself_refuses_writes_files_and_settings(latest):
    """Under the checks: the connection is read-only and locked, whatever reaches it."""
    con = connect_locked(str(locked_file(latest)))
    for sql in ("create table t as select 1", "with x as (delete from units returning *) select 1",
                "attach ':memory:' as m", "set threads = 8", "select * from read_text('/etc/passwd')"):
        with pytest.raises(duckdb.Error):
            con.cursor().sql(sql).fetchall()
    con.close()


def test_the_locked_file_is_built_once_in_a_private_folder(latest, demo_base):
    path = locked_file(latest)
    built = path.stat().st_mtime_ns
    assert locked_file(latest) == path and path.stat().st_mtime_ns == built  # reused, not rebuilt
    assert path.parent.parent == CACHE_DIR and not path.is_relative_to(demo_base)
    assert stat.S_IMODE(CACHE_DIR.stat().st_mode) == 0o700 and CACHE_DIR.stat().st_uid == path.stat().st_uid
    assert stat.S_IMODE(path.stat().st_mode) == 0o400  # not even the app writes to it after the build

