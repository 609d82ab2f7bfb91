"""Relations the world guarantees, derived from the catalogue: a column whose code names a row of
another table says which columns that row holds as this one does (`agrees`, tables/shared.toml).
A community lies in the district its grids, services and cases are reported under; a community's
street lies in the community's district; a street's parent is its own district. Every declared
relation is checked for every row of the week, as one join per relation (Polars), so a new table
or column gets its check by declaring it. A row that disagrees is a problem naming both rows: this
row (file, Excel row, column) and the row its code names (other_file, other_row), or the entry of
the reference list. A code that names no row is `unknown_code`'s (week.check_references), and a
table read with problems is not checked against (week.usable).
"""

from __future__ import annotations

import polars as pl

from grassroots.catalogue.rules import Problem, Tally, problem
from grassroots.catalogue.tables import REFS, TABLES
from grassroots.checks.validate import ParsedTable, emit
from grassroots.checks.week import usable


def _target(name: str, parsed: dict[str, ParsedTable], references: dict[str, pl.DataFrame]) -> pl.DataFrame | None:
    """The table a kind names: a report of the week (its frame holds each row's origin), or a
    reference list; None when it cannot be checked against."""
    if name in parsed:
        return parsed[name].frame if usable(parsed, name) else None
    return references.get(name)


def disagreements(mine: pl.DataFrame, column: str, theirs: pl.DataFrame, key: str,
                  agreeing: tuple[str, ...]) -> pl.DataFrame:
    """Rows of `mine` whose `column` names a row of `theirs` (by its `key`) that holds other values
    in `agreeing`: _i and _j (the two rows' positions), and each agreeing column as c and c__theirs."""
    left = mine.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("_i"), pl.col(column).alias("_code"),
                       *agreeing)
    right = theirs.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("_j"), pl.col(key).alias("_code"),
                          *(pl.col(c).alias(f"{c}__theirs") for c in agreeing))
    joined = left.join(right, on="_code", how="inner")  # a null code names nothing
    differs = pl.any_horizontal(pl.col(c).ne_missing(pl.col(f"{c}__theirs")) for c in agreeing)
    return joined.filter(differs).sort("_i", "_j")


def check_relations(parsed: dict[str, ParsedTable], references: dict[str, pl.DataFrame],
                    problems: list[Problem]) -> None:
    """One `relation_mismatch` per row and agreeing column that the named row contradicts."""
    tally = Tally(problems)
    for pt in parsed.values():
        if not pt.height:
            continue
        for col in pt.table.columns:
            for kind, agreeing in col.agrees:
                theirs = _target(REFS[kind], parsed, references)
                if theirs is None:
                    continue
                found = disagreements(pt.frame, col.name, theirs, TABLES[REFS[kind]].key[0], agreeing)
                reported = "_file" in theirs.columns  # a report of the week, not a reference list
                found = found.with_columns(
                    pt.frame["_file"].gather(found["_i"]), pt.frame["_row"].gather(found["_i"]),
                    *((theirs["_file"].gather(found["_j"]).alias("_other_file"),
                       theirs["_row"].gather(found["_j"]).alias("_other_row")) if reported else ()),
                    pl.sum_horizontal(pl.col(c).ne_missing(pl.col(f"{c}__theirs")) for c in agreeing).alias("_n"))
                emit(tally, found, lambda r, pt=pt, col=col, kind=kind, agreeing=agreeing, reported=reported: [
                    problem("relation_mismatch", "" if reported else "reference", file=r["_file"], row=r["_row"],
                            table=pt.table.name, column=col.name, value=r["_code"],
                            district=r[c] if pt.table.column(c).ref == "district" else None,
                            agree=c, mine=r[c], theirs=r[f"{c}__theirs"], other_table=REFS[kind],
                            **(dict(other_file=r["_other_file"], other_row=r["_other_row"]) if reported else {}))
                    for c in agreeing if r[c] != r[f"{c}__theirs"]], weight="_n")
    tally.close()
