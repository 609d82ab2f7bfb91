"""The city's review of each district's week (grassroots/desk/review.py) on the tiny world: week 1
published, week 2 handed in through the desk's inbox."""

from __future__ import annotations

import json

import polars as pl
import pytest
import tiny
from access import base, district_rows, fill_week, report_csv, week_one  # noqa: F401 (fixtures)
from loop_helpers import LI, SUN, ZHOU, approve_all, audit_of

from grassroots import desk
from grassroots.desk import loop, review
from grassroots.store import snapshots

WEEK = tiny.AS_OF[2]


def state(base, district="150102"):
    return review.review(loop.loop_log(audit_of(base)), WEEK, district)


def test_a_week_is_submitted_only_once_the_district_s_files_pass(base):
    fill_week(base, WEEK, leave_out=(("workforce", "150102"),))
    out = review.submit(base, WEEK, "150102", 0, actor=LI, audit=audit_of(base), today=WEEK)
    assert (out.ok, out.reason, state(base).state) == (False, "files_not_ready", "missing")
    desk.hand_in(base, WEEK, "workforce", "150102", report_csv("workforce", district_rows("workforce", "150102")),
                 "队伍.csv", actor=LI, log=audit_of(base), today=WEEK)
    out = review.submit(base, WEEK, "150102", 0, actor=LI, audit=audit_of(base), today=WEEK)
    assert out.ok and state(base).state == "submitted"
    assert set(out.event.payload["files"]) == {t.name + "__150102.csv" for t in desk.DISTRICT_REPORTS}


def test_returned_with_a_reason_resubmitted_approved_every_round_kept(base):
    fill_week(base, WEEK)
    audit = audit_of(base)
    assert review.submit(base, WEEK, "150102", 0, actor=LI, audit=audit, today=WEEK).ok
    no_reason = review.send_back(WEEK, "150102", 1, "  ", actor=ZHOU, audit=audit)
    assert (no_reason.ok, no_reason.reason, state(base).state) == (False, "needs_text", "submitted")
    assert review.send_back(WEEK, "150102", 1, "社区工作者人数与上周不符", actor=ZHOU, audit=audit).ok
    r = state(base)
    assert (r.state, r.reason, r.version) == ("returned", "社区工作者人数与上周不符", 2)
    again = review.approve(WEEK, "150102", 2, actor=ZHOU, audit=audit)
    assert (again.ok, again.reason) == (False, "wrong_state")  # a returned week is submitted again first
    assert review.submit(base, WEEK, "150102", 2, actor=LI, audit=audit, today=WEEK).ok
    assert review.approve(WEEK, "150102", 3, actor=ZHOU, audit=audit).ok
    r = state(base)
    assert r.state == "approved" and r.reason is None
    assert [(x.number, x.submitted_by, x.decision, x.reason) for x in r.rounds] == [
        (1, "li", "returned", "社区工作者人数与上周不符"), (2, "li", "approved", None)]
    rows = [(e["detail"]["act"], e["outcome"]) for e in reversed(audit.events(actions=["review"]))]
    assert rows == [("submit", "ok"), ("return", "refused"), ("return", "ok"), ("approve", "refused"),
                    ("submit", "ok"), ("approve", "ok")]


def test_an_act_on_a_version_someone_else_moved_is_stale_and_shows_the_new_state(base):
    fill_week(base, WEEK)
    audit = audit_of(base)
    review.submit(base, WEEK, "150102", 0, actor=LI, audit=audit, today=WEEK)
    assert review.approve(WEEK, "150102", 1, actor=ZHOU, audit=audit).ok
    late = review.send_back(WEEK, "150102", 1, "数字不对", actor=ZHOU, audit=audit)
    assert (late.ok, late.reason) == (False, "stale")
    assert review.fold(WEEK, "150102", late.events).state == "approved"
    assert audit.events(actions=["review"])[0]["outcome"] == "stale"


def test_files_under_review_cannot_be_replaced_until_returned(base):
    fill_week(base, WEEK)
    audit = audit_of(base)
    review.submit(base, WEEK, "150102", 0, actor=LI, audit=audit, today=WEEK)
    data = report_csv("workforce", district_rows("workforce", "150102"))
    refused = desk.hand_in(base, WEEK, "workforce", "150102", data, "队伍.csv", actor=LI, log=audit, today=WEEK)
    assert not refused.accepted and [p.rule for p in refused.problems] == ["under_review"]
    review.send_back(WEEK, "150102", 1, "请更正", actor=ZHOU, audit=audit)
    assert desk.hand_in(base, WEEK, "workforce", "150102", data, "队伍.csv", actor=LI, log=audit, today=WEEK).accepted


def test_publishing_needs_every_district_approved(base):
    fill_week(base, WEEK)
    approve_all(base, WEEK, [d for d in tiny.DISTRICTS if d != "150104"], today=WEEK)
    result = review.publish_week(base, WEEK, actor=ZHOU, audit=audit_of(base), today=WEEK)
    assert not result.ok and [p.rule for p in result.problems] == ["not_approved"]
    assert "玉泉区" in result.problems[0].message_in("zh")
    assert WEEK not in {s.as_of for s in snapshots.list_snapshots(base)}
    with pytest.raises(PermissionError):
        review.publish_week(base, WEEK, actor=LI, audit=audit_of(base), today=WEEK)


def test_all_approved_publishes_the_inbox_as_handed_in(base):
    fill_week(base, WEEK)
    approve_all(base, WEEK, tiny.DISTRICTS, today=WEEK)
    result = review.publish_week(base, WEEK, actor=ZHOU, audit=audit_of(base), today=WEEK)
    assert result.ok and "carried_over" not in result.manifest
    assert review.carried_over(loop.loop_log(audit_of(base)), WEEK) == []


def test_a_missing_district_is_carried_over_from_last_week_and_the_snapshot_says_so(base):
    fill_week(base, WEEK, leave_out=tuple((t.name, "150104") for t in desk.DISTRICT_REPORTS))
    approve_all(base, WEEK, [d for d in tiny.DISTRICTS if d != "150104"], today=WEEK)
    result = review.publish_week(base, WEEK, actor=ZHOU, audit=audit_of(base), today=WEEK, carry=("150104",))
    assert result.ok, result.problems
    assert result.manifest["carried_over"] == ["150104"]
    assert review.carried_over(loop.loop_log(audit_of(base)), WEEK) == ["150104"]
    week1, week2 = snapshots.list_snapshots(base)[-2:]
    rows = [pl.read_parquet(s.table_path("workforce")).filter(pl.col("district_code") == "150104").drop("snapshot_date", strict=False)
            for s in (week1, week2)]
    assert rows[0].equals(rows[1])  # 玉泉区's rows are last week's
    published = [e for e in audit_of(base).events(actions=["publish"]) if e["outcome"] == "ok"]
    assert json.dumps(published[0]["detail"]["week"]) == f'"{WEEK.isoformat()}"'
