"""What Excel shows, where a sheet's stored cells alone would publish something else.

A workbook keeps more than values: formulas with the result Excel saved (or none), number
formats, hidden rows and columns, merged ranges. The district means what it sees; where that is
not what the file stores, the cell is refused, naming the sheet and the cell:

- a formula is read by the value Excel saved with it. A formula with no saved value (written by a
  program), or any formula of a workbook that asks Excel to recalculate everything when opened
  (calcPr fullCalcOnLoad: saved values may be stale) is refused: open it in Excel or WPS, save, send
  again. A formula that is only a text, `="150102001001001"` (an export trick that keeps a long
  code from turning into a number), is that text, saved value or not.
- a number formatted as a percent, a date or text in a numeric column (int or float in the
  catalogue): Excel stores 300 and shows 30000%, or shows a count as a date, or keeps it as text
  that Excel's own sums leave out; or scaled (#,##0, shows 2,000 as 2; 0!.0000"万" shows 12,345 as
  1.2345万): the district reads one number and sends another.
- a hidden (or filtered-out) row holding data, and a hidden column of the report: the district
  no longer sees what it sends.
- a merged range touching a data row: only its first cell holds the value.
- a report on a hidden sheet (hidden or very hidden): the district sees other sheets only.

The reader (workbook.sheet_rows) fills a Shown per sheet; reports.read_report judges it here once
the header says which column is which, on the rows it keeps as data.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from grassroots.catalogue.rules import Problem, problem
from grassroots.catalogue.tables import Column, Table
from grassroots.intake.cells import literal

_QUOTED = re.compile(r'"[^"]*"|\\.')  # literal text inside a number format, where % is only a character
# A format that shows another number than the one stored: a comma after the last digit scales by a
# thousand (#,##0, shows 2,000 as 2), and a literal dot (0!.0000"万", \.) moves the decimal point.
_SCALING_COMMA = re.compile(r"[0#?],+(?![0#?,])")
_SCALED = re.compile(r"!\.|\\\.")
_DATE_IDS = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47})


@dataclass
class Shown:
    """One sheet's cells whose stored value is not what Excel shows, and what hides or merges them.
    Rows and columns as Excel numbers them (1-based); a mark's column is a position (0-based)."""

    sheet: str = ""
    marks: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)  # (row, position) -> (kind, text)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)  # positions
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (min_row, min_col, max_row, max_col)
    hidden_sheet: bool = False  # the sheet itself is hidden: a report there is refused, another sheet's read


def column_letter(n: int) -> str:
    """Excel's letters of column n (1-based): 1 → A, 27 → AA."""
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


def format_kind(cell) -> str | None:
    """percent | date | text | scaled: a number format under which Excel shows other than the number stored."""
    value = cell.value
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        return "date"  # openpyxl turned a number under a date or time format into one
    style = cell._style  # the usual case, the General format, without building the format's text
    if style is None or style.numFmtId == 0:
        return None
    fmt = cell.number_format
    if fmt == "@":
        return "text"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if style.numFmtId in _DATE_IDS:
            return "date"
        if "%" in _QUOTED.sub("", fmt):
            return "percent"
        if _SCALED.search(fmt.split(";")[0]) or _SCALING_COMMA.search(_QUOTED.sub("", fmt.split(";")[0])):
            return "scaled"
    return None


def fill(shown: Shown, ws, grid: dict[int, list[str]], formulas: dict, recalc: bool) -> None:
    """What the sheet hides and merges, and its formulas: a text literal's text into the grid, the
    others marked when no value is saved or the workbook will recalculate them."""
    shown.sheet = ws.title
    shown.hidden_rows = {r for r, d in ws.row_dimensions.items() if d.hidden}
    width = max(map(len, grid.values()), default=0)
    for d in ws.column_dimensions.values():
        if d.hidden and d.min:
            shown.hidden_columns.update(range(d.min - 1, min(d.max or d.min, width + 1)))
    shown.merged = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges]
    for (r, c), (text, saved) in formulas.items():
        value = literal(text)
        if value is not None:
            cells = grid.setdefault(r, [])
            cells.extend([""] * (c - len(cells)))
            cells[c - 1] = value
            shown.marks.pop((r, c - 1), None)
        elif not saved or recalc:
            shown.marks[(r, c - 1)] = ("recalc" if saved else "unsaved", "")


def judge(shown: Shown, table: Table, columns: dict[int, Column], header_row: int, kept: list[int],
          fname: str) -> tuple[list[Problem], set[int]]:
    """The problems of the rows kept as data and the report's columns, and the rows they refuse."""
    problems: list[Problem] = []
    refused: set[int] = set()
    rows = set(kept)
    at = dict(file=fname, table=table.name, sheet=shown.sheet)
    for pos in sorted(shown.hidden_columns & set(columns)):
        problems.append(problem("hidden_cells", "column", **at, row=header_row, column=columns[pos].name,
                                cell=column_letter(pos + 1)))
    for r in sorted(shown.hidden_rows & rows):
        problems.append(problem("hidden_cells", **at, row=r))
        refused.add(r)
    for r0, c0, r1, c1 in sorted(shown.merged):
        inside = sorted(rows.intersection(range(r0, r1 + 1)))
        if inside and (r0, c0) != (r1, c1):
            col = columns.get(c0 - 1)
            problems.append(problem("merged_cells", **at, row=inside[0], column=col.name if col else None,
                                    cell=f"{column_letter(c0)}{r0}:{column_letter(c1)}{r1}"))
            refused.update(inside)
    for (r, pos), (kind, text) in sorted(shown.marks.items()):
        col = columns.get(pos)
        if r not in rows or col is None:
            continue
        where = dict(file=fname, table=table.name, sheet=shown.sheet, row=r, column=col.name,
                     cell=f"{column_letter(pos + 1)}{r}", value=text or None)
        if kind == "unsaved":
            problems.append(problem("formula_not_saved", **where))
        elif kind == "recalc":
            problems.append(problem("formula_not_saved", "recalc", **where))
        elif col.dtype not in ("int", "float"):  # no column holds a per cent: a percent format is never meant
            continue
        elif kind == "percent":
            problems.append(problem("cell_format", "percent", **where))
        elif kind == "date":
            problems.append(problem("cell_format", "date", **where))
        elif kind == "scaled":
            problems.append(problem("cell_format", "scaled", **where))
        else:
            problems.append(problem("cell_format", "text", **where))
        refused.add(r)
    return problems, refused
