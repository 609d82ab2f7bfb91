"""Drawn charts (app/drawn/) are kept by content: a rerun reuses them, any change of data or option redraws."""

import datetime as dt

import polars as pl

from app import drawn
from app.drawn import frame as drawing
from tests.pages.apptest import visible


def frame(value: int) -> pl.DataFrame:
    return pl.DataFrame({"district_code": ["150102", "150103"], "name": ["新城区", "回民区"], "n": [value, 2]})


def test_same_content_gives_the_same_drawing():
    a = drawn.district_bars(frame(1), "n", "name", unit="个")
    assert drawn.district_bars(frame(1).clone(), "n", "name", unit="个") is a


def test_changed_value_option_or_builder_redraws():
    a = drawn.district_bars(frame(1), "n", "name", unit="个")
    changed = drawn.district_bars(frame(3), "n", "name", unit="个")
    assert changed is not a and visible(changed).split()[:5] == ["个", "新城区", "3", "回民区", "2"]
    assert drawn.district_bars(frame(1), "n", "name", unit="人") is not a
    assert drawn.district_bars(frame(1), "n", "name", unit="个", reference=1.5) is not a
    assert drawn.district_bars(frame(1), "n", "name", unit="个", lang="en") is not a
    assert drawn.grouped_bars(frame(1), "name", {"n": "数量"}) is not a


def test_list_arguments_are_part_of_the_key():
    a = drawn.before_after(["街道"], [31], [39], ("前", "后"))
    assert drawn.before_after(["街道"], [31], [39], ("前", "后")) is a
    assert visible(drawn.before_after(["街道"], [31], [44], ("前", "后"))).split()[-2:] == ["31", "44"]


def test_the_cache_is_bounded():
    for i in range(300):
        drawn.funnel(["a", "b"], [i, 1])
    assert len(drawing._DRAWN) <= 256


def test_a_step_line_keeps_only_the_weeks_where_the_value_changes():
    weeks = [dt.date(2026, 1, 2) + dt.timedelta(days=7 * i) for i in range(6)]
    steps = pl.DataFrame({"district_code": ["150102"] * 6, "name": ["新城区"] * 6, "week": weeks,
                          "streets": [5, 5, 6, 6, 6, 7]})
    hovered = lambda d: [t for t in visible(d.replace('title="', '> ').replace('"></i>', ' <')).split() if "：" in t]  # noqa: E731
    assert [t.split("：")[1] for t in hovered(drawn.district_lines(steps, "week", "streets", "name", step=True))] == ["5", "6", "7"]
    flat = steps.with_columns(pl.lit(5).alias("streets"))
    assert len(hovered(drawn.district_lines(flat, "week", "streets", "name", step=True))) == 2
    assert len(hovered(drawn.district_lines(steps, "week", "streets", "name"))) == 6  # not a step: every week


def test_the_exploration_draws_as_many_groups_as_it_keeps():
    """Up to MOST_SERIES values of the second dimension, each its own colour; the rest are in the table."""
    from app.drawn.explore import MOST_SERIES

    many = pl.DataFrame({"dim1": ["新城区"] * (MOST_SERIES + 2), "dim2": [f"队伍{i:02d}" for i in range(MOST_SERIES + 2)],
                         "value": [float(i) for i in range(MOST_SERIES + 2)]})
    drawing = drawn.explore_chart(many, time_axis=False, x="dim1", y="value", color="dim2", labels={}, more="其余见下表")
    keys = visible(drawing.split('<div class="gc-rows">')[0]).split()
    assert len(set(keys) & {f"队伍{i:02d}" for i in range(MOST_SERIES + 2)}) == MOST_SERIES and "其余见下表" in visible(drawing)
    assert len({c[:7] for c in drawing.split("background:")[1:] if c.startswith("#")}) == MOST_SERIES  # a colour each
