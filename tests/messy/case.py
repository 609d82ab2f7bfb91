"""The messy-inbox corpus: what district staff really send, and what the refresh must make of it.

Every case starts from the tiny world's week 2 (tests/tiny.py), on top of its published week 1,
and changes it the way a person or a program would. Then exactly one of two things must happen:
- published, with every table equal to what the district meant (the tiny week, or the tiny week
  with the change the district really made), or
- refused, with exactly the problems listed: (rule, file, Excel row, column) — "*" for any.
Never a traceback, never a silently changed value.

This file says what a case is and keeps the register; the cases_*.py files beside it hold the
cases by class, and cases.py gathers them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import polars as pl

ANY = "*"


@dataclass(frozen=True)
class Case:
    name: str
    story: str  # what the district did
    edit: Callable[[Path], None]
    refused: tuple[tuple, ...] = ()  # (rule, file, row, column); empty = must be published
    meant: Callable[[dict[str, pl.DataFrame]], None] | None = None  # the district's real change to the frames
    accept: tuple[str, ...] = ()
    notes: int = 0  # notes the refresh must give (skipped rows or files, header found lower down)
    warned: tuple[tuple, ...] = ()  # the warnings a published case must give, as `refused` lists problems


CASES: list[Case] = []


def case(name, story, *, refused=(), meant=None, accept=(), notes=0, warned=()):
    def register(edit):
        CASES.append(Case(name, story, edit, tuple(refused), meant, tuple(accept), notes, tuple(warned)))
        return edit
    return register


def one_cell(cases) -> None:
    """Register cases that change one cell of a CSV report: (name, story, (report, Excel row, header,
    value), what the refresh must do, as case()'s keywords)."""
    from . import edits

    for name, story, cell, expected in cases:
        case(name, story, **expected)(lambda inbox, cell=cell: edits.set_cell(inbox, *cell))


def set_value(frames, table, column, value, where=None):
    """Set a column of a table's frame (where: a (column, value) the row must have) — a district's real change."""
    f = frames[table]
    cond = pl.lit(True) if where is None else (pl.col(where[0]) == where[1])
    frames[table] = f.with_columns(pl.when(cond).then(pl.lit(value, dtype=f.schema[column])).otherwise(pl.col(column)).alias(column))
