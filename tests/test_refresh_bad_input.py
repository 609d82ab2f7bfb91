"""Each kind of bad report is refused with a message naming the file, row and column; nothing is published.

Every test edits a private copy of the last demo week's inbox (otherwise valid on top of the
previous demo snapshot) and checks that the snapshot folder is byte-identical afterwards.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import polars as pl
import pytest
from refresh_helpers import (LAST, PREV, REPO, edit_csv, fresh_base, problems_of, read_csv_rows,
                             rules, set_cell, set_xlsx_cell, snapshot_tree, write_csv_rows)

from grassroots.store.pipeline import run_refresh


@pytest.fixture
def base(demo_base, tmp_path):
    return fresh_base(demo_base, tmp_path)


def refused(inbox, base, **kw):
    """Run the refresh and check that it published nothing at all."""
    before = snapshot_tree(base)
    result = run_refresh(inbox, kw.pop("as_of", LAST), base=base, **kw)
    assert not result.ok
    assert result.snapshot is None and result.manifest is None
    assert snapshot_tree(base) == before  # same files, same bytes, no new (staging) folder
    return result


def data_row_of(path, column, value) -> int:
    """The row number (header = 1) of the first row whose `column` equals `value`."""
    rows = read_csv_rows(path)
    i = rows[0].index(column)
    return next(n for n, r in enumerate(rows[1:], start=2) if r[i] == value)


def test_unedited_week_passes(base, week_inbox):
    result = run_refresh(week_inbox, LAST, base=base)
    assert result.ok, result.problems
    assert result.problems == []


def test_missing_report(base, week_inbox):
    (week_inbox / "signage_cleanup.csv").unlink()
    result = refused(week_inbox, base)
    assert rules(result) == ["missing_report"]
    p = result.problems[0]
    assert "标识标牌清理" in p.message and "signage_cleanup" in p.message


def test_missing_column(base, week_inbox):
    path = week_inbox / "grids.csv"
    edit_csv(path, lambda rows: [r[:3] for r in rows])  # drop 覆盖小区数
    result = refused(week_inbox, base)
    assert rules(result) == ["missing_column"]
    p = result.problems[0]
    assert (p.file, p.row) == ("grids.csv", 1)
    assert "覆盖小区数" in p.column_label("zh") and "compounds" in p.column_label("zh")


def test_unknown_column(base, week_inbox):
    edit_csv(week_inbox / "recruitment.csv",
             lambda rows: [rows[0] + ["备注"]] + [r + [""] for r in rows[1:]])
    result = refused(week_inbox, base)
    assert rules(result) == ["unknown_column"]
    p = result.problems[0]
    assert (p.file, p.row, p.column_label("zh")) == ("recruitment.csv", 1, "备注")
    assert "备注" in p.message


# One bad cell each: (file, Excel row, header as the template labels it, the value typed there).
ONE_CELL = {
    "wrong_type": ("grids.csv", 5, "覆盖小区数", "abc"),
    "negative": ("signage_cleanup.csv", 3, "清理标识标牌", "-5"),
    "implausible": ("observation_weekly.xlsx", 4, "会议", "30000"),
    "unknown_code": ("grids.csv", 2, "所属社区代码", "150102999999"),
    "date_outside_week": ("volunteer_sessions__150105.csv", 3, "日期", "2026-01-01"),
}


@pytest.mark.parametrize("rule", ONE_CELL)
def test_one_bad_cell_is_named_by_file_row_and_column(base, week_inbox, rule):
    file, row, header, value = ONE_CELL[rule]
    (set_xlsx_cell if file.endswith(".xlsx") else set_cell)(week_inbox / file, row, header, value)
    result = refused(week_inbox, base)
    assert rules(result) == [rule]
    p = result.problems[0]
    assert (p.file, p.row) == (file, row)
    assert header in p.column_label("zh") and value in p.message
    if rule == "date_outside_week":  # the week it should lie in
        assert LAST.isoformat() in p.message


def test_empty_file(base, week_inbox):
    (week_inbox / "service_sites.csv").write_bytes(b"")
    result = refused(week_inbox, base)
    assert rules(result) == ["empty_file"]
    assert result.problems[0].file == "service_sites.csv"


def test_duplicate_key(base, week_inbox):
    path = week_inbox / "volunteer_teams.csv"
    rows = read_csv_rows(path)
    write_csv_rows(path, rows + [rows[3]], "gb18030")  # the team of row 4 sent twice
    result = refused(week_inbox, base)
    assert rules(result) == ["duplicate_key"]
    p = result.problems[0]
    assert (p.file, p.row) == ("volunteer_teams.csv", len(rows) + 1)
    assert "队伍编号" in p.column_label("zh")
    assert rows[3][0] in p.message and "第 4 行" in p.message


def test_event_already_reported_in_the_previous_snapshot(base, week_inbox):
    earlier = pl.read_parquet(base / "snapshots" / PREV.isoformat() / "legal_aid_cases.parquet")
    old_id = earlier["case_id"].max()
    set_cell(week_inbox / "legal_aid_cases.csv", 2, "case_id", old_id)
    result = refused(week_inbox, base)
    assert rules(result) == ["duplicate_key"]
    p = result.problems[0]
    assert (p.file, p.row) == ("legal_aid_cases.csv", 2)
    assert "件次编号" in p.column_label("zh")
    assert old_id in p.message and PREV.isoformat() in p.message


def test_unknown_district_code(base, week_inbox):
    old = set_cell(week_inbox / "signage_cleanup.csv", 2, "旗县区代码", "150199")
    result = refused(week_inbox, base)
    assert sorted(rules(result)) == ["incomplete_report", "unknown_code"]  # and the district it replaced is missing
    assert old in problems_of(result, "incomplete_report")[0].message
    p = problems_of(result, "unknown_code")[0]
    assert (p.file, p.row) == ("signage_cleanup.csv", 2)
    assert "旗县区代码" in p.column_label("zh")
    assert "150199" in p.message


def test_unit_whose_parent_does_not_exist(base, week_inbox):
    path = week_inbox / "units.csv"
    row = data_row_of(path, "unit_level", "community")
    set_cell(path, row, "parent_code", "150102999")
    result = refused(week_inbox, base)
    assert rules(result) == ["missing_parent"]
    p = result.problems[0]
    assert (p.file, p.row) == ("units.csv", row)
    assert "上级单位代码" in p.column_label("zh")
    assert "150102999" in p.message


def test_as_of_in_the_future(base, week_inbox):
    result = refused(week_inbox, base, today=LAST - dt.timedelta(days=1))
    assert rules(result) == ["as_of_in_future"]
    assert LAST.isoformat() in result.problems[0].message


def test_far_future_as_of(base, week_inbox):
    result = refused(week_inbox, base, as_of=dt.date(2999, 1, 1))
    assert "as_of_in_future" in rules(result)
    assert "2999-01-01" in problems_of(result, "as_of_in_future")[0].message


def test_totals_that_contradict_the_detail(base, week_inbox):
    old = set_xlsx_cell(week_inbox / "district_restructuring.xlsx", 3, "网格数", "1")
    result = refused(week_inbox, base)
    assert rules(result) == ["totals_mismatch"]
    p = result.problems[0]
    assert (p.file, p.row) == ("district_restructuring.xlsx", 3)
    assert "网格数" in p.column_label("zh")
    assert "汇总数 1 " in p.message and f"明细 {old} " in p.message


def test_corrupt_xlsx(base, week_inbox):
    (week_inbox / "task_book.xlsx").write_bytes(b"PK\x03\x04 this is not a workbook" * 20)
    result = refused(week_inbox, base)
    assert rules(result) == ["corrupt_xlsx"]
    assert result.problems[0].file == "task_book.xlsx"


def test_unknown_report_file(base, week_inbox):
    (week_inbox / "grid.csv").write_bytes((week_inbox / "grids.csv").read_bytes())  # a typo in the name
    result = refused(week_inbox, base)
    assert rules(result) == ["unknown_report"]
    assert result.problems[0].file == "grid.csv"


def test_gbk_and_utf8_with_bom_are_both_accepted(base, week_inbox):
    # grids.csv arrives in GBK, observation_points.csv in UTF-8 with a BOM: swap them.
    grids, points = week_inbox / "grids.csv", week_inbox / "observation_points.csv"
    write_csv_rows(grids, read_csv_rows(grids), "utf-8-sig")
    write_csv_rows(points, read_csv_rows(points), "gb18030")
    assert grids.read_bytes().startswith(b"\xef\xbb\xbf")
    result = run_refresh(week_inbox, LAST, base=base)
    assert result.ok, result.problems
    encodings = {s["file"]: s["encoding"] for s in result.manifest["sources"]}
    assert encodings["grids.csv"] == "utf-8"
    assert encodings["observation_points.csv"] == "gbk"
    assert result.manifest["row_counts"]["grids"] == 6158


def test_every_problem_of_every_file_is_reported_in_one_run(base, week_inbox):
    set_cell(week_inbox / "grids.csv", 7, "覆盖小区数", "many")
    set_cell(week_inbox / "signage_cleanup.csv", 4, "清理上墙制度", "-1")
    (week_inbox / "task_book.xlsx").write_bytes(b"garbage")
    (week_inbox / "notes.txt").write_text("本周说明", encoding="utf-8")
    result = refused(week_inbox, base)
    where = {(p.rule, p.file, p.row) for p in result.problems}
    assert where == {
        ("wrong_type", "grids.csv", 7),
        ("negative", "signage_cleanup.csv", 4),
        ("corrupt_xlsx", "task_book.xlsx", None),
        ("unknown_report", "notes.txt", None),
    }


def test_cli_lists_every_problem_and_exits_1(demo_base, base, week_inbox, tmp_path):
    set_cell(week_inbox / "grids.csv", 7, "覆盖小区数", "many")
    set_cell(week_inbox / "signage_cleanup.csv", 2, "旗县区代码", "150199")
    (week_inbox / "service_sites.csv").write_bytes(b"")
    expected = run_refresh(week_inbox, LAST, base=fresh_base(demo_base, tmp_path, "elsewhere")).problems
    assert sorted(p.rule for p in expected) == ["empty_file", "incomplete_report", "unknown_code", "wrong_type"]
    before = snapshot_tree(base)
    out = subprocess.run(
        [sys.executable, "refresh.py", "--inbox", str(week_inbox), "--as-of", LAST.isoformat(),
         "--data-dir", str(base)], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == 1
    assert "未发布" in out.stderr and "4 个问题" in out.stderr
    for p in expected:
        assert str(p) in out.stderr, str(p)
    assert "grids.csv 第 7 行 列「覆盖小区数（compounds）」" in out.stderr
    assert "[规则 unknown_code]" in out.stderr
    assert "已发布快照" not in out.stdout
    assert snapshot_tree(base) == before


def test_check_mode_lists_the_same_problems_and_writes_nothing(demo_base, base, week_inbox):
    set_cell(week_inbox / "grids.csv", 7, "覆盖小区数", "many")
    before = snapshot_tree(base)
    out = subprocess.run(
        [sys.executable, "refresh.py", "--check", "--inbox", str(week_inbox), "--as-of", LAST.isoformat(),
         "--data-dir", str(base)], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == 1
    assert "未通过" in out.stderr and "grids.csv 第 7 行 列「覆盖小区数（compounds）」" in out.stderr
    assert snapshot_tree(base) == before
    assert not (base / ".refresh.lock").exists()  # a check takes no lock: districts may run it anywhere


def test_check_mode_passes_a_good_week_without_publishing(demo_base, base, week_inbox):
    before = snapshot_tree(base)
    out = subprocess.run(
        [sys.executable, "refresh.py", "--check", "--inbox", str(week_inbox), "--as-of", LAST.isoformat(),
         "--data-dir", str(base)], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "校验通过" in out.stdout
    assert snapshot_tree(base) == before


def test_one_district_left_out_of_the_workforce_report(base, week_inbox):
    """The issue's first finding: the city's community workers would fall from 5,308 to 3,764."""
    path = week_inbox / "workforce.xlsx"
    frame = pl.read_excel(path, infer_schema_length=0)
    frame.filter(pl.col("district_code") != "150102").write_excel(path)
    result = refused(week_inbox, base)
    assert rules(result) == ["incomplete_report"]
    p = result.problems[0]
    assert p.file == "workforce.xlsx" and "新城区（150102）" in p.message and "社区工作者队伍" in p.message
