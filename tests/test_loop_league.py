"""红黑榜 (grassroots/desk/league.py, rules in catalogue/league.toml) on the tiny world: week 1
published by the command line (no review), week 2 through the desk's review with 回民区 returned once."""

from __future__ import annotations

import shutil

import pytest
import tiny
from access import base, fill_week, week_one  # noqa: F401 (fixtures)
from loop_helpers import ZHOU, approve_all, audit_of, clerk_of

from grassroots.catalogue import league as catalogue
from grassroots.catalogue.datafiles import CatalogueFileError
from grassroots.desk import league, loop, review

WEEK1, WEEK = tiny.AS_OF[1], tiny.AS_OF[2]


@pytest.fixture
def published(base):
    fill_week(base, WEEK)
    audit = audit_of(base)
    assert review.submit(base, WEEK, "150103", 0, actor=clerk_of("150103"), audit=audit, today=WEEK).ok
    assert review.send_back(WEEK, "150103", 1, "数字有误", actor=ZHOU, audit=audit).ok
    approve_all(base, WEEK, tiny.DISTRICTS, today=WEEK)  # 回民区 resubmits: round 2
    assert review.publish_week(base, WEEK, actor=ZHOU, audit=audit, today=WEEK).ok
    return base


def test_the_week_before_the_review_ranks_everyone_alike(published):
    week1 = league.table(published, audit_of(published), WEEK1)
    assert {s.rank for s in week1} == {1} and {s.change for s in week1} == {None}
    assert [p.how for p in week1[0].parts] == ["not_submitted", "not_submitted", "no_uploads", "no_tasks_due", "no_progress"]


def test_a_district_returned_once_loses_its_first_pass_points_and_its_rank(published):
    rows = league.table(published, audit_of(published), WEEK)
    by = {s.district: s for s in rows}
    hui = by["150103"]
    assert rows[-1].district == "150103" and hui.rank == 10 and hui.change == -9
    assert by["150102"].rank == 1 and by["150102"].change == 0
    first_pass = next(p for p in hui.parts if p.rule == "first_pass")
    assert (first_pass.score, first_pass.how, first_pass.values) == (0.0, "returned", {"n": 2})
    for s in rows:  # every part is its score times its weight, and the points their sum
        weights = {r.id: r.weight for r in catalogue.LEAGUE.rules}
        assert all(p.points == round(p.score * weights[p.rule], 1) for p in s.parts)
        assert s.points == round(sum(p.points for p in s.parts), 1)


def test_a_carried_over_district_scores_nothing_for_its_report(base):
    fill_week(base, WEEK)
    approve_all(base, WEEK, [d for d in tiny.DISTRICTS if d != "150104"], today=WEEK)
    assert review.publish_week(base, WEEK, actor=ZHOU, audit=audit_of(base), today=WEEK, carry=("150104",)).ok
    yuquan = next(s for s in league.table(base, audit_of(base), WEEK) if s.district == "150104")
    assert [p.how for p in yuquan.parts][:2] == ["not_submitted", "not_submitted"] and yuquan.rank == 10
    assert review.carried_over(loop.loop_log(audit_of(base)), WEEK) == ["150104"]


@pytest.mark.parametrize("edit, says", [
    (("weight = 25", "weight = \"25\""), "'weight' must be a number"),
    (("brief_top = 3", "brief_top = 0"), "'brief_top' must be a whole number above zero"),
    (("per_problem = 0.2", "per_problem = 0.2\nbonus = 1"), "'bonus' is unknown here"),
])
def test_a_mistyped_league_file_stops_with_the_file_rule_and_key(tmp_path, edit, says):
    path = tmp_path / "league.toml"
    shutil.copyfile(catalogue.LEAGUE_FILE, path)
    path.write_text(path.read_text("utf-8").replace(*edit, 1), "utf-8")
    with pytest.raises(CatalogueFileError, match=says):
        catalogue.load(path)


def test_the_weekly_brief_names_the_top_and_the_bottom(published):
    from grassroots.outputs import brief
    from grassroots.store import snapshots

    week = brief.build(snapshots.list_snapshots(published)[-1])
    line = next(h for h in week.highlights if h.startswith("本周红黑榜"))
    assert "红榜 新城区" in line and line.split("黑榜 ")[1].startswith("回民区 ")  # the bottom, worst first
    assert not any("红黑榜" in h for h in brief.build(snapshots.list_snapshots(published)[0]).highlights)  # all alike
