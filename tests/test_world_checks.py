"""What the real world guarantees, checked as the catalogue declares it: relations between rows
(checks/relations.py), each district's stocks week on week (checks/plausibility.py with targets.toml
[plausibility.districts]), and events repeated under new ids (checks/repeats.py). By property: worlds
with random cross-district swaps are refused naming every swapped row, and only those; the same
world unswapped is published."""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
import tiny
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from refresh_helpers import REPO

from grassroots.catalogue.figures import FIGURES, load_targets
from grassroots.catalogue.rules import Problem
from grassroots.catalogue.tables import REFS, REPORTS, TABLES
from grassroots.checks import plausibility
from grassroots.checks.repeats import check_repeats, content_columns
from grassroots.checks.validate import ParsedTable
from grassroots.desk import accept_choices
from grassroots.store.pipeline import run_refresh

# ------------------------------------------------------------------ relations, by property
MOVABLE = ("grids", "observation_points", "volunteer_sessions", "legal_aid_cases")  # rows nothing else names


@pytest.fixture(scope="module")
def week1(tmp_path_factory):
    root = tmp_path_factory.mktemp("tiny-week1-world")
    assert run_refresh(tiny.write_inbox(root / "inbox", 1), tiny.AS_OF[1], base=root / "data", today=tiny.AS_OF[2]).ok
    return root / "data"


@st.composite
def swaps(draw):
    """Random cross-district swaps of the tiny week 2: rows moved to another district, and pairs of units
    of one level in two districts whose parents are swapped. Returns (rows, the (file, row) swapped)."""
    rows = copy.deepcopy(tiny.week_rows(2))
    named: set[tuple[str, int]] = set()
    places = [(t, i) for t in MOVABLE for i in range(len(rows[t]))]
    for t, i in draw(st.lists(st.sampled_from(places), unique=True, max_size=4)):
        own = rows[t][i]["district_code"]
        rows[t][i]["district_code"] = draw(st.sampled_from([d for d in tiny.DISTRICTS if d != own]))
        named.add((f"{t}.csv", i + 2))
    units = rows["units"]
    pairs = [(i, j) for i in range(len(units)) for j in range(i + 1, len(units))
             if units[i]["unit_level"] == units[j]["unit_level"] and units[i]["district_code"] != units[j]["district_code"]]
    for i, j in draw(st.lists(st.sampled_from(pairs), max_size=2, unique_by=(lambda p: p[0], lambda p: p[1]))):
        if {i, j} & {r - 2 for f, r in named if f == "units.csv"}:
            continue  # each unit swapped once
        units[i]["parent_code"], units[j]["parent_code"] = units[j]["parent_code"], units[i]["parent_code"]
        named |= {("units.csv", i + 2), ("units.csv", j + 2)}
    return rows, named


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(swaps())
def test_a_world_with_cross_district_swaps_is_refused_naming_every_swapped_row(week1, tmp_path_factory, swapped):
    rows, named = swapped
    event("swapped" if named else "as it was")
    inbox = tmp_path_factory.mktemp("swapped") / "inbox"
    tiny.write_inbox(inbox, 2)
    for t in REPORTS:
        tiny.write_report(inbox / f"{t.name}.csv", t.name, rows[t.name])
    result = run_refresh(inbox, tiny.AS_OF[2], base=week1, today=tiny.AS_OF[2], check_only=True)
    if not named:
        assert result.ok, [str(p) for p in result.problems]
        return
    assert not result.ok
    relations = [p for p in result.problems if p.rule == "relation_mismatch"]
    assert {(p.file, p.row) for p in relations} == named, ([str(p) for p in relations], named)
    for p in relations:  # both rows: this one, and the row its code names (or the district it names)
        assert p.get("mine") != p.get("theirs") and p.district == p.get("mine")
        assert p.variant == "reference" or (p.get("other_file"), p.get("other_row")) != (p.file, p.row)
        assert p.message_in("zh") and p.message_in("en") and p.hint_in("en")


def test_every_reference_between_two_tables_with_districts_declares_that_they_agree():
    """A new table with a district and a code of a unit, point or team gets the check by the catalogue."""
    for t in TABLES.values():
        for c in t.columns:
            target = TABLES[REFS[c.ref]] if c.ref in REFS else None
            if t.kind == "reference" or target is None or c.ref == "district":
                continue
            if "district_code" in t.column_names and "district_code" in target.column_names:
                assert ("district_code",) in dict(c.agrees).values() and dict(c.agrees)[c.ref] == ("district_code",), (t.name, c.name)


# ------------------------------------------------------------------ each district's stocks
def _frames(figure: str, before: dict[str, float], after: dict[str, float]) -> tuple[pl.DataFrame, pl.DataFrame]:
    def frame(values):
        rows = [(d, figure, v, False) for d, v in values.items()] + [(None, figure, sum(values.values()), False)]
        return pl.DataFrame(rows, schema={"district_code": pl.String, "figure_id": pl.String, "value": pl.Float64,
                                          "city_only": pl.Boolean}, orient="row")
    return frame(after), frame(before)


