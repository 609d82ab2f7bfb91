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
