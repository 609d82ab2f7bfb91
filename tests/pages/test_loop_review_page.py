"""The review on the data desk under AppTest (tiny world: week 1 published, week 2 handed in):
returned with a reason the district reads at once; an act on a state someone changed is told so."""

from __future__ import annotations

import pytest
import tiny
from access import desk_base, fill_week, signed_in, week_one  # noqa: F401 (fixtures)
from loop_helpers import LI, ZHOU, audit_of

from grassroots.desk import loop, review

WEEK = tiny.AS_OF[2]


@pytest.fixture
def base(desk_base):
    """The desk's folder, the week handed in, 新城区's submitted."""
    dst = desk_base
    fill_week(dst, WEEK)
    assert review.submit(dst, WEEK, "150102", 0, actor=LI, audit=audit_of(dst), today=WEEK).ok
    return dst


def clerk_desk(base):
    at = signed_in(base, "zhou", "views/desk.py")
    at.selectbox(key="desk_week").set_value(WEEK).run()
    return at


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_returned_with_a_reason_the_district_reads_at_once(base, lang):
    at = clerk_desk(base)
    if lang == "en":
        at.button(key="lang_switch").click().run()
    board = at.dataframe[1].value
    assert board.iloc[0].tolist()[:3] == (["新城区", "已提交", 1] if lang == "zh" else ["Xincheng", "Submitted", 1])
    at.text_area(key="loop_reason_150102").input("社区工作者人数与上周相差过大，请核实")
    at.button(key="FormSubmitter:loop_return_150102-" + ("退回修改" if lang == "zh" else "Return")).click().run()
    assert not at.exception
    assert review.review(loop.loop_log(audit_of(base)), WEEK, "150102").state == "returned"
    district = signed_in(base, "li", "views/desk.py", query={"lang": lang})
    district.selectbox(key="desk_week").set_value(WEEK).run()
    assert "社区工作者人数与上周相差过大，请核实" in district.error[0].value
    assert any(
        ("已退回" if lang == "zh" else "Returned") in m.value for m in district.markdown)
    assert district.button(key="loop_submit").label == ("提交审核" if lang == "zh" else "Submit for review")


def test_an_act_on_a_state_someone_changed_meanwhile_is_refused_and_the_new_state_shown(base):
    at = clerk_desk(base)
    assert review.approve(WEEK, "150102", 1, actor=ZHOU, audit=audit_of(base)).ok  # another clerk, in another browser
    at.text_area(key="loop_reason_150102").input("请核实")
    at.button(key="FormSubmitter:loop_return_150102-退回修改").click().run()
    assert "已被他人处理：现在是“已通过”" in at.warning[0].value
    assert review.review(loop.loop_log(audit_of(base)), WEEK, "150102").state == "approved"
    assert [e["outcome"] for e in audit_of(base).events(actions=["review"])][:2] == ["stale", "ok"]
