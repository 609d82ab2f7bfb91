"""Who may do what in the district loop (catalogue/loop.toml, enforced by grassroots/desk/loop.py),
every action × every role, by request whatever a page shows; two people acting on one item at
once; the event log keeps everything."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading

import pytest
import tiny
from access import base, fill_week, week_one  # noqa: F401 (fixtures)
from loop_helpers import ACTORS, LI, WANG, ZHOU, audit_of

from grassroots.access.accounts import ROLES
from grassroots.catalogue.loop import ACTIONS
from grassroots.desk import loop, review, tasks
from grassroots.store.eventlog import FILE

WEEK1, WEEK = tiny.AS_OF[1], tiny.AS_OF[2]
# action -> who may (users of tests/access.py: li 150102, sun 150103 district clerks; zhou city clerk;
# wang leader; zhao analyst). Every item below is 新城区's (150102).
MAY = {"submit": {"li"}, "approve": {"zhou"}, "return": {"zhou"}, "flag": {"wang"}, "answer": {"li"}, "close": {"wang"}}


def test_the_catalogue_names_real_roles_and_the_table_covers_every_action():
    assert set(MAY) == set(ACTIONS)
    assert all(set(a.roles) <= set(ROLES) for a in ACTIONS.values())


def _do(base, action: str, actor):
    audit = audit_of(base)
    if ACTIONS[action].item == "review":
        seen = review.review(loop.loop_log(audit), WEEK, "150102").version
        if action == "submit":
            return review.submit(base, WEEK, "150102", seen, actor=actor, audit=audit, today=WEEK)
        if action == "approve":
            return review.approve(WEEK, "150102", seen, actor=actor, audit=audit)
        return review.send_back(WEEK, "150102", seen, "请更正", actor=actor, audit=audit)
    if action == "flag":
        return tasks.flag("volunteer_sessions", "150102", 3, dt.date(2026, 12, 15), "请说明", WEEK1, actor=actor, audit=audit)
    t = tasks.tasks(loop.loop_log(audit))[0]
    if action == "answer":
        return tasks.answer(base, t.id, t.version, "已处理", actor=actor, audit=audit)
    return tasks.close(t.id, t.version, "已核实", actor=actor, audit=audit)


def _ready(base, action: str):
    """The item in a state the action starts from."""
    fill_week(base, WEEK)
    if action in ("approve", "return"):
        assert _do(base, "submit", LI).ok
    if action in ("answer", "close"):
        assert _do(base, "flag", WANG).ok


@pytest.mark.parametrize("user", sorted(ACTORS))
@pytest.mark.parametrize("action", sorted(MAY))
def test_every_action_is_refused_to_every_role_that_lacks_it(base, action, user):
    _ready(base, action)
    if user in MAY[action]:
        assert _do(base, action, ACTORS[user]).ok
        assert audit_of(base).events(actions=[ACTIONS[action].item])[0]["outcome"] == "ok"
        return
    before = loop.loop_log(audit_of(base)).events()
    with pytest.raises(PermissionError):
        _do(base, action, ACTORS[user])
    assert loop.loop_log(audit_of(base)).events() == before
    last = audit_of(base).events(actions=[ACTIONS[action].item])[0]
    assert (last["user"], last["outcome"], last["detail"]["reason"], last["detail"]["act"]) == (user, "refused", "not_allowed", action)


def _race(attempts) -> list:
    """Run the attempts at once (each in its own thread, released together); their outcomes."""
    barrier = threading.Barrier(len(attempts))
    out = [None] * len(attempts)

    def run(i, attempt):
        barrier.wait()
        out[i] = attempt()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(attempts)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return out


def test_two_approvals_of_one_district_at_once_end_in_one_state_with_both_attempts_audited(base):
    _ready(base, "approve")
    audit = audit_of(base)
    two = _race([lambda: review.approve(WEEK, "150102", 1, actor=ZHOU, audit=audit),
                 lambda: review.send_back(WEEK, "150102", 1, "数字不对", actor=ZHOU, audit=audit)])
    assert sorted(o.reason or "ok" for o in two) == ["ok", "stale"]
    r = review.review(loop.loop_log(audit), WEEK, "150102")
    assert r.version == 2 and r.state == ("approved" if two[0].ok else "returned")
    loser = next(o for o in two if not o.ok)
    assert review.fold(WEEK, "150102", loser.events).state == r.state  # the loser sees the winner's state
    rows = [(e["detail"]["act"], e["outcome"]) for e in audit.events(actions=["review"])[:2]]
    assert sorted(rows) == sorted([("approve", "ok" if two[0].ok else "stale"), ("return", "ok" if two[1].ok else "stale")])


def test_two_answers_to_one_task_at_once_keep_one_and_audit_both(base):
    _ready(base, "answer")
    audit = audit_of(base)
    t = tasks.tasks(loop.loop_log(audit))[0]
    two = _race([lambda: tasks.answer(base, t.id, 1, "甲的答复", actor=LI, audit=audit),
                 lambda: tasks.answer(base, t.id, 1, "乙的答复", actor=LI, audit=audit)])
    assert sorted(o.reason or "ok" for o in two) == ["ok", "stale"]
    after = tasks.task(loop.loop_log(audit), t.id)
    assert after.version == 2 and [a.text for a in after.answers] == ["甲的答复" if two[0].ok else "乙的答复"]
    assert sorted(e["outcome"] for e in audit.events(actions=["task"])[:2]) == ["ok", "stale"]


def test_the_event_log_refuses_to_change_or_forget(base):
    _ready(base, "approve")
    con = sqlite3.connect(base / FILE)
    for statement in ("update events set actor = 'x'", "delete from events"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            con.execute(statement)
    con.close()
    assert [e.kind for e in loop.loop_log(audit_of(base)).events()] == ["submit"]
