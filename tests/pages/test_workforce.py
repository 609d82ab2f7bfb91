"""队伍建设 under AppTest."""

from __future__ import annotations

from grassroots import demo
from tests.pages.apptest import drawn, metrics, number, pick, start, visible

PAGE = "views/workforce.py"


def test_career_path_funnel_follows_the_published_counts(demo_env):
    at = start(page=PAGE)
    (funnel,) = drawn(at, "funnel")
    shown = visible(funnel).split()  # each stage: its label, its count, its share of the first
    assert [w for w in shown if w.replace(",", "").isdigit()] == ["5,308", "1,259", "120", "36", "22"]
    assert "(24%)" in shown


def test_the_2025_cohort_arrives_later(demo_env):
    early = metrics(pick(start(page=PAGE), "snapshot", demo.AS_OF_DATES[0].isoformat()))
    # 2022-2024 only, with 回民区's 2024 figure as first reported (revised down by 3 in week 12)
    assert number(early["招考高校毕业生"]) == 900 + 1000 + 1000 + demo.REVISED[3]


def test_one_district_shows_its_own_workers(demo_env):
    shown = metrics(pick(start(page=PAGE), "district", "150105"))
    assert 0 < number(shown["社区工作者"]) < 5308
