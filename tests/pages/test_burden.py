"""减负 under AppTest."""

from __future__ import annotations

from grassroots import demo
from app.drawn import later
from tests.pages.apptest import body, metrics, number, pick, selectbox, start, tables

PAGE = "views/burden.py"


def test_every_task_of_the_book_is_done_by_the_last_week(demo_env):
    # The published figures themselves are checked on every area page by test_published_on_area_pages.
    assert number(metrics(start(page=PAGE))["任务书已完成任务"]) == 61

def test_the_point_whose_burden_jumps_is_flagged(demo_env):
    at = start(page=PAGE)
    assert len(at.warning) == 1 and "OP15" in at.warning[0].value
    points = next(d for d in tables(at) if "观察点编号" in d.columns)
    flagged = points[points["提示"] != ""]["观察点编号"].tolist()
    assert flagged == ["OP15"]


def test_a_point_opens_from_the_url(demo_env):
    at = start({"point": "OP07"}, page=PAGE)
    assert selectbox(at, "point").value == "OP07"
    assert at.query_params["point"] in ("OP07", ["OP07"])


def test_an_earlier_snapshot_has_fewer_tasks_done_and_cases(demo_env):
    shown = metrics(pick(start(page=PAGE), "snapshot", demo.AS_OF_DATES[0].isoformat()))
    assert number(shown["任务书已完成任务"]) < 61
    assert number(shown["通报反面案例"]) < 20


def test_a_district_without_points_says_why(demo_env):
    at = start({"district": "150172"}, page=PAGE)
    assert any("没有观察点" in i.value for i in at.info)


def test_each_small_chart_names_its_point_in_full(demo_env):
    """A long name is shortened by the browser (an ellipsis, the value kept beside it), not cut in the
    page's HTML: a name cut at a digit ("第1" of "第19社区") read as part of the value."""
    import re

    at = start(page=PAGE)
    panels = next(body(h) for h in at.get("html") if "gc-panels" in body(h))
    names = [n.replace("&amp;", "&") for n in re.findall(r'<div class="gc-panel[^"]*"><div><span>(.*?)</span><b>', panels)]
    points = next(d for d in tables(at) if "观察点编号" in d.columns)
    full = {f"{p} {u}".removesuffix("居委会") for p, u in zip(points["观察点编号"], points["单位名称"])}
    assert names and set(names) <= full and any(len(n) > 12 for n in names)


def test_below_its_first_row_the_page_is_drawn_after_the_first_screen(demo_env):
    """The first row (the task book) comes with the page; the rest is drawn by the browser after the
    first screen (app/drawn/later.py), and reads the same once drawn."""
    at = start(page=PAGE)
    sent = [e.proto.body for e in at.main.get("html")]
    parts = [s for s in sent if s.startswith('<div class="gp-row"') or later.wrapped(s)]
    assert parts[0].startswith('<div class="gp-row"') and "stacked_area" in parts[0]
    assert len(parts) >= 5 and all(later.wrapped(p) for p in parts[1:])
    assert any('data-chart="small_multiples"' in later.unwrap(p) for p in parts[1:])
