"""The SQL box's isolation: runaway memory and time stay in a worker, Chinese text works, the pool
refuses at once when full, and PIVOT and odd column types get human answers."""

from __future__ import annotations

import contextlib
import threading
import time

import polars as pl
import psutil
import pyarrow as pa
import pyarrow.ipc
import pytest

from grassroots.sandbox.sql import MAX_SQL_BYTES, SandboxError, _frame, locked_file, run_sql
from grassroots.sandbox.pool import ADDRESS_SPACE, POOL, POOL_SIZE, RECYCLE_RSS, Worker, WorkerGone
from tests.sql_box import COUNT, latest, still_works  # noqa: F401 (latest is a fixture)

STREET = "海拉尔东路街道"
# Planning this takes ~30 s and an interrupt does nothing meanwhile: only the hard kill stops it.
PLANNING = ("with a0 as (select 1 x), "
            + ", ".join(f"a{i} as not materialized (select a.x from a{i - 1} a, a{i - 1} b)" for i in range(1, 17))
            + " select count(*) from a16")
MEMORY_RUNAWAYS = {
    "repeat": "select repeat('x', 2000000000) as s",
    "range": "select max(x) from (select range(100000000) as x)",
    "list_resize": "select len(list_resize([1], 500000000)) as n",
    "string_split": "select len(string_split(repeat('a,', 300000000), ',')) as n",
}


def worker_processes() -> list[psutil.Process]:
    found = []
    for process in psutil.Process().children():
        with contextlib.suppress(psutil.Error):
            if "sql_worker.py" in " ".join(process.cmdline()):
                found.append(process)
    return found


def chinese_answers(snapshot):
    """A filter, aliases and full-width spaces in Chinese, as analysts write them."""
    assert run_sql(f"select count(*) as n from units where unit_name = '{STREET}'", snapshot).frame["n"].item() == 1
    named = run_sql(f"select unit_name as 街道, count(*) as 数量\u3000from units\u3000where unit_name = '{STREET}'"
                    "\u3000group by 1;\u3000-- 按街道", snapshot).frame
    assert named.columns == ["街道", "数量"] and named.rows() == [(STREET, 1)]


def test_chinese_literals_aliases_and_full_width_spaces_work(latest):
    chinese_answers(latest)
    assert run_sql("select\u3000'海拉尔 东路' as 名称\u3000;", latest).frame["名称"].item() == "海拉尔 东路"
    assert run_sql("select '\u3000全角\u3000' as s", latest).frame["s"].item() == "\u3000全角\u3000"


@pytest.mark.parametrize("sql", MEMORY_RUNAWAYS.values(), ids=MEMORY_RUNAWAYS.keys())
def test_memory_taken_inside_one_call_is_refused_and_the_app_does_not_grow(sql, latest):
    still_works(latest)  # the snapshot's file and a worker exist before measuring
    app = psutil.Process()
    before = app.memory_info().rss
    with pytest.raises(SandboxError) as err:
        run_sql(sql, latest, timeout_s=10)
    assert err.value.rule == "memory" and err.value.message_zh.startswith("结果超过内存上限")
    assert app.memory_info().rss - before < 32 << 20
    still_works(latest)


def test_every_worker_runs_under_its_address_space_limit(latest):
    still_works(latest)
    worker = POOL.checkout()
    try:
        assert psutil.Process(worker.proc.pid).rlimit(psutil.RLIMIT_AS) == (ADDRESS_SPACE, ADDRESS_SPACE)
    finally:
        POOL.checkin(worker)


def test_a_heavy_but_fair_query_fits_under_the_limit_and_its_worker_is_then_replaced(latest):
    frame = run_sql("select count(distinct x::varchar) as n from range(3000000) t(x)", latest, timeout_s=30).frame
    assert frame["n"].item() == 3_000_000
    worker = POOL.checkout()  # what the next analyst gets: not the worker left holding ~0.4 GB
    try:
        assert worker.resident() <= RECYCLE_RSS
    finally:
        POOL.checkin(worker)


def test_megabytes_of_comments_are_refused_before_any_worker_sees_them(latest):
    padded = "select 1 /*" + "注释" * 1_000_000 + "*/"
    with pytest.raises(SandboxError) as err:
        run_sql(padded, latest)
    assert err.value.rule == "too_long" and "太长" in err.value.message_zh and "32 KB" in err.value.message_zh
    at_the_cap = "select 1 as one --" + "x" * (MAX_SQL_BYTES - len("select 1 as one --"))
    assert run_sql(at_the_cap, latest).frame["one"].item() == 1
    with pytest.raises(SandboxError):
        run_sql(at_the_cap + "x", latest)


@pytest.mark.parametrize("sql", ["select count(*) from range(100000000000) a, range(1000) b", PLANNING],
                         ids=["cross_join", "planning"])