def test_a_county_whose_workers_were_counted_twice_is_refused_while_the_city_moves_three_per_cent():
    before = {d: 600.0 for d in tiny.DISTRICTS} | {"150123": 173.0}
    now, last = _frames("community_workers", before, before | {"150123": 346.0})
    assert 1.02 < now["value"].sum() / last["value"].sum() < 1.04
    changes = plausibility.out_of_band(now, last, load_targets())
    assert [(c.district, c.before, c.after, c.rule) for c in changes] == [("150123", 173.0, 346.0, "rises")]
    (p,) = plausibility.problems(changes, now, last, "2026-11-13")
    assert (p.district, p.get("figure"), p.get("before"), p.get("after")) == ("150123", "community_workers", 173.0, 346.0)
    assert all(w in p.message_in("zh") for w in ("和林格尔县", "社区工作者", "173", "346", "2026-11-13"))
    assert all(w in p.message_in("en") for w in ("Horinger", "Community workers", "173", "346"))
    assert accept_choices([p]) == ["community_workers"]  # the desk confirms it as --accept-change does


def test_a_district_rise_of_a_figure_that_is_no_stock_passes():
    """Events and progress counts jump in a district legitimately: only stocks have district rise bands."""
    assert not FIGURES["volunteer_sessions"].stock and not FIGURES["workers_per_10k_urban"].stock
    for figure in ("volunteer_sessions", "workers_per_10k_urban"):
        before = {d: 600.0 for d in tiny.DISTRICTS} | {"150123": 20.0}
        assert plausibility.out_of_band(*_frames(figure, before, before | {"150123": 40.0}), load_targets()) == []


def test_the_district_band_is_the_citys_with_the_district_keys_over_it():
    config = load_targets()
    assert plausibility.band(config, "community_workers", True) == (3.0, 25.0)
    assert plausibility.band(config, "grids") == (3.0, 25.0) and plausibility.band(config, "grids", True) == (3.0, 50.0)
    assert plausibility.band(config, "streets_now", True) == (3.0, 100.0)


STOCKS = sorted(f for f in FIGURES if FIGURES[f].stock)


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.sampled_from(STOCKS), st.sampled_from(tiny.DISTRICTS), st.integers(1, 100_000), st.floats(1, 4))
def test_a_district_stock_is_refused_exactly_when_it_rises_beyond_its_band(figure, district, value, ratio):
    before = {d: 1e7 for d in tiny.DISTRICTS} | {district: float(value)}  # the city hardly moves
    after = before | {district: value * ratio}
    changes = plausibility.out_of_band(*_frames(figure, before, after), load_targets())
    _, rise = plausibility.band(load_targets(), figure, True)
    beyond = value * ratio > value * (1 + rise / 100)
    assert [(c.district, c.rule) for c in changes] == ([(district, "rises")] if beyond else [])


def _cli(week1, tmp_path, edit, *args) -> tuple[subprocess.CompletedProcess, Path]:
    """refresh.py on the tiny week 2 (edited) over a copy of week 1: its output, and the data folder."""
    base = tmp_path / "data"
    shutil.copytree(week1, base)
    rows = copy.deepcopy(tiny.week_rows(2))
    edit(rows)
    inbox = tiny.write_inbox(tmp_path / "inbox", 2)
    for name, table_rows in rows.items():
        tiny.write_report(inbox / f"{name}.csv", name, table_rows)
    out = subprocess.run([sys.executable, "refresh.py", "--inbox", str(inbox), "--as-of", tiny.AS_OF[2].isoformat(),
                          "--data-dir", str(base), *args], cwd=REPO, capture_output=True, text=True, timeout=300)
    return out, base / "snapshots" / tiny.AS_OF[2].isoformat() / "manifest.json"


def _double_a_county(rows):
    next(r for r in rows["workforce"] if r["district_code"] == "150123")["community_workers"] = 90


def test_the_command_line_refuses_a_districts_jump_and_publishes_it_once_accepted(week1, tmp_path):
    out, manifest = _cli(week1, tmp_path / "refused", _double_a_county)
    assert out.returncode == 1 and "和林格尔县“社区工作者”由上期（2026-11-13）的 50人 变为 90人" in out.stderr
    out, manifest = _cli(week1, tmp_path / "accepted", _double_a_county, "--accept-change", "community_workers")
    assert out.returncode == 0, out.stderr
    assert json.loads(manifest.read_text("utf-8"))["accepted_changes"] == [
        {"figure": "community_workers", "district": "150123", "from": 50.0, "to": 90.0}]


def test_the_command_line_publishes_a_repeated_event_with_a_warning_kept_in_the_manifest(week1, tmp_path):
    out, manifest = _cli(week1, tmp_path, lambda rows: rows["volunteer_sessions"].append(
        dict(rows["volunteer_sessions"][0], session_id="VS09001")))
    assert out.returncode == 0, out.stderr
    assert "  ! volunteer_sessions.csv 第 3 行 列「场次编号（session_id）」：VS09001 与 volunteer_sessions.csv 第 2 行" in out.stderr
    (kept,) = json.loads(manifest.read_text("utf-8"))["warnings"]
    assert Problem.from_json(kept).rule == "repeated_event" and Problem.from_json(kept).row == 3


