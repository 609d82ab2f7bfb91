"""预警 (grassroots/push/alerts.py, catalogue/alerts.toml): the streak query, rules that fire on the
demo weeks, and an alert owed at most once per rule × scope × week."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import given, settings, strategies as st

from grassroots import desk
from grassroots.access.scope import CITY
from grassroots.push import alerts, config
from queries import db, run


def test_observation_streaks_gives_each_points_weekly_change(demo_base):
    snap = db.snapshot_list(demo_base)[-1]
    rows = run("observation_streaks", snap, scope=CITY, weeks=3, district_code=None)
    assert rows.height and rows.group_by("point_id").len()["len"].max() <= 3
    latest = run("observation_points_latest", snap, scope=CITY, district_code=None, rise_pct=10)
    last = rows.sort("week_ending").group_by("point_id").last().sort("point_id")
    assert last["burden_change"].to_list() == latest.sort("point_id")["burden_change"].to_list()
    one = run("observation_streaks", snap, scope=CITY, weeks=3, district_code="150102")
    assert set(one["district_code"]) == {"150102"}


def test_the_rules_file_is_versioned_and_every_rule_speaks_both_languages():
    rules = alerts.load()
    assert rules["version"] and set(rules["rules"]) == set(alerts.KINDS)
    assert all(r["zh"] and r["en"] for r in rules["rules"].values())


def test_a_burden_rising_streak_and_a_figure_behind_its_path_fire(demo_base):
    fired = {a.rule for s in db.snapshot_list(demo_base) for a in alerts.on_snapshot(s)}
    assert {"behind_path"} <= fired
    streak = alerts.load()
    streak["rules"]["burden_rising"]["weeks"] = 1  # any rise this week is a streak of one
    snap = db.snapshot_list(demo_base)[-1]
    rising = [a for a in alerts.on_snapshot(snap, config=streak) if a.rule == "burden_rising"]
    assert rising and all(a.scope in desk.district_codes() for a in rising)


def test_a_missing_report_fires_after_the_deadline_only_and_is_owed_once(tmp_path):
    friday = dt.date(2026, 12, 11)
    before = dt.datetime(2026, 12, 11, 8, 59, tzinfo=dt.timezone.utc)  # 16:59 Beijing time
    after = dt.datetime(2026, 12, 11, 9, 1, tzinfo=dt.timezone.utc)
    assert alerts.missing_at_deadline(tmp_path, before) == []
    found = alerts.missing_at_deadline(tmp_path, after)
    assert {a.scope for a in found} == set(desk.district_codes()) and all(a.week == friday.isoformat() for a in found)
    settings = config.parse({"outbox": str(tmp_path / "outbox.sqlite"), "recipients": [
        {"name": "city", "kind": "wecom", "webhook": "http://127.0.0.1:9/wecom?key=c"},
        {"name": "xc", "kind": "wecom", "webhook": "http://127.0.0.1:9/wecom?key=x", "district": "150102"}]})
    keys = alerts.owe(tmp_path, settings, found)
    assert len(keys) == len(found) + 1  # the city's recipient gets every district's, 新城区's its own
    from grassroots.push.deliver import outbox_of

    box = outbox_of(tmp_path, settings)
    assert len(box.messages()) == len(keys)
    alerts.owe(tmp_path, settings, alerts.missing_at_deadline(tmp_path, after + dt.timedelta(hours=2)))
    assert len(box.messages()) == len(keys)  # checked again the same week: nothing new owed
    assert pl.Series([m.subject for m in box.messages()]).str.starts_with("alert:report_missing:").all()


def test_alerts_check_sends_what_fires_once_and_dry_run_sends_nothing(demo_base, tmp_path):
    from click.testing import CliRunner

    from grassroots.cli import main
    from tests.push_receivers import Robots, toml

    robots = Robots()
    try:
        secrets = tmp_path / "secrets.toml"
        secrets.write_text(toml({"push": {"outbox": str(tmp_path / "outbox.sqlite"), "recipients": [
            {"name": "city", "kind": "wecom", "webhook": f"{robots.url}/wecom?key=c"}]}}), encoding="utf-8")
        week = db.snapshot_list(demo_base)[-1].as_of.isoformat()
        args = ["alerts", "check", "--week", week, "--secrets", str(secrets), "--data-dir", str(demo_base)]
        dry = CliRunner().invoke(main, [*args, "--dry-run"])
        assert dry.exit_code == 0 and "[behind_path · " in dry.output and robots.accepted == []
        sent = CliRunner().invoke(main, args)
        assert sent.exit_code == 0 and "已发送" in sent.output
        n = len(robots.accepted)
        assert n and all("【示例数据】预警" in a["body"]["markdown"]["content"] for a in robots.accepted)
        again = CliRunner().invoke(main, args)
        assert again.exit_code == 0 and "没有需要发送的消息" in again.output and len(robots.accepted) == n
    finally:
        robots.close()


@settings(max_examples=200, deadline=None)
@given(changes=st.lists(st.tuples(st.sampled_from(["OP01", "OP02", "OP10"]), st.one_of(st.none(), st.integers(-3, 3))),
                        max_size=30),
       n=st.integers(1, 4))
def test_rising_streaks_are_the_points_whose_last_n_weeks_each_rose(changes, n):
    """One pass over the rows finds what a filter per point found: a point whose last n weeks each
    rose (an empty change is no rise), with its last row."""
    rows = pl.DataFrame({"point_id": [p for p, _ in changes], "burden_change": [c for _, c in changes],
                         "week": list(range(len(changes)))}, schema={"point_id": pl.String, "burden_change": pl.Int64,
                                                                     "week": pl.Int64}).sort("point_id", "week")
    expected = []
    for point in dict.fromkeys(rows["point_id"].to_list()):
        mine = rows.filter(pl.col("point_id") == point)
        if mine.height >= n and all((c or 0) > 0 for c in mine["burden_change"].tail(n).to_list()):
            expected.append(mine.row(-1, named=True))
    assert alerts.rising_streaks(rows, n).to_dicts() == expected
