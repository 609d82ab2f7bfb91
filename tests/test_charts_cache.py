"""app/charts.py keeps built figures by content: a rerun reuses them, any change of data or option rebuilds."""

import polars as pl

from app import charts


def frame(value: int) -> pl.DataFrame:
    return pl.DataFrame({"district_code": ["150102", "150103"], "name": ["新城区", "回民区"], "n": [value, 2]})


def test_same_content_gives_the_same_figure():
    a = charts.district_bars(frame(1), "n", "name", y_title="个")
    assert charts.district_bars(frame(1).clone(), "n", "name", y_title="个") is a


def test_changed_value_option_or_builder_rebuilds():
    a = charts.district_bars(frame(1), "n", "name", y_title="个")
    changed = charts.district_bars(frame(3), "n", "name", y_title="个")
    assert changed is not a and list(changed.data[0].y) == [3, 2]
    assert charts.district_bars(frame(1), "n", "name", y_title="人") is not a
    assert charts.district_bars(frame(1), "n", "name", y_title="个", reference=1.5) is not a
    assert charts.grouped_bars(frame(1), "name", {"n": "数量"}) is not a


def test_list_arguments_are_part_of_the_key():
    a = charts.before_after(["街道"], [31], [39], ("前", "后"))
    assert charts.before_after(["街道"], [31], [39], ("前", "后")) is a
    assert list(charts.before_after(["街道"], [31], [44], ("前", "后")).data[1].y) == [44]


def test_the_cache_is_bounded():
    for i in range(300):
        charts.funnel(["a", "b"], [i, 1])
    assert len(charts._FIGURES) <= 256


def test_no_page_modifies_a_figure_it_got_from_the_cache(demo_env):
    """A figure handed out by the cache is shared by every session: a page that drew on it (say
    one more line) would draw it twice on the next rerun and race other sessions. Every page runs,
    reruns and changes district; every figure cached before must be as it was built."""
    from bench.common import PAGE_SCRIPTS
    from tests.pages.apptest import start

    for page, script in PAGE_SCRIPTS.items():
        at = start(page=script)
        before = {key: fig.to_json() for key, fig in charts._FIGURES.items()}
        assert before or page in ("overview", "compare"), f"{page} drew no cached chart"
        at.run()
        at.selectbox(key="district").select_index(1).run()
        at.selectbox(key="district").select_index(0).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        changed = [key[0] for key, fig in charts._FIGURES.items() if key in before and fig.to_json() != before[key]]
        assert not changed, f"{page} modified the cached figures of {changed}"


def test_a_step_line_keeps_only_the_weeks_where_the_value_changes():
    import datetime as dt

    weeks = [dt.date(2026, 1, 2) + dt.timedelta(days=7 * i) for i in range(6)]
    frame = pl.DataFrame({"district_code": ["150102"] * 6, "name": ["新城区"] * 6, "week": weeks,
                          "streets": [5, 5, 6, 6, 6, 7]})
    trace = charts.district_lines(frame, "week", "streets", "name", step=True).data[0]
    assert list(trace.y) == [5, 6, 7] and list(trace.x) == [weeks[0], weeks[2], weeks[5]]
    flat = frame.with_columns(pl.lit(5).alias("streets"))
    assert list(charts.district_lines(flat, "week", "streets", "name", step=True).data[0].x) == [weeks[0], weeks[5]]
    assert len(charts.district_lines(frame, "week", "streets", "name").data[0].y) == 6  # not a step: every week
