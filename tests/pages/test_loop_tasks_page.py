"""督办 and 红黑榜 under AppTest (tiny world, week 1 published): a leader flags a figure from its card on
the overview, the district answers from its desk, the 督办 page lists, filters and closes; the league
page shows ranks with their working."""

from __future__ import annotations

import datetime as dt

import pytest
import tiny
from access import desk_base, fill_week, signed_in, week_one  # noqa: F401 (fixtures)
from loop_helpers import WANG, ZHOU, approve_all, audit_of, clerk_of

from grassroots.desk import loop, review, tasks
from tests.pages.apptest import body, cards, tables, visible

WEEK1, WEEK = tiny.AS_OF[1], tiny.AS_OF[2]
FLAG = "FormSubmitter:flag_volunteer_sessions-"


def flag_from_the_overview(desk_base, lang="zh"):
    at = signed_in(desk_base, "wang", "views/overview.py", query={"lang": lang, "district": "150102"})
    at.number_input(key="flag_volunteer_sessions_expected").set_value(3)
    at.text_area(key="flag_volunteer_sessions_note").input("志愿服务场次偏少，请说明原因并组织开展")
    at.button(key=FLAG + ("督办" if lang == "zh" else "Flag")).click().run()
    assert not at.exception
    return at


def test_a_leader_flags_a_figure_and_it_shows_beside_the_figure(desk_base):
    at = flag_from_the_overview(desk_base)
    (t,) = tasks.tasks(loop.loop_log(audit_of(desk_base)))
    assert (t.figure, t.district, t.expected, t.flagged_by, t.due) == ("volunteer_sessions", "150102", 3.0, "wang",
                                                                       WEEK + dt.timedelta(days=8))
    assert "已完成：督办" in at.success[0].value
    assert f"督办中 · 截止 {t.due:%m-%d}" in cards(at)[t.figure]


def test_a_leader_flags_from_an_area_page_s_figures_too(desk_base):
    at = signed_in(desk_base, "wang", "views/cogovernance.py", query={"district": "150102"})
    at.number_input(key="flag_legal_aid_cases_expected").set_value(5)
    at.text_area(key="flag_legal_aid_cases_note").input("法律援助服务偏少，请说明")
    at.button(key="FormSubmitter:flag_legal_aid_cases-督办").click().run()
    assert not at.exception
    (t,) = tasks.tasks(loop.loop_log(audit_of(desk_base)))
    assert (t.figure, t.district, t.expected) == ("legal_aid_cases", "150102", 5.0)
    assert f"督办中 · 截止 {t.due:%m-%d}" in cards(at)[t.figure]


def test_an_alert_about_a_figure_becomes_a_task_in_one_step(desk_base):
    at = signed_in(desk_base, "wang", "views/overview.py")
    assert any("落后目标路径" in w.value and "社区" in w.value for w in at.warning)
    at.number_input(key="alert_flag_communities_expected").set_value(450)
    at.selectbox(key="alert_flag_communities_owner").set_value("150102")
    at.text_area(key="alert_flag_communities_note").input("社区布局落后于目标路径，请说明")
    at.button(key="FormSubmitter:alert_flag_communities-督办").click().run()
    assert not at.exception
    (t,) = tasks.tasks(loop.loop_log(audit_of(desk_base)))
    assert (t.figure, t.district, t.expected) == ("communities", "150102", 450.0)


def test_the_district_answers_from_its_desk_and_sees_only_its_own_tasks(desk_base):
    flag_from_the_overview(desk_base)
    assert tasks.flag("signs_removed", "150103", 20, WEEK, "请推进", WEEK1, actor=WANG, audit=audit_of(desk_base)).ok
    li = signed_in(desk_base, "li", "views/desk.py")
    (t,) = tasks.visible(tasks.tasks(loop.loop_log(audit_of(desk_base))), "150102")
    li.text_area(key=f"task_text_{t.id}").input("已组织两场志愿服务，下周补报")
    li.file_uploader(key=f"task_file_{t.id}").set_value(("活动记录.pdf", b"%PDF-1.7\nrecord", "application/pdf"))
    li.button(key=f"FormSubmitter:task_answer_{t.id}-答复并办结").click().run()
    assert not li.exception and "已完成：答复并办结" in li.success[0].value
    assert tasks.task(loop.loop_log(audit_of(desk_base)), t.id).state == "answered"
    li.switch_page("views/tasks.py").run()
    assert not li.exception
    assert [e.label for e in li.expander] == [e.label for e in li.expander if "新城区" in e.label] and len(li.expander) == 1
    assert [b.proto.label for b in li.get("download_button")] == ["附件：活动记录.pdf"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_tasks_page_filters_and_a_leader_closes_by_hand(desk_base, lang):
    flag_from_the_overview(desk_base, lang)
    at = signed_in(desk_base, "wang", "views/tasks.py", query={"lang": lang})
    assert len(at.expander) == 1
    at.multiselect(key="tasks_state").set_value(["closed"]).run()
    assert at.info[0].value == ("没有符合条件的督办事项。" if lang == "zh" else "No task matches.")
    at.multiselect(key="tasks_state").set_value([]).run()
    (t,) = tasks.tasks(loop.loop_log(audit_of(desk_base)))
    at.text_input(key=f"task_note_{t.id}").input("已当面督促")
    at.button(key=f"FormSubmitter:task_close_{t.id}-" + ("手动办结" if lang == "zh" else "Close by hand")).click().run()
    assert not at.exception and tasks.task(loop.loop_log(audit_of(desk_base)), t.id).state == "closed"


def test_the_league_page_shows_ranks_changes_and_their_working(desk_base):
    fill_week(desk_base, WEEK)
    audit = audit_of(desk_base)
    assert review.submit(desk_base, WEEK, "150103", 0, actor=clerk_of("150103"), audit=audit, today=WEEK).ok
    assert review.send_back(WEEK, "150103", 1, "数字有误", actor=ZHOU, audit=audit).ok
    approve_all(desk_base, WEEK, tiny.DISTRICTS, today=WEEK)
    assert review.publish_week(desk_base, WEEK, actor=ZHOU, audit=audit, today=WEEK).ok
    at = signed_in(desk_base, "wang", "views/league.py")
    (table,) = tables(at)
    assert list(table.columns[:4]) == ["名次", "排名单位", "名次较上周", "总分"]
    last = table.iloc[-1]
    assert (last["排名单位"], last["名次"], last["名次较上周"]) == ("回民区", 10, "↓9")
    assert any("被退回过，共提交 2 次" in visible(body(e)) for e in at.get("html"))
    district = signed_in(desk_base, "li", "views/league.py")
    assert "不能查看“红黑榜”页面" in district.error[0].value  # ranks are computed from every district's rows
