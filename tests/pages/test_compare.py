"""快照对比 under AppTest."""

from __future__ import annotations

from grassroots import demo
from tests.pages.apptest import start, tables

PAGE = "views/compare.py"


def test_latest_week_against_the_previous_one_has_no_revision(demo_env):
    at = start(page=PAGE)
    assert at.selectbox(key="cmp_old").value == demo.AS_OF_DATES[-2].isoformat()
    assert any("没有修订" in s.value for s in at.success)


def test_the_revised_week_shows_the_revision(demo_env):
    week = demo.REVISED[4]
    at = start({"old": demo.AS_OF_DATES[week - 1].isoformat(), "new": demo.AS_OF_DATES[week].isoformat()}, page=PAGE)
    assert any("1 处修订" in w.value for w in at.warning)
    revision = tables(at)[0].iloc[0]
    assert revision["旗县区"] == "回民区" and revision["字段"] == "人数"
    assert int(revision["原值"]) - int(revision["新值"]) == demo.REVISED[3]


def test_the_same_snapshot_twice_is_refused_kindly(demo_env):
    last = demo.AS_OF_DATES[-1].isoformat()
    at = start({"old": last, "new": last}, page=PAGE)
    assert any("不同的期次" in w.value for w in at.warning)
