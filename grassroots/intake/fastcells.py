"""The plain cells, typed in one vectorised pass: most of a report looks exactly like the template.

A cell qualifies only in the plainest form (digits for a count, YYYY-MM-DD for a date, 是/否,
an ASCII code, a name with no surrounding space, no line break or invisible character, within its
length) — where reading it
cannot differ from cells.parse_cell. Every other cell, and every row holding one, goes through
parse_cell one by one, which decides and words the problem. So this module changes how fast a
100× report is read, never what is published (tests/test_refresh_properties.py compares both paths).
"""

from __future__ import annotations

import polars as pl

from grassroots.intake.cells import EXCEL_ERRORS, is_code
from grassroots.catalogue.tables import Column

_BOOL = {"是": True, "否": False, "true": True, "false": False}


def typed(col: Column, texts: pl.Series) -> tuple[pl.Series, pl.Series]:
    """(values, plain): the typed values of the plain cells, and which cells are plain."""
    empty = texts == ""
    if col.dtype == "int":
        plain = texts.str.contains(r"^[0-9]{1,15}$")
        values = texts.cast(pl.Int64, strict=False)
    elif col.dtype == "float":
        plain = texts.str.contains(r"^[0-9]{1,15}(\.[0-9]{1,15})?$")
        values = texts.cast(pl.Float64, strict=False)
    elif col.dtype == "date":
        values = texts.str.to_date("%Y-%m-%d", strict=False)
        plain = texts.str.contains(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$") & values.is_not_null()
    elif col.dtype == "bool":
        plain = texts.is_in(list(_BOOL))
        values = texts.replace_strict(_BOOL, default=None, return_dtype=pl.Boolean)
    elif is_code(col):
        plain = texts.str.contains(r"^[A-Za-z0-9]+$")
        values = texts
    else:
        plain = (~empty & ~texts.str.contains(r"^\s|\s$|^=\"|[\p{Cc}\p{Cf}\p{Co}\p{Zl}\p{Zp}\x{FFFD}]")
                 & ~texts.str.to_uppercase().is_in(list(EXCEL_ERRORS)))  # `#N/A` is parse_cell's to refuse
        values = texts
    if col.dtype == "str" and col.max_length is not None:
        plain = plain & (texts.str.len_chars() <= col.max_length)
    if col.dtype in ("int", "float"):
        if col.min is not None:
            plain = plain & (values >= col.min)
        if col.max is not None:
            plain = plain & (values <= col.max)
    if col.choices:
        plain = plain & values.cast(pl.String).is_in(list(col.choices))
    if col.nullable:
        plain = plain | empty
        values = pl.select(pl.when(empty).then(None).otherwise(values)).to_series()
    return values.alias(col.name), plain.fill_null(False)
