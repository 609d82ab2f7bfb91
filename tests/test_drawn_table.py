"""The leader pages' HTML tables (app/drawn/table.py): a quantity with thousands separators, a year
or a code as written, an empty cell as "—", every cell escaped."""

from __future__ import annotations

import polars as pl

from app.drawn import table
from tests.pages.apptest import _Tables


def _cells(drawn: str) -> list[list[str]]:
    parser = _Tables()
    parser.feed(drawn)
    return parser.tables[0]


def test_quantities_are_grouped_years_and_codes_are_not():
    screen = pl.DataFrame({"year": [2025, 2026], "code": ["150102", "150103"], "workers": [1213, 15800],
                           "per_10k": [18.2, 1234.5], "name": ["<b>x</b>", None]})
    drawn = table.html(screen, [""] * 5, grouped=[False, False, True, True, False])
    head, *rows = _cells(drawn)
    assert rows == [["2025", "150102", "1,213", "18.2", "<b>x</b>"], ["2026", "150103", "15,800", "1,234.5", "—"]]
    assert "<b>x</b>" not in drawn and "&lt;b&gt;x&lt;/b&gt;" in drawn
    assert _cells(table.html(screen, [""] * 5))[1][2] == "1213"  # nothing said: as written
    text = pl.DataFrame({"workers": ["1213", "—", "-15800.25"]})  # a column with an empty cell, as exports.screen makes it
    assert [r[0] for r in _cells(table.html(text, [""], grouped=[True]))[1:]] == ["1,213", "—", "-15,800.25"]


def test_a_long_table_is_cut_with_a_note_unless_every_row_is_asked_for():
    screen = pl.DataFrame({"n": list(range(table.ROWS + 7)), "label": [f"r{i}" for i in range(table.ROWS + 6)] + ["text"]})
    cut = table.html(screen, ["", ""], more="more below")
    assert len(_cells(cut)) == 1 + table.ROWS and "more below" in cut
    whole = table.html(screen, ["", ""], more="more below", rows=None)
    assert len(_cells(whole)) == 1 + screen.height and "more below" not in whole
    short = table.html(screen.head(3), ["", ""], more="more below")
    assert len(_cells(short)) == 4 and "more below" not in short
    assert 'class=gt-n' in table.html(pl.DataFrame({"v": ["1"] * table.ROWS + ["x"]}), [""])  # only drawn rows decide
    assert 'class=gt-n' not in table.html(pl.DataFrame({"v": ["1"] * table.ROWS + ["x"]}), [""], rows=None)
