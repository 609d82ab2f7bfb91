"""Workbooks as districts make them, by property: random number formats, formulas with and without
a saved result (and workbooks that ask to recalculate), `="…"` codes, hidden rows and columns,
merged cells, names in Chinese and Mongolian with line breaks. Two outcomes only: the rows read
are what a person sees in Excel, or the file is refused naming exactly the cells that differ.
Never a third outcome, never a traceback."""

from __future__ import annotations

import io

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_text_cells import CHINESE, MONGOLIAN, PUNCT
from xlsx_saved import as_excel_saves

from grassroots.catalogue.rules import CellError
from grassroots.catalogue.tables import REPORTS
from grassroots.intake.cells import is_code, parse_cell
from grassroots.intake.reports import read_report
from grassroots.intake.shown import column_letter

TABLES = [t for t in REPORTS if all(c.dtype in ("str", "int") for c in t.columns)]
SHOWN_AS_IS = ["General", "0", "#,##0", "0.0"]  # formats under which Excel shows a whole number as itself
SHOWN_OTHERWISE = ["0%", "0.00%", "yyyy-mm-dd", "yyyy/m/d", "h:mm", "@"]


def name_text():
    part = CHINESE | MONGOLIAN | PUNCT
    return st.tuples(part, st.sampled_from(["", "\n", "\r\n"]), part).map(lambda t: (t[0] + t[1] + t[2]).strip())


@st.composite
def workbook(draw):
    """(file bytes, table, what a person sees per data row, the cells that must be refused as (row, column))."""
    table = draw(st.sampled_from(TABLES))
    n = draw(st.integers(1, 5))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([c.zh for c in table.columns])
    seen: list[dict] = []
    refused: set[tuple[int, str | None]] = set()
    saved: dict = {}
    formulas: list[tuple[int, str, bool]] = []  # (row, column, result saved)
    for i in range(n):
        r = i + 2
        record = {}
        for j, col in enumerate(table.columns):
            ref = f"{column_letter(j + 1)}{r}"
            if col.choices:
                value = record[col.name] = draw(st.sampled_from(col.choices))
                ws[ref] = value
            elif col.dtype == "str" and is_code(col):
                value = record[col.name] = f"{150102 + i}{j:03d}"
                ws[ref] = f'="{value}"' if draw(st.booleans()) else value
            elif col.dtype == "str":
                text = draw(name_text().filter(bool))
                ws[ref] = text
                record[col.name] = " ".join(text.replace("\r\n", "\n").split("\n"))
            else:
                low = int(col.min or 0)
                value = record[col.name] = draw(st.integers(low, low + min(int(col.max or 10_000) - low, 10_000)))
                how = draw(st.sampled_from(["value", "value", "format", "formula", "formula_unsaved"]))
                if how == "format":
                    fmt = draw(st.sampled_from(SHOWN_AS_IS + SHOWN_OTHERWISE))
                    ws[ref] = str(value) if fmt == "@" else value
                    ws[ref].number_format = fmt
                    if fmt in SHOWN_OTHERWISE:
                        refused.add((r, col.name))
                elif how.startswith("formula"):
                    ws[ref] = f"={value}+0"
                    saved[("sheet1", ref)] = value if how == "formula" else None
                    formulas.append((r, col.name, how == "formula"))
                else:
                    ws[ref] = value
        seen.append(record)
    if draw(st.booleans()):
        r = draw(st.integers(2, n + 1))
        ws.row_dimensions[r].hidden = True
        refused.add((r, None))
    if draw(st.booleans()):
        j = draw(st.integers(0, len(table.columns) - 1))
        ws.column_dimensions[column_letter(j + 1)].hidden = True
        refused.add((1, table.columns[j].name))
    if n >= 2 and draw(st.booleans()):
        r, j = draw(st.integers(2, n)), draw(st.integers(0, len(table.columns) - 1))
        ws.merge_cells(f"{column_letter(j + 1)}{r}:{column_letter(j + 1)}{r + 1}")
        refused.add((r, table.columns[j].name))
        saved.pop(("sheet1", f"{column_letter(j + 1)}{r + 1}"), None)  # merging empties the cells below the first
        formulas = [f for f in formulas if f[:2] != (r + 1, table.columns[j].name)]
        refused.discard((r + 1, table.columns[j].name))
    recalc = bool(formulas) and draw(st.booleans())
    refused |= {(r, c) for r, c, ok in formulas if recalc or not ok}
    out = io.BytesIO()
    wb.save(out)
    return as_excel_saves(out.getvalue(), saved, recalc=recalc), table, seen, refused


def _place(problem) -> tuple[int | None, str | None]:
    return problem.row, problem.column


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                    HealthCheck.too_slow])
@given(made=workbook())
def test_a_workbook_is_read_as_excel_shows_it_or_refused_naming_the_cells(made, tmp_path):
    data, table, seen, refused = made
    path = tmp_path / f"{table.name}.xlsx"
    path.write_bytes(data)
    raw = read_report(path)
    places = {_place(p) for p in raw.problems}
    assert places == refused, (refused, places)  # each cell that differs named, and no other
    assert {p.rule for p in raw.problems} <= {"formula_not_saved", "cell_format", "hidden_cells", "merged_cells"}
    assert all(p.message and p.hint and p.get("sheet") == "Sheet" for p in raw.problems)
    if refused:
        return
    assert raw.problems == []
    read = []
    for _, cells in raw.rows:
        record = {}
        for i, col in raw.header.columns.items():
            try:
                record[col.name] = parse_cell(col, cells[i] if i < len(cells) else "")
            except CellError as err:  # never: what a person sees here is a valid value
                raise AssertionError((cells, err.rule, err.fields)) from None
        read.append(record)
    assert read == seen
