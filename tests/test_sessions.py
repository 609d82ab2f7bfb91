"""The sign-in credential's store (grassroots/access/sessions.py): a ticket is redeemed once and in time;
a token is worth a live session only; idle and absolute ends; ending an account's sessions."""

from __future__ import annotations

import datetime as dt

from grassroots.access import sessions

T0 = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.timezone.utc)


def store(tmp_path) -> sessions.Store:
    return sessions.Store(tmp_path / sessions.FILE)


def test_a_ticket_is_redeemed_once_for_a_token_that_names_the_user(tmp_path):
    s = store(tmp_path)
    ticket = s.start("wang", "local", "10.0.0.1", lifetime_s=3600, now=T0)
    token, session = s.redeem(ticket, now=T0 + dt.timedelta(seconds=1))
    assert session.username == "wang" and token != ticket
    assert s.redeem(ticket, now=T0 + dt.timedelta(seconds=2)) is None  # spent
    assert s.check(token, idle_s=600, now=T0 + dt.timedelta(seconds=3)).ok
    raw = (tmp_path / sessions.FILE).read_bytes()
    assert token.encode() not in raw and ticket.encode() not in raw  # only digests are kept


def test_a_late_or_forged_ticket_gives_nothing(tmp_path):
    s = store(tmp_path)
    late = s.start("wang", "local", None, lifetime_s=3600, now=T0)
    assert s.redeem(late, now=T0 + dt.timedelta(seconds=sessions.TICKET_S + 1)) is None
    assert s.redeem(late, now=T0) is None  # a late try spends it too
    assert s.redeem("made-up", now=T0) is None and s.redeem("", now=T0) is None


def test_a_token_is_worth_a_live_session_only(tmp_path):
    s = store(tmp_path)
    token, session = s.redeem(s.start("wang", "local", None, lifetime_s=3600, now=T0), now=T0)
    assert s.check(None, idle_s=600).state == "missing"
    assert s.check("forged", idle_s=600, now=T0).state == "unknown"
    assert s.check(token, idle_s=600, now=T0 + dt.timedelta(seconds=601)).state == "idle"
    assert s.check(token, idle_s=600, now=T0 + dt.timedelta(seconds=602)).state == "ended"  # idle ended it
    token2, _ = s.redeem(s.start("wang", "local", None, lifetime_s=60, now=T0), now=T0)
    assert s.check(token2, idle_s=1e9, now=T0 + dt.timedelta(seconds=61)).state == "expired"


def test_activity_keeps_a_session_alive_and_ending_an_account_ends_its_sessions(tmp_path):
    s = store(tmp_path)
    token, _ = s.redeem(s.start("wang", "local", None, lifetime_s=7200, now=T0), now=T0)
    other, _ = s.redeem(s.start("zhou", "local", None, lifetime_s=7200, now=T0), now=T0)
    for minute in range(1, 60, 5):  # a click every five minutes, idle limit ten
        assert s.check(token, idle_s=600, now=T0 + dt.timedelta(minutes=minute)).ok
    assert s.end_user("WANG", "disabled") == 1
    assert s.check(token, idle_s=600, now=T0 + dt.timedelta(minutes=60)).state == "ended"
    assert s.check(other, idle_s=1e9, now=T0 + dt.timedelta(minutes=60)).ok
