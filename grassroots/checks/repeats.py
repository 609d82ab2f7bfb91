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

from grassroots.catalogue.rules import Problem, Tally, problem
from grassroots.catalogue.tables import Table
from grassroots.checks.validate import ORIGIN, ParsedTable, emit

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
    tally = Tally(warnings)
    for pt in parsed.values():
        content = content_columns(pt.table)
        if content is None or pt.height < 2:
            continue
        frame = pt.frame
        groups = repeats(frame, content)
        if not groups.height:
            continue
        by_district = DISTRICT in content
        totals = dict(frame.group_by(DISTRICT).len().iter_rows()) if by_district else {None: frame.height}
        per = groups.group_by(pl.col(DISTRICT) if by_district else pl.lit(None).alias(DISTRICT)).agg(
            pl.len().alias("groups"), pl.col("_rows").list.len().sum().alias("repeated"))
        refused = {d for d, g, r in per.iter_rows() if g >= least and 100 * r >= share * totals[d]}
        for d, g, r in per.sort(DISTRICT, nulls_last=True).iter_rows():
            if d not in refused:
                continue
            mine = groups.filter(pl.col(DISTRICT) == d) if by_district else groups
            files = frame["_file"].gather(mine["_rows"].explode()).unique(maintain_order=True)
            problems.append(problem("repeated_events", file="、".join(files), table=pt.table.name, district=d,
                                    repeated=r, rows=totals[d], groups=g))
        key = list(pt.table.key)
        told = groups.filter(~pl.col(DISTRICT).is_in(pl.Series(list(refused), dtype=pl.String).implode())) if by_district else (
            groups.clear() if None in refused else groups)
        # each later row of a group, beside the group's first: (i, first) in the groups' order
        pairs = told.select(pl.col("_rows").list.first().alias("_first"), pl.col("_rows").list.slice(1).alias("_i"),
                            pl.col(DISTRICT) if by_district else pl.lit(None, pl.String).alias(DISTRICT)).explode("_i")
        ids = frame.select(*ORIGIN, pl.concat_str([pl.col(k).cast(pl.String) for k in key], separator="/").alias("_id"))
        later, first = ids.select(pl.all().gather(pairs["_i"])), ids.select(pl.all().gather(pairs["_first"]))
        rows = pl.concat([later, first.rename(lambda c: f"_other{c}"), pairs.select(DISTRICT)], how="horizontal")
        emit(tally, rows, lambda r: [problem(
            "repeated_event", file=r["_file"], row=r["_row"], table=pt.table.name, column=tuple(key), value=r["_id"],
            district=r[DISTRICT], other_file=r["_other_file"], other_row=r["_other_row"], other_id=r["_other_id"])])
    tally.close()
