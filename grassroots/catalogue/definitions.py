"""What counts, declared once: which rows of a report are a street, a community, a village, a task
that is done. The checks read these declarations as Polars expressions over a report's frame
(`counts_as_expr`, `is_done_expr`) or in Python for one row (`counts_as`), and the SQL side gets
the same declarations as DuckDB macros (`sql_macros`, created on every connection by
grassroots/store/warehouse.py before the staging views, which use them). Neither side writes the
rule again, so the refresh's totals check and the published figures cannot disagree about what a
community is (tests/test_definitions.py builds a world where they would have).
"""

from __future__ import annotations

import polars as pl

# kind -> the column values a row of `units` must have to count as one
UNIT_KINDS: dict[str, dict[str, str]] = {
    "street": {"unit_level": "street", "status": "active"},  # a street office in place (not only planned)
    "town": {"unit_level": "town", "status": "active"},
    "community": {"unit_level": "community", "status": "active"},
    "village": {"unit_level": "village", "status": "active"},
}
# a task of the task book that is done
DONE: dict[str, str] = {"status": "done"}


def counts_as(kind: str, row: dict) -> bool:
    """Whether a `units` row counts as a street, community or village (UNIT_KINDS)."""
    return all(row.get(column) == value for column, value in UNIT_KINDS[kind].items())


def is_done(row: dict) -> bool:
    """Whether a `task_book` row is done (DONE)."""
    return all(row.get(column) == value for column, value in DONE.items())


def _matches(values: dict[str, str]) -> pl.Expr:
    # a missing value is no match, as in Python (`row.get(column) == value`)
    return pl.all_horizontal(pl.col(column).eq_missing(value) for column, value in values.items())


def counts_as_expr(kind: str) -> pl.Expr:
    """counts_as as a Polars expression over a `units` frame: true for the rows that count as `kind`."""
    return _matches(UNIT_KINDS[kind])


def is_done_expr() -> pl.Expr:
    """is_done as a Polars expression over a `task_book` frame."""
    return _matches(DONE)


def _condition(values: dict[str, str]) -> str:
    # the values are the catalogue's own constants, never input: quoted as SQL literals
    return " and ".join(f"{column} = '{value}'" for column, value in values.items())


UNIT_COLUMNS = ("unit_level", "status")  # what a unit kind may test: the macros' parameters, whatever the rule
TASK_COLUMNS = ("status",)


def sql_macros() -> list[str]:
    """The same declarations as DuckDB macros: is_street(unit_level, status), is_town(…),
    is_community(…), is_village(…), is_done(status)."""
    out = [f"create or replace macro is_{kind}({', '.join(UNIT_COLUMNS)}) as ({_condition(values)})"
           for kind, values in UNIT_KINDS.items()]
    out.append(f"create or replace macro is_done({', '.join(TASK_COLUMNS)}) as ({_condition(DONE)})")
    return out