def test_a_slow_query_is_stopped_and_the_analysts_next_query_works(sql, latest):
    with pytest.raises(SandboxError) as err:
        run_sql(sql, latest, timeout_s=1)
    assert err.value.rule == "timeout" and err.value.message_zh == "查询超过 1 秒已中止"
    still_works(latest)


def test_the_parent_kills_a_worker_that_does_not_answer_in_time(latest):
    worker = Worker()
    request = {"db": str(locked_file(latest)), "sql": PLANNING, "row_limit": 10, "timeout_s": 60}
    with pytest.raises(WorkerGone) as gone:
        worker.ask(request, 1)  # the worker's own timer would wait 60 s
    assert gone.value.reason == "timeout" and not worker.alive()


def test_a_worker_that_dies_mid_query_is_reported_and_replaced(latest):
    still_works(latest)
    outcome = {}

    def analyst():
        try:
            run_sql(PLANNING, latest, timeout_s=60)
        except SandboxError as err:
            outcome["rule"] = err.rule

    other = threading.Thread(target=analyst)
    other.start()
    while POOL.busy == 0 and other.is_alive():
        time.sleep(0.01)
    workers = worker_processes()
    for process in workers:  # idle ones too: whichever holds the query dies with them
        with contextlib.suppress(psutil.Error):
            process.kill()
    other.join()
    assert workers and outcome == {"rule": "crashed"}
    still_works(latest)


def test_chinese_queries_answer_while_another_analysts_runaway_is_killed(latest):
    warm = [POOL.checkout() for _ in range(2)]  # two analysts' workers, started beforehand
    for worker in warm:
        worker.ask({"db": str(locked_file(latest)), "sql": "select 1", "row_limit": 1, "timeout_s": 5}, 60)
    for worker in warm:
        POOL.checkin(worker)
    outcome = {}
    done = threading.Event()

    def runaway():
        try:
            run_sql(PLANNING, latest, timeout_s=5)
        except SandboxError as err:
            outcome["rule"] = err.rule
        done.set()

    other = threading.Thread(target=runaway)
    other.start()
    chinese_answers(latest)
    answered_meanwhile = not done.is_set()
    other.join()
    # Planning grows its memory as it runs: it meets the time or the memory limit first, by the
    # machine's speed; either way the worker is killed and the others answered meanwhile.
    assert outcome.get("rule") in ("timeout", "memory") and answered_meanwhile
    still_works(latest)


def test_a_full_pool_refuses_at_once_with_try_again(latest):
    still_works(latest)
    held = [POOL.checkout() for _ in range(POOL_SIZE)]
    try:
        assert all(held) and POOL.busy == POOL_SIZE
        with pytest.raises(SandboxError) as err:
            run_sql(COUNT, latest)
        assert err.value.rule == "busy" and "请稍后再试" in err.value.message_zh
        assert "try again" in err.value.message_en and POOL.busy == POOL_SIZE
    finally:
        for worker in held:
            POOL.checkin(worker)
    still_works(latest)


def test_a_pivot_with_its_values_listed_answers_and_one_without_says_how(latest):
    frame = run_sql("pivot (select unit_level from units) on unit_level in ('street', 'community') "
                    "using count(*)", latest).frame
    levels = pl.read_parquet(latest.table_path("units"))["unit_level"].value_counts()
    expected = dict(zip(levels["unit_level"], levels["count"]))
    assert frame.rows() == [(expected["street"], expected["community"])]
    with pytest.raises(SandboxError) as err:
        run_sql("pivot units on unit_level using count(*)", latest)
    assert err.value.rule == "pivot" and "PIVOT" in err.value.message_zh and " in (" in err.value.message_zh
    assert "MULTI" not in err.value.message_zh + err.value.message_en


def test_columns_the_table_cannot_show_come_back_as_text(latest):
    frame = run_sql("select interval 1 day as 间隔, [interval 2 hour] as l, union_value(a := 1) as u, "
                    "map {'a': 1} as m, 1 as n, [1, 2] as li", latest).frame
    assert frame.row(0) == ("1 day", "['02:00:00']", "1", "{a=1}", 1, [1, 2])
    assert frame.schema["间隔"] == pl.String and frame.schema["n"] == pl.Int32


def test_a_result_polars_cannot_read_says_how_to_cast_it():
    table = pa.table({"d": pa.array([(1, 2, 3)], type=pa.month_day_nano_interval())})
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    with pytest.raises(SandboxError) as err:
        _frame(sink.getvalue().to_pybytes())
    assert err.value.rule == "invalid" and "::varchar" in err.value.message_zh and "::varchar" in err.value.message_en
    assert "POLARS" not in err.value.message_zh + err.value.message_en
