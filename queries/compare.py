"""Comparing two snapshots table by table: rows added or removed, values changed, revisions.

A change is a new state (a district reports more grids this week). A revision is a different
value for something already reported for a past period: a row of an event table, or a row whose
key holds a period (a recruitment year, an observation week). Rows are matched on the table's
key from the schema.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from grassroots.catalogue.tables import TABLES, Table

PERIOD_COLUMNS = {"year", "week_ending"}


def is_revisable(table: Table) -> bool:
    return table.kind == "event" or bool(PERIOD_COLUMNS & set(table.key))


@dataclass
class TableDiff:
    table: Table
    rows_old: int
    rows_new: int
    added: pl.DataFrame
    removed: pl.DataFrame
    changes: pl.DataFrame  # key columns, district_code, column, old, new, is_revision

    @property
    def changed_rows(self) -> int:
        return self.changes.select(list(self.table.key)).unique().height if self.changes.height else 0

    @property
    def revisions(self) -> pl.DataFrame:
        return self.changes.filter(pl.col("is_revision"))


def diff_table(table: Table, old: pl.DataFrame, new: pl.DataFrame) -> TableDiff:
    key = list(table.key)
    old, new = old.drop("snapshot_date", strict=False), new.drop("snapshot_date", strict=False)
    # Week to week most rows are the same. A row whose hash (of its key and values together) is found
    # on the other side is set aside first, and keys and values are matched among the rest only: at
    # (100, 520), joining every row of two snapshots (1.7 M legal-aid cases, 1.04 M weekly rows) and
    # comparing every column took 1.5 s (README, "In the browser"). A changed row is missed only if its
    # 64-bit hash equals another row's (about 1 in 10^9 for a week's changes at that size); the values
    # of the rows set apart are compared as they are.
    shared = [c for c in old.columns if c in new.columns]
    old_rows, new_rows = (frame.select(pl.struct(shared).hash()).to_series() for frame in (old, new))
    new_only = new.filter(~new_rows.is_in(old_rows.implode()))
    old_only = old.filter(~old_rows.is_in(new_rows.implode()))
    added = new_only.join(old_only.select(key), on=key, how="anti", nulls_equal=True)
    removed = old_only.join(new_only.select(key), on=key, how="anti", nulls_equal=True)
    both = old_only.join(new_only, on=key, how="inner", suffix="__new", nulls_equal=True)
    parts = []
    for col in table.column_names:
        if col in key or col not in old.columns or col not in new.columns:
            continue
        differs = both.filter(~pl.col(col).eq_missing(pl.col(f"{col}__new")))
        if differs.height:
            district = "district_code" if "district_code" in key else ("district_code__new" if "district_code__new" in differs.columns else None)
            parts.append(differs.select(
                *key,
                (pl.col(district) if district else pl.lit(None, pl.String)).alias("district"),
                pl.lit(col).alias("column"),
                pl.col(col).cast(pl.String).alias("old"),
                pl.col(f"{col}__new").cast(pl.String).alias("new"),
            ))
    schema = {**{k: both.schema[k] for k in key}, "district": pl.String, "column": pl.String, "old": pl.String, "new": pl.String}
    changes = pl.concat([p.cast(schema) for p in parts]) if parts else pl.DataFrame(schema=schema)
    changes = changes.with_columns(is_revision=pl.lit(is_revisable(table)))
    return TableDiff(table, old.height, new.height, added, removed, changes)


def diff_snapshots(old_path, new_path) -> list[TableDiff]:
    """Every table both snapshots hold (reference tables included), in schema order."""
    out = []
    for name, table in TABLES.items():
        a, b = old_path / f"{name}.parquet", new_path / f"{name}.parquet"
        if a.is_file() and b.is_file():
            out.append(diff_table(table, pl.read_parquet(a), pl.read_parquet(b)))
    return out


def by_district(diffs: list[TableDiff]) -> pl.DataFrame:
    """Per district: rows added, removed and values changed across all tables."""
    rows = []
    for d in diffs:
        if "district_code" not in d.table.column_names:
            continue
        for kind, frame in (("added", d.added), ("removed", d.removed)):
            if frame.height:
                rows.append(frame.group_by("district_code").len().with_columns(kind=pl.lit(kind), table=pl.lit(d.table.name)))
        if d.changes.height:
            rows.append(d.changes.select(pl.col("district").alias("district_code")).group_by("district_code").len()
                        .with_columns(kind=pl.lit("revised" if is_revisable(d.table) else "changed"), table=pl.lit(d.table.name)))
    if not rows:
        return pl.DataFrame(schema={"district_code": pl.String, "added": pl.UInt32, "removed": pl.UInt32,
                                    "changed": pl.UInt32, "revised": pl.UInt32})
    long = pl.concat([r.select("district_code", "kind", pl.col("len").cast(pl.UInt32)) for r in rows])
    wide = long.group_by("district_code", "kind").agg(pl.col("len").sum()).pivot("kind", index="district_code", values="len")
    for col in ("added", "removed", "changed", "revised"):
        if col not in wide.columns:
            wide = wide.with_columns(pl.lit(0, pl.UInt32).alias(col))
    return wide.fill_null(0).select("district_code", "added", "removed", "changed", "revised").sort("district_code")
