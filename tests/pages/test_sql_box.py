"""The SQL box on the exploration page: answers, refuses clearly, and the page keeps serving."""

from __future__ import annotations

from tests.pages.apptest import start, tables

PAGE = "views/explore.py"


def ask(at, sql: str):
    at.text_area(key="sql_text").input(sql)
    at.button[0].click().run()  # the form's submit button is the page's only button
    assert not at.exception, [e.value for e in at.exception]
    return at


def sql_page(demo_env):
    at = start(page=PAGE)
    at.toggle(key="sql_mode").set_value(True).run()
    return at


def test_a_select_answers_with_a_table(demo_env):
    at = ask(sql_page(demo_env), "select count(*) as n from legal_aid_cases")
    assert at.dataframe[0].value.iloc[0, 0] == 1529


def test_reading_a_file_is_refused_in_chinese_and_the_next_query_works(demo_env):
    at = ask(sql_page(demo_env), "select * from read_csv('/etc/passwd')")
    assert len(at.error) == 1 and "不允许" in at.error[0].value
    at = ask(at, "select count(*) from grids")
    assert not at.error and at.dataframe[0].value.iloc[0, 0] == 6158


def test_two_statements_are_refused(demo_env):
    at = ask(sql_page(demo_env), "select 1; drop table grids")
    assert "一条" in at.error[0].value


def test_the_catalogue_exploration_still_works_below_the_box(demo_env):
    at = ask(sql_page(demo_env), "select 1 as one")
    assert len(at.dataframe) == 1 and len(tables(at)) >= 2  # the SQL answer (a grid), then the exploration table


def test_a_chinese_filter_and_alias_answer(demo_env):
    at = ask(sql_page(demo_env), "select count(*) as 数量 from units where unit_name = '海拉尔东路街道'")
    assert not at.error and list(at.dataframe[0].value.columns) == ["数量"]
    assert at.dataframe[0].value.iloc[0, 0] == 1


def test_a_full_box_says_try_again_shortly_and_the_page_keeps_serving(demo_env):
    from grassroots.sandbox.pool import POOL, POOL_SIZE

    at = sql_page(demo_env)
    held = [POOL.checkout() for _ in range(POOL_SIZE)]  # every worker taken by other analysts
    try:
        at = ask(at, "select 1 as one")
    finally:
        for worker in held:
            POOL.checkin(worker)
    assert len(at.error) == 1 and "请稍后再试" in at.error[0].value
    at = ask(at, "select 1 as one")
    assert not at.error and at.dataframe[0].value.iloc[0, 0] == 1
