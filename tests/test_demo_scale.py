"""The demo at scale N and over more weeks: N x the places and events, earlier weeks before the
window, every week accepted by the real refresh."""

from __future__ import annotations

import polars as pl
import pytest

from grassroots import demo
from grassroots.store import snapshots
from grassroots.store.pipeline import run_refresh

SCALE, WEEKS = 2, 30
BEFORE = WEEKS - demo.WEEKS  # weeks before the reform window


@pytest.fixture(scope="module")
def base() -> demo.World:
    return demo.World()


@pytest.fixture(scope="module")
def scaled() -> demo.World:
    return demo.World(scale=SCALE, weeks=WEEKS)


def _counts(world: demo.World, week: int) -> dict[str, int]:
    reports = demo.week_reports(world, week)
    units = reports["units"].filter(pl.col("status") == "active")
    return {"communities": units.filter(pl.col("unit_level") == "community").height,
            "villages": units.filter(pl.col("unit_level") == "village").height,
            "streets": units.filter(pl.col("unit_level") == "street").height,
            "grids": reports["grids"].height,
            "observation_points": reports["observation_points"].height,
            "observation_reports": reports["observation_weekly"].height,
            "teams": reports["volunteer_teams"].height}


@pytest.mark.parametrize("window_week", [0, 9, demo.WEEKS - 1])
def test_scaled_world_has_n_times_the_communities_grids_and_points(base, scaled, window_week):
    one, n = _counts(base, window_week), _counts(scaled, BEFORE + window_week)
    for key in ("communities", "grids", "observation_points", "observation_reports"):
        assert n[key] == SCALE * one[key], key
    for key in ("villages", "streets", "teams"):  # real places and per-district figures stay as they are
        assert n[key] == one[key], key


def test_scaled_window_has_n_times_the_published_events(scaled):
    published = scaled.t
    totals = {"volunteer_sessions": 0, "legal_aid_cases": 0, "negative_cases": 0}
    for week in range(BEFORE, WEEKS):
        reports = demo.week_reports(scaled, week)
        for name in totals:
            totals[name] += reports[name].height
    assert totals == {"volunteer_sessions": SCALE * published["sessions"],
                      "legal_aid_cases": SCALE * published["legal_aid"],
                      "negative_cases": SCALE * published["cases"]}


def test_invented_communities_have_unique_12_digit_codes_under_their_district(scaled):
    communities = scaled.lower.filter(pl.col("level") == "community")
    assert communities["code"].n_unique() == communities.height == SCALE * 450
    assert communities["code"].str.contains(r"^\d{12}$").all()
    assert (communities["code"].str.slice(0, 6) == communities["district"]).all()
    towns = {t["town_code"] for t in scaled.mca_towns} | set(scaled.town_names)
    assert set(communities["code"].str.slice(0, 9)) <= towns
    twins = communities.filter(pl.col("invented") & ~pl.col("base_invented"))
    assert twins.height == (SCALE - 1) * (450 - 34)


def test_extra_weeks_come_before_the_window_which_stays_the_same_but_for_event_ids(base, scaled):
    assert scaled.as_of_dates[-demo.WEEKS:] == demo.AS_OF_DATES
    longer = demo.World(weeks=WEEKS)
    for window_week in (0, demo.WEEKS - 1):
        a, b = demo.week_reports(base, window_week), demo.week_reports(longer, BEFORE + window_week)
        for name in a:
            if name in ("volunteer_sessions", "legal_aid_cases", "negative_cases"):
                id_column = TABLE_IDS[name]
                assert a[name].drop(id_column).equals(b[name].drop(id_column)), name
            else:
                assert a[name].equals(b[name]), name


TABLE_IDS = {"volunteer_sessions": "session_id", "legal_aid_cases": "case_id", "negative_cases": "case_id"}


def test_weeks_before_the_window_hold_still_or_grow_slowly():
    world = demo.World(weeks=80)
    previous = None
    for week in range(0, 80 - demo.WEEKS + 1):
        reports = demo.week_reports(world, week)
        state = {
            "units": reports["units"].height, "grids": reports["grids"].height,
            "listed": reports["units"].filter(pl.col("has_affairs_list") == "是").height,
            **{c: reports["signage_cleanup"][c].cast(int).sum() for c in ("signs_removed", "wall_rules_removed")},
            **{c: reports["workforce"][c].cast(int).sum() for c in ("community_workers", "recruited_workers")},
            "couriers": reports["service_sites"]["couriers_served"].cast(int).sum(),
            "recruits": reports["recruitment"]["recruits"].cast(int).sum(),
            "districts": frozenset(reports["recruitment"]["district_code"]),
        }
        if previous:
            for key, value in state.items():
                if key == "districts":
                    assert value >= previous[key], (week, key)
                else:
                    assert previous[key] <= value <= max(previous[key] * 1.10, previous[key] + 2), (week, key)
        previous = state


def test_event_ids_stay_unique_over_520_weeks_at_scale_100():
    world = demo.World(scale=100, weeks=demo.MAX_WEEKS)
    first, last = demo.week_reports(world, 0), demo.week_reports(world, demo.MAX_WEEKS - 1)
    for name, prefix in (("volunteer_sessions", "VS"), ("legal_aid_cases", "LA"), ("negative_cases", "NC")):
        ids = pl.concat([first[name], last[name]])[TABLE_IDS[name]]
        assert ids.str.len_chars().n_unique() == 1, name  # one width, so ids sort and never collide
        assert ids.str.starts_with(prefix).all()
    legal = last["legal_aid_cases"]["case_id"]
    assert int(legal[-1][2:]) > 99_999  # wider than the scale-1 ids, as it has to be
    assert first["legal_aid_cases"]["case_id"][0] == "LA" + "1".zfill(len(legal[0]) - 2)


def test_a_few_scaled_weeks_pass_the_real_refresh(scaled, tmp_path):
    around_the_window = range(BEFORE - 1, BEFORE + 1)  # the last week before it and its first
    for as_of, inbox in demo.iter_inboxes(tmp_path / "inbox", around_the_window, world=scaled):
        result = run_refresh(inbox, as_of, base=tmp_path / "data")
        assert result.ok, "\n".join(map(str, result.problems[:10]))


def test_a_build_that_drops_inboxes_keeps_only_the_last_weeks_and_resumes(tmp_path):
    world = demo.World(weeks=2)
    first, last = (d.isoformat() for d in world.as_of_dates)
    demo.build(tmp_path, world=world, progress=lambda _: None, drop_inboxes=True)
    assert sorted(p.name for p in (tmp_path / "demo_inbox").iterdir()) == [last]
    assert sorted(s.as_of.isoformat() for s in snapshots.list_snapshots(tmp_path)) == [first, last]
    assert demo.build(tmp_path, world=demo.World(weeks=2), progress=lambda _: None, drop_inboxes=True) == []
    assert sorted(p.name for p in (tmp_path / "demo_inbox").iterdir()) == [last]