# ------------------------------------------------------------------ events repeated under new ids
def test_what_an_event_is_comes_from_the_catalogue():
    for t in TABLES.values():
        content = content_columns(t)
        if t.kind != "event" or t.date_column in t.key:
            assert content is None, t.name
        else:
            assert set(content) == set(t.column_names) - set(t.key) and t.date_column in content


SESSIONS = TABLES["volunteer_sessions"]
DAY = dt.date(2026, 11, 18)


@st.composite
def weeks_of_sessions(draw):
    """Sessions of a week, no two alike, in some districts; and one district that has at least two."""
    n = draw(st.integers(2, 12))
    kinds = st.tuples(st.sampled_from(tiny.DISTRICTS[:3]), st.integers(0, 6), st.sampled_from(["一老", "一幼", "其他"]),
                      st.integers(1, 60))
    contents = draw(st.lists(kinds, min_size=n, max_size=n, unique=True))
    return [dict(session_id=f"VS{i:05d}", held_on=DAY - dt.timedelta(days=day), district_code=d,
                 unit_code=tiny.PLACES[d][2], team_id="WC01", service_kind=kind, participants=p)
            for i, (d, day, kind, p) in enumerate(contents)]


def _check(rows):
    pt = ParsedTable.of(SESSIONS, rows, [("volunteer_sessions.csv", i + 2) for i in range(len(rows))])
    problems, warnings = [], []
    check_repeats({SESSIONS.name: pt}, load_targets(), problems, warnings)
    return problems, warnings


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(weeks_of_sessions(), st.data())
def test_a_districts_events_all_repeated_are_refused_and_a_single_pair_is_a_warning(rows, data):
    assert _check(rows) == ([], [])
    district = data.draw(st.sampled_from(sorted({r["district_code"] for r in rows})))
    mine = [r for r in rows if r["district_code"] == district]
    again = [r | {"session_id": f"NEW{i:05d}"} for i, r in enumerate(mine)]
    problems, warnings = _check(rows + again)
    if len(mine) >= 2:  # a whole district's week, twice
        assert [(p.rule, p.district, p.get("repeated"), p.get("rows")) for p in problems] == [
            ("repeated_events", district, 2 * len(mine), 2 * len(mine))]
        assert warnings == []
    else:  # one event twice: published, with a warning naming both rows
        (w,) = warnings
        assert problems == [] and w.rule == "repeated_event" and w.value == "NEW00000"
        assert (w.row, w.get("other_row"), w.get("other_id")) == (len(rows) + 2, rows.index(mine[0]) + 2, mine[0]["session_id"])
    one = data.draw(st.sampled_from(rows))
    problems, warnings = _check(rows + [one | {"session_id": "ONCE"}])
    assert problems == [] and [(w.rule, w.value, w.get("other_id")) for w in warnings] == [
        ("repeated_event", "ONCE", one["session_id"])]


def test_an_unknown_community_matches_nothing():
    rows = [dict(session_id=f"VS{i}", held_on=DAY, district_code="150102", unit_code=None, team_id="WC01",
                 service_kind="一老", participants=12) for i in range(4)]
    assert _check(rows) == ([], [])



# ------------------------------------------------------------------ the demo week, as districts send it
def test_the_demo_week_with_grids_swapped_and_a_districts_sessions_twice_is_refused_naming_them(
        demo_base, week_inbox, tmp_path):
    from refresh_helpers import LAST, edit_csv, fresh_base

    base = fresh_base(demo_base, tmp_path)
    swapped = {}

    def swap(rows):
        i = next(n for n, r in enumerate(rows[1:], 1) if r[2] == "150102")
        j = next(n for n, r in enumerate(rows[1:], 1) if r[2] == "150105")
        rows[i][2], rows[j][2] = rows[j][2], rows[i][2]
        swapped.update({i + 1: rows[i][2], j + 1: rows[j][2]})
        return rows

    edit_csv(week_inbox / "grids.csv", swap)
    edit_csv(week_inbox / "volunteer_sessions__150103.csv",
             lambda rows: rows + [[f"VS9{r[0]}", *r[1:]] for r in rows[1:]])
    result = run_refresh(week_inbox, LAST, base=base, today=LAST, check_only=True)
    relations = sorted((p.file, p.row, p.district) for p in result.problems if p.rule == "relation_mismatch")
    assert relations == [("grids.csv", row, d) for row, d in sorted(swapped.items())]
    assert [(p.rule, p.file, p.district) for p in result.problems if p.rule != "relation_mismatch"] == [
        ("repeated_events", "volunteer_sessions__150103.csv", "150103")]
    assert all(p.get("other_file") == "units.csv" for p in result.problems if p.rule == "relation_mismatch")
