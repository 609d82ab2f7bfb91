"""共治与志愿服务 under AppTest."""

from __future__ import annotations

from grassroots import demo
from tests.pages.apptest import metrics, number, pick, selectbox, start, tables

PAGE = "views/cogovernance.py"


def test_legal_aid_by_team_for_one_district_and_eight_weeks(demo_env):
    at = start({"district": "150105"}, page=PAGE)
    teams = next(d for d in tables(at) if "队伍名称" in d.columns)
    assert {"赛罕区法律援助志愿服务一队", "赛罕区法律援助志愿服务二队", "赛罕区法律援助志愿服务三队"} <= set(teams["队伍名称"])
    eight_weeks = teams["法律援助（件次）"].sum()
    selectbox(at, "period").set_value(0).run()
    everything = next(d for d in tables(at) if "队伍名称" in d.columns)["法律援助（件次）"].sum()
    assert 0 < eight_weeks < everything


def test_districts_sum_to_the_city(demo_env):
    at = start(page=PAGE)
    total = sum(number(metrics(pick(at, "district", c))["法律援助志愿服务"]) for c in demo.World().districts)
    assert total == 1529


def test_the_named_brands_are_listed_with_their_places(demo_env):
    brands = tables(start(page=PAGE))[-1]  # a drawn table: st.table would read Markdown in names
    assert "大召社区" in " ".join(brands.iloc[:, 1])
    assert len(brands) == 3
