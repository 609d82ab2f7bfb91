"""Small-cell suppression for counts of people: a cell below 5 is shown as "<5", and further
cells are hidden where a shown total would let someone back-solve a hidden one.

Secondary rule: every margin a reader can know (the whole table, each dim1 row-group, each dim2
column-group) must hide either no cell or at least two. Where exactly one is hidden, the
smallest other non-zero cell of that margin is hidden too; repeat until nothing changes.
Zeros are shown: a true zero reveals no person.
"""

from __future__ import annotations

import polars as pl

from grassroots.catalogue.units import PEOPLE

THRESHOLD = 5
HIDDEN = "<5"


def suppress(frame: pl.DataFrame, value: str, groups: list[str]) -> pl.DataFrame:
    """Add `suppressed` (bool) to frame; `groups` are the dimension columns of the cells."""
    values = frame[value].to_list()
    hidden = [v is not None and 0 < v < THRESHOLD for v in values]
    margins = [list(range(len(values)))]
    for g in groups:
        keys = frame[g].to_list()
        for k in dict.fromkeys(keys):
            margins.append([i for i, key in enumerate(keys) if key == k])
    changed = True
    while changed:
        changed = False
        for cells in margins:
            if sum(hidden[i] for i in cells) == 1:
                others = [i for i in cells if not hidden[i] and values[i]]
                if others:
                    hidden[min(others, key=lambda i: values[i])] = True
                    changed = True
    return frame.with_columns(suppressed=pl.Series(hidden, dtype=pl.Boolean))


def shown(value: float | None, suppressed: bool, formatter=str) -> str:
    return HIDDEN if suppressed else formatter(value)


def small_people(unit_zh: str, value: float | None) -> bool:
    """A figure's value that counts fewer than THRESHOLD people (its unit says it counts people:
    catalogue/units.py PEOPLE): shown as HIDDEN in any text that names a figure."""
    return unit_zh in PEOPLE and value is not None and 0 < value < THRESHOLD
