"""Ways a district's file gets changed on its way to us: the edits the messy corpus is made of.

Each helper takes the tiny inbox folder (UTF-8 CSV files with Chinese headers, see tests/tiny.py)
and rewrites one report the way a person or a program would: another encoding, a cell typed
differently, a row lost, an Excel workbook with a title row, merged cells or an error value.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import xlsxwriter


def rows(inbox: Path, name: str) -> list[list[str]]:
    """The report's rows (header first) as text."""
    text = (inbox / f"{name}.csv").read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def write(inbox: Path, name: str, table: list[list[str]], *, encoding: str = "utf-8-sig", file: str | None = None,
          newline: str = "\r\n") -> Path:
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator=newline).writerows(table)
    path = inbox / (file or f"{name}.csv")
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def col(table: list[list[str]], label: str) -> int:
    return table[0].index(label)


def set_cell(inbox: Path, name: str, row: int, label: str, value: str, **kw) -> str:
    """Set the cell in CSV row `row` (header = 1) of column `label`; return the old text."""
    table = rows(inbox, name)
    i = col(table, label)
    old = table[row - 1][i]
    table[row - 1][i] = value
    write(inbox, name, table, **kw)
    return old


def row_of(inbox: Path, name: str, label: str, value: str) -> int:
    """The CSV row number (header = 1) of the first row whose `label` column is `value`."""
    table = rows(inbox, name)
    i = col(table, label)
    return next(n for n, r in enumerate(table[1:], start=2) if r[i] == value)


def drop_rows(inbox: Path, name: str, label: str, value: str) -> None:
    table = rows(inbox, name)
    i = col(table, label)
    write(inbox, name, [table[0]] + [r for r in table[1:] if r[i] != value])


def to_xlsx(inbox: Path, name: str, *, above: list[list] | None = None, blank_above: int = 0,
            sheets_before: list[str] = (), sheet: str = "Sheet1", cells: dict | None = None,
            merge: list[tuple] = (), header: list[list[str]] | None = None, extra_sheet: str | None = None,
            recalc: bool = False, hidden_rows: list[int] = (), hidden_cols: list[int] = (), hidden_sheet: bool = False) -> Path:
    """Replace report `name`.csv by `name`.xlsx laid out as a government form would be.

    above: rows written above the header (title, 填报单位); blank_above: empty rows before them;
    sheets_before: sheets (e.g. 填报说明) before the data sheet; cells: {(row, col): value,
    ("formula", text, shown) or ("format", value, number format)} written over the data (0-based,
    in sheet coordinates); hidden_rows, hidden_cols: hidden (0-based); hidden_sheet: the data sheet hidden
    (the first of sheets_before shown instead);
    merge: (first_row, first_col, last_row, last_col, value) ranges; header: replaces the
    one-row header with these rows; extra_sheet: a second sheet holding the same data. A formula's
    shown value is saved with it, as Excel saves it; recalc: the workbook asks Excel to recalculate
    every formula on load, as xlsxwriter (a program) leaves it unless told.
    """
    table = rows(inbox, name)
    (inbox / f"{name}.csv").unlink()
    path = inbox / f"{name}.xlsx"
    with xlsxwriter.Workbook(path) as wb:
        wb.calc_on_load = recalc  # xlsxwriter's own default: True (its calcPr says fullCalcOnLoad="1")
        for s in sheets_before:
            wb.add_worksheet(s).write(0, 0, "填报说明：请按模板填写")
        for title in ([sheet] + ([extra_sheet] if extra_sheet else [])):
            ws = wb.add_worksheet(title)
            r = blank_above
            for line in above or []:
                ws.write_row(r, 0, line)
                r += 1
            for line in header or [table[0]]:
                ws.write_row(r, 0, line)
                r += 1
            for data in table[1:]:
                for c, value in enumerate(data):
                    ws.write(r, c, _typed(value))
                r += 1
            for (cr, cc), value in (cells or {}).items():
                if isinstance(value, tuple) and value[0] == "formula":
                    ws.write_formula(cr, cc, value[1], None, value[2])
                elif isinstance(value, tuple):
                    ws.write(cr, cc, value[1], wb.add_format({"num_format": value[2]}))
                else:
                    ws.write(cr, cc, value)
            for hr in hidden_rows:
                ws.set_row(hr, None, None, {"hidden": True})
            for hc in hidden_cols:
                ws.set_column(hc, hc, None, None, {"hidden": True})
            for fr, fc, lr, lc, value in merge:
                ws.merge_range(fr, fc, lr, lc, value)
            if hidden_sheet:
                ws.hide()
        if hidden_sheet:
            wb.worksheets()[0].activate()
    return path


def _typed(value: str):
    """Numbers as numbers, as a person typing into Excel gets them."""
    try:
        return int(value) if value.isdigit() and len(value) < 9 else value
    except ValueError:
        return value
