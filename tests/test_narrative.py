"""本周要情: every number of the text is found in the snapshot; small counts of people print "<5"
in the sentences and in what a push sends; three to six sentences in both languages."""

from __future__ import annotations

import re

import polars as pl
import pytest

from grassroots import demo
from grassroots.access.scope import CITY
from grassroots.catalogue.figures import load_targets
from grassroots.outputs import brief, narrative
from grassroots.push import compose
from grassroots.push.config import Recipient
from grassroots.store.pipeline import stored_figures
from queries import db, run

NUMBER = re.compile(r"[+−-]?\d[\d,]*(?:\.\d+)?万?")


def numbers_in(sentence: narrative.Sentence) -> list[float]:
    """The numbers a reader sees, parsed from the text (names and labels are not numbers)."""
    text = "".join(p if isinstance(p, str) else p.text for p in sentence if not isinstance(p, narrative.Name))
    return [narrative.parse_number(n) for n in NUMBER.findall(text)]


def truth(snap, district: str | None, num: narrative.Num) -> float:
    """The number as the snapshot holds it, read without the narrative's code."""
    if num.query == "headline_figures" and num.field != "status":
        stored = stored_figures(snap).filter(pl.col("figure_id") == num.field)
        stored = stored.filter(pl.col("district_code").is_null() if district is None or num.field in CITY_ONLY
                               else pl.col("district_code") == district)
        now = stored["value"][0]
        frame = run("headline_figures", snap, scope=CITY, district_code=district).filter(pl.col("figure_id") == num.field)
        before = frame["value_before"][0]
        return {"value": now, "value_before": before, "change": now - (before or 0)}[num.what]
    if num.query == "observation_points_latest":
        points = run("observation_points_latest", snap, scope=CITY, district_code=district,
                     rise_pct=load_targets()["observation"]["rising_pct"])
        rising = points.filter(pl.col("total_rises"))
        return rising.height if num.what == "count" else rising["burden_change"].max()
    if num.query == "negative_cases":
        cases = run("negative_cases", snap, scope=CITY, district_code=district)
        before = run("headline_figures", snap, scope=CITY, district_code=district)["before_date"][0]
        return cases.filter(pl.col("notified_on") > before).height
    raise AssertionError(f"a number from an unknown source: {num}")


CITY_ONLY: set[str] = set()


@pytest.mark.parametrize("week", [demo.AS_OF_DATES[-1], demo.AS_OF_DATES[12], demo.AS_OF_DATES[1]])
@pytest.mark.parametrize("district", [None, "150102", "150105"])
def test_every_number_in_the_text_is_the_snapshots(demo_base, week, district):
    snap = next(s for s in db.snapshot_list(demo_base) if s.as_of == week)
    week_brief = brief.build(snap, district, "zh")
    CITY_ONLY.update(r.id for a in week_brief.areas for r in a["rows"] if r.label.endswith("（全市）"))
    lines = narrative.sentences(week_brief)
    assert 3 <= len(lines) <= 6
    checked = 0
    for line in lines:
        nums = [p for p in line if isinstance(p, narrative.Num)]
        shown = [n for n in nums if n.text != "<5"]
        parsed = numbers_in(line)
        assert len(parsed) == len(shown)  # every number of the text is a Num, and each Num prints one number
        for value, num in zip(parsed, shown):
            assert value == pytest.approx(num.value, rel=5e-3)  # as printed (1.58万) = as stored
        for num in nums:
            if num.field == "status":  # how many more reached or behind: counted from the sentence's figures
                continue
            assert num.value == pytest.approx(truth(snap, district, num)), (narrative.plain(line), num)
            checked += 1
    assert checked or week == demo.AS_OF_DATES[1]


def test_both_languages_say_the_same_numbers(demo_base):
    snap = db.snapshot_list(demo_base)[-1]
    zh, en = (narrative.sentences(brief.build(snap, None, lang)) for lang in ("zh", "en"))
    values = [[p.value for p in line if isinstance(p, narrative.Num)] for line in zh]
    assert values == [[p.value for p in line if isinstance(p, narrative.Num)] for line in en]
    assert all(re.search(r"[\u4e00-\u9fff]", narrative.plain(line)) for line in zh)


def test_a_small_count_of_people_prints_as_under_five_in_text_and_push(demo_base):
    snap = db.snapshot_list(demo_base)[-1]
    week = brief.build(snap, "150102", "zh")
    row = week.figures["workers_in_two_committees"]
    row.value, row.before, row.change, row.value_text = 3, 2, 1, "3名"
    row.change_text = "+1名"
    value, before, change = narrative.figure_nums(row, "zh")
    assert (value.text, before.text, change.text) == ("<5", "<5", "<5") and value.value is None
    week.figures["volunteer_sessions"].change = 0  # the people figure is the week's biggest move
    for r in week.figures.values():
        if r.id != "workers_in_two_committees":
            r.change = 0
    text = narrative.plain(narrative.sentences(week)[0])
    assert "<5" in text and "3名" not in text
    pushed = compose.message_of(week, Recipient("x", "wecom", "http://127.0.0.1/x", district="150102"), "", pdf=False)
    assert "3名" not in pushed.markdown and "<5" in pushed.markdown and "<5" in pushed.text
