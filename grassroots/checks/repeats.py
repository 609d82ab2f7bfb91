"""Events repeated under new ids: the same event handed in twice, numbered afresh.

An event table (kind = "event" in the catalogue) whose key is an id of its own, not its date,
names each event by that id; what the event is, is every other column: the day, the district, the
community, the kind, the numbers. Two rows of the week alike in all of them are one event told
twice, or two events a district should tell apart. Derived from the catalogue, so a new event
table is checked by being declared. A value left empty matches nothing (an unknown community is
not the same community). One table, one grouping (Polars); no row loop.

- A district whose week of a report is mostly repeats (targets.toml [plausibility.repeats]: at
  least `refuse_share_pct` of its rows, in at least `min_groups` groups) is refused: all of one
  district's sessions appearing twice under new ids.
- Any other repeat is a warning: the refresh publishes, the command line and the desk's board show
  it, naming both rows.
"""

from __future__ import annotations

import polars as pl

from grassroots.catalogue.rules import Problem, problem
from grassroots.catalogue.tables import Table
from grassroots.checks.validate import ParsedTable

DISTRICT = "district_code"


def content_columns(table: Table) -> tuple[str, ...] | None:
    """The columns that say what an event is (every column but its id), or None for a table whose
    rows are not events with an id of their own (a state report; a weekly report keyed by its date)."""
    if table.kind != "event" or table.date_column in table.key:
        return None
    return tuple(c for c in table.column_names if c not in table.key)


def repeats(frame: pl.DataFrame, content: tuple[str, ...]) -> pl.DataFrame:
    """Groups of rows alike in every content column (no empty value among them): _rows, the rows'
    positions in order, with the group's content."""
    return (frame.with_row_index("_i").drop_nulls(list(content))
            .group_by(list(content)).agg(pl.col("_i").sort().alias("_rows"))
            .filter(pl.col("_rows").list.len() > 1).sort(pl.col("_rows").list.first()))


def check_repeats(parsed: dict[str, ParsedTable], config: dict, problems: list[Problem],
                  warnings: list[Problem]) -> None:
    rule = config.get("plausibility", {}).get("repeats", {})
    share, least = float(rule.get("refuse_share_pct", 50)), int(rule.get("min_groups", 2))
    for pt in parsed.values():
        content = content_columns(pt.table)
        if content is None or len(pt.records) < 2:
            continue
        groups = repeats(pt.frame(), content)
        if not groups.height:
            continue
        by_district = DISTRICT in content
        totals = dict(pt.frame().group_by(DISTRICT).len().iter_rows()) if by_district else {None: pt.frame().height}
        per = groups.group_by(pl.col(DISTRICT) if by_district else pl.lit(None).alias(DISTRICT)).agg(
            pl.len().alias("groups"), pl.col("_rows").list.len().sum().alias("repeated"))
        refused = {d for d, g, r in per.iter_rows() if g >= least and 100 * r >= share * totals[d]}
        for d, g, r in per.sort(DISTRICT, nulls_last=True).iter_rows():
            if d not in refused:
                continue
            mine = groups.filter(pl.col(DISTRICT) == d) if by_district else groups
            files = "、".join(dict.fromkeys(pt.origin[i][0] for rows_ in mine["_rows"] for i in rows_))
            problems.append(problem("repeated_events", file=files, table=pt.table.name, district=d,
                                    repeated=r, rows=totals[d], groups=g))
        key = pt.table.key
        for group in groups.iter_rows(named=True):
            if (group[DISTRICT] if by_district else None) in refused:
                continue
            first, *later = group["_rows"]
            for i in later:
                warnings.append(problem(
                    "repeated_event", file=pt.origin[i][0], row=pt.origin[i][1], table=pt.table.name,
                    column=key, value="/".join(str(pt.records[i][k]) for k in key),
                    district=group[DISTRICT] if by_district else None, other_file=pt.origin[first][0],
                    other_row=pt.origin[first][1], other_id="/".join(str(pt.records[first][k]) for k in key)))
