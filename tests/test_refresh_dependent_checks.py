"""A report that could not be read completely is reported once, not as a flood of follow-on errors.

Cross-report checks (codes that must exist in the unit list, teams, observation points; totals
that must match the detail) only run against tables that were read without any problem; checks
against sound tables still run, so independent problems are all reported together.
"""

from __future__ import annotations

import pytest
from refresh_helpers import LAST, edit_csv, fresh_base, read_csv_rows, rules, set_cell

from grassroots.store.pipeline import run_refresh


@pytest.fixture
def base(demo_base, tmp_path):
    return fresh_base(demo_base, tmp_path)


def test_broken_unit_list_header_is_reported_alone(base, week_inbox):
    edit_csv(week_inbox / "units.csv", lambda rows: [r[:-1] for r in rows])  # drop is_demo_invented
    result = run_refresh(week_inbox, LAST, base=base)
    assert rules(result) == ["missing_column"]  # not thousands of "unknown unit code" lines
    p = result.problems[0]
    assert (p.file, p.row) == ("units.csv", 1) and "示例虚构" in p.column_label("zh")


def test_bad_row_in_unit_list_does_not_make_its_grids_unknown(base, week_inbox):
    path = week_inbox / "units.csv"
    rows = read_csv_rows(path)
    level, code = rows[0].index("unit_level"), rows[0].index("unit_code")
    n, community = next((n, r[code]) for n, r in enumerate(rows[1:], start=2) if r[level] == "community")
    grids = read_csv_rows(week_inbox / "grids.csv")
    assert any(g[1] == community for g in grids[1:])  # the community has grids referring to it
    set_cell(path, n, "has_affairs_list", "maybe")
    result = run_refresh(week_inbox, LAST, base=base)
    assert rules(result) == ["wrong_type"]
    assert (result.problems[0].file, result.problems[0].row) == ("units.csv", n)


def test_unreadable_team_list_does_not_flag_every_session(base, week_inbox):
    (week_inbox / "volunteer_teams.csv").write_bytes(b"")
    result = run_refresh(week_inbox, LAST, base=base)
    assert rules(result) == ["empty_file"]
    assert result.problems[0].file == "volunteer_teams.csv"


def test_checks_against_sound_tables_still_run(base, week_inbox):
    set_cell(week_inbox / "grids.csv", 3, "覆盖小区数", "x")  # grids incomplete: totals are skipped
    set_cell(week_inbox / "legal_aid_cases.csv", 2, "team_id", "LA99")  # teams are sound: checked
    set_cell(week_inbox / "grids.csv", 4, "所属社区代码", "150102999999")  # units are sound: checked
    result = run_refresh(week_inbox, LAST, base=base)
    where = sorted((p.rule, p.file, p.row) for p in result.problems)
    assert where == [("unknown_code", "grids.csv", 4), ("unknown_code", "legal_aid_cases.csv", 2),
                     ("wrong_type", "grids.csv", 3)]
