"""Row numbers in messages are the ones the district sees: header row 1, blank lines counted."""

from __future__ import annotations

import pytest
import xlsxwriter
from refresh_helpers import LAST, fresh_base, read_csv_rows, rules, write_csv_rows

from grassroots.store.pipeline import run_refresh
from grassroots.intake.reports import read_report


@pytest.fixture
def base(demo_base, tmp_path):
    return fresh_base(demo_base, tmp_path)


def test_first_data_row_is_row_2(week_inbox):
    for name in ("grids.csv", "observation_weekly.xlsx"):
        raw = read_report(week_inbox / name)
        assert [n for n, _ in raw.rows[:3]] == [2, 3, 4], name


def test_blank_line_in_csv_does_not_shift_row_numbers(base, week_inbox):
    path = week_inbox / "grids.csv"
    rows = read_csv_rows(path)
    rows[5][3] = "abc"  # line 6 of the file as it is now
    write_csv_rows(path, rows[:3] + [[]] + rows[3:], "gb18030")  # a blank line 4: "abc" is on line 7
    assert path.read_bytes().decode("gb18030").splitlines()[6].endswith(",abc")
    result = run_refresh(week_inbox, LAST, base=base)
    assert rules(result) == ["wrong_type"]
    assert (result.problems[0].file, result.problems[0].row) == ("grids.csv", 7)


def test_blank_row_in_xlsx_does_not_shift_row_numbers(base, week_inbox):
    path = week_inbox / "observation_weekly.xlsx"
    raw = read_report(path)
    cells = [cells for _, cells in raw.rows]
    cells[3][3] = "9999"  # 报表台账 of the 4th observation point: implausible
    with xlsxwriter.Workbook(path) as wb:
        sheet = wb.add_worksheet()
        sheet.write_row(0, 0, raw.header.labels)
        for i, row in enumerate(cells[:2]):
            sheet.write_row(1 + i, 0, row)  # Excel rows 2-3
        for i, row in enumerate(cells[2:]):
            sheet.write_row(4 + i, 0, row)  # Excel row 4 left blank; rows 5...
    assert [n for n, _ in read_report(path).rows[:4]] == [2, 3, 5, 6]
    result = run_refresh(week_inbox, LAST, base=base)
    assert rules(result) == ["implausible"]
    p = result.problems[0]
    assert (p.file, p.row) == ("observation_weekly.xlsx", 6) and "报表台账" in p.column_label("zh")
