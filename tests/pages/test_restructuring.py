"""治理单元优化 under AppTest."""

from __future__ import annotations

from grassroots import demo
from tests.pages.apptest import metrics, number, pick, selectbox, start, tables

PAGE = "views/restructuring.py"


def test_an_earlier_snapshot_has_fewer_streets_and_approvals(demo_env):
    at = pick(start(page=PAGE), "snapshot", demo.AS_OF_DATES[5].isoformat())
    shown = metrics(at)
    assert number(shown["街道办事处"]) == 34  # only 新城区 (8 → 11) approved by week 5
    assert number(shown["方案已批复的区"]) == 1


def test_districts_sum_to_the_city(demo_env):
    at = start(page=PAGE)
    total = 0.0
    for code in demo.World().districts:
        total += number(metrics(pick(at, "district", code))["社区"])
    assert total == 450


def test_drill_down_lists_the_communities_of_the_street_in_the_url(demo_env):
    at = start({"district": "150102", "street": "150102009"}, page=PAGE)
    assert selectbox(at, "street_150102").value == "150102009"
    members = tables(at)[-1]  # the community table of the chosen street
    assert len(members) > 0 and members.iloc[:, 0].str.contains("社区").any()


def test_crosswalk_marks_invented_splits(demo_env):
    at = start(page=PAGE)
    crosswalk = next(d for d in tables(at) if "2023 年街道" in d.columns)
    assert len(crosswalk) == 39
    assert crosswalk["关系"].str.contains("示例推定").sum() == 10
