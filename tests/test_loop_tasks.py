"""督办 tasks (grassroots/desk/tasks.py) on the tiny world: flagged on week 1, checked by the publish
of week 2 against its stored figures (新城区's volunteer sessions go 1 → 2, signs removed 10 → 12)."""

from __future__ import annotations

import datetime as dt
import getpass

import pytest
import tiny
from access import base, fill_week, week_one  # noqa: F401 (fixtures)
from loop_helpers import LI, SUN, WANG, ZHOU, approve_all, audit_of

from grassroots.desk import loop, review, tasks

WEEK1, WEEK = tiny.AS_OF[1], tiny.AS_OF[2]
DUE = dt.date(2026, 12, 15)


def flag(base, figure="volunteer_sessions", expected=2, district="150102"):
    out = tasks.flag(figure, district, expected, DUE, "志愿服务场次偏少，请说明", WEEK1, actor=WANG, audit=audit_of(base))
    assert out.ok
    return tasks.task(loop.loop_log(audit_of(base)), out.event.item.split(":")[1])


def publish_week_two(base):
    fill_week(base, WEEK)
    approve_all(base, WEEK, tiny.DISTRICTS, today=WEEK)
    assert review.publish_week(base, WEEK, actor=ZHOU, audit=audit_of(base), today=WEEK).ok
    return {t.id: t for t in tasks.tasks(loop.loop_log(audit_of(base)))}


def test_a_flag_shows_its_owner_due_date_and_overdue(base):
    t = flag(base)
    assert (t.state, t.district, t.expected, t.due, t.flagged_by, t.at_most) == ("open", "150102", 2.0, DUE, "wang", False)
    assert not t.overdue(DUE) and t.overdue(DUE + dt.timedelta(days=1))
    assert tasks.flag("enforcement_items_after", "150102", 56, DUE, "x", WEEK1, actor=WANG, audit=audit_of(base)).ok
    assert [x.at_most for x in tasks.tasks(loop.loop_log(audit_of(base)))] == [True, False]  # 99 → 56: fewer is better
    assert tasks.visible(tasks.tasks(loop.loop_log(audit_of(base))), "150103") == []


def test_answered_then_the_next_week_meets_it_and_the_task_closes_itself(base):
    t = flag(base)
    assert tasks.answer(base, t.id, 1, "已组织两场志愿服务", actor=LI, audit=audit_of(base)).ok
    after = publish_week_two(base)[t.id]
    assert (after.state, after.closed_how, after.closed_by) == ("closed", "data", "zhou")
    assert after.checks == [{"snapshot": WEEK.isoformat(), "value": 2.0, "met": True, "state": "closed"}]
    assert after.closed_on_time()


def test_answered_but_not_met_stays_open_as_answered_unmet_and_a_leader_closes_it(base):
    t = flag(base, expected=5)
    untouched = flag(base, figure="signs_removed", expected=20)
    assert tasks.answer(base, t.id, 1, "正在推进", actor=LI, audit=audit_of(base)).ok
    after = publish_week_two(base)
    assert after[t.id].state == "unmet" and after[untouched.id].state == "open"  # no answer: still 督办中
    no_note = tasks.close(t.id, after[t.id].version, " ", actor=WANG, audit=audit_of(base))
    assert (no_note.ok, no_note.reason) == (False, "needs_text")
    assert tasks.close(t.id, after[t.id].version, "情况已说明，转为常态跟踪", actor=WANG, audit=audit_of(base)).ok
    closed = tasks.task(loop.loop_log(audit_of(base)), t.id)
    assert (closed.state, closed.closed_how, closed.close_note) == ("closed", "hand", "情况已说明，转为常态跟踪")


def test_an_answer_s_file_is_checked_by_its_content_and_kept_under_the_app_s_name(base):
    t = flag(base)
    bad = tasks.answer(base, t.id, 1, "见附件", actor=LI, audit=audit_of(base), file=("说明.pdf", b"PK\x03\x04 not a pdf"))
    assert (bad.ok, bad.reason) == (False, "file_refused")
    big = tasks.answer(base, t.id, 1, "见附件", actor=LI, audit=audit_of(base), file=("说明.pdf", b"%PDF-1.7\n" + b"x" * 100),
                       max_bytes=50)
    assert big.reason == "file_refused"
    ok = tasks.answer(base, t.id, 1, "见附件", actor=LI, audit=audit_of(base), file=("../../说明.pdf", b"%PDF-1.7\nhello"))
    stored = ok.event.payload["file"]
    assert ok.ok and stored["original"] == "说明.pdf"
    assert (base / tasks.FILES / t.id / stored["stored"]).read_bytes() == b"%PDF-1.7\nhello"


def test_another_district_s_clerk_cannot_answer(base):
    t = flag(base)
    with pytest.raises(PermissionError):
        tasks.answer(base, t.id, 1, "不是我区的", actor=SUN, audit=audit_of(base))
    assert audit_of(base).events(actions=["task"])[0]["detail"]["reason"] == "not_allowed"


def test_a_publish_from_the_command_line_checks_the_tasks_too(base, tmp_path):
    from grassroots.cli.refresh import _audit
    from grassroots.store.pipeline import run_refresh

    t = flag(base)
    result = run_refresh(fill_week(base, WEEK), WEEK, base=base, today=WEEK)
    _audit(base, WEEK, result, (), False)
    after = tasks.task(loop.loop_log(audit_of(base)), t.id)
    assert (after.state, after.closed_by) == ("closed", f"cli:{getpass.getuser()}")


def test_an_answer_s_file_is_read_back_only_as_recorded(base):
    t = flag(base)
    out = tasks.answer(base, t.id, 1, "见附件", actor=LI, audit=audit_of(base), file=("说明.pdf", b"%PDF-1.7\nhello"))
    assert tasks.attachment(base, t.id, out.event.payload["file"]) == b"%PDF-1.7\nhello"
    (base / tasks.FILES / t.id / out.event.payload["file"]["stored"]).write_bytes(b"%PDF-1.7\nchanged")
    with pytest.raises(ValueError, match="not the file the answer recorded"):
        tasks.attachment(base, t.id, out.event.payload["file"])
