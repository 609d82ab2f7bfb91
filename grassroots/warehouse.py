"""DuckDB over a chosen set of snapshot folders: one view per table, then the SQL staging views.

Both the refresh (figures of a staged snapshot beside last week's, for the plausibility check)
and the app's query layer (queries/db.py) open their connections here, so the figures a
refresh checks are computed by the very SQL the pages show.

Base views: every schema table is a view over that table's Parquet file in each given folder
(each file carries its `snapshot_date`). Staging views: every `queries/staging/<name>.sql`
holds one SELECT and becomes the view `<name>`, created in dependency order.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from grassroots.schema import TABLES

SQL_DIR = Path(__file__).resolve().parent.parent / "queries"
STAGING_DIR = SQL_DIR / "staging"
DUCK_TYPES = {"str": "varchar", "int": "bigint", "float": "double", "date": "date", "bool": "boolean"}
CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


def _quote(path: Path) -> str:
    # Paths come from snapshot folders the refresh wrote (date-named), never from a user.
    return "'" + str(path).replace("'", "''") + "'"


def table_source(name: str, folders: list[Path]) -> str:
    """The FROM-clause source of one table over the given snapshot folders."""
    files = [f / f"{name}.parquet" for f in folders if (f / f"{name}.parquet").is_file()]
    if files:
        return f"read_parquet([{', '.join(map(_quote, files))}], union_by_name = true)"
    cols = ", ".join(f"null::{DUCK_TYPES[c.dtype]} as {c.name}" for c in TABLES[name].columns)
    return f"(select {cols}, null::date as snapshot_date where false)"  # keeps queries valid


def staging_sql() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(STAGING_DIR.glob("*.sql"))}


def connect(folders: list[Path], config: dict | None = None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:", config={**CONFIG, **(config or {})})
    for name in TABLES:
        con.execute(f"create view {name} as select * from {table_source(name, folders)}")
    create_staging(con)
    return con


def create_staging(con: duckdb.DuckDBPyConnection) -> None:
    """Create every staging view; a view that reads another is retried once that one exists."""
    pending = staging_sql()
    while pending:
        failed: dict[str, str] = {}
        errors = []
        for name, sql in pending.items():
            try:
                con.execute(f"create or replace view {name} as\n{sql}")
            except duckdb.CatalogException as err:
                failed[name] = sql
                errors.append(f"{name}: {err}")
        if len(failed) == len(pending):
            raise RuntimeError("staging views cannot be created:\n" + "\n".join(errors))
        pending = failed


def figures(folders: list[Path]) -> pl.DataFrame:
    """Every figure of every scope (city, each district) of the given snapshots."""
    con = connect(folders)
    try:
        return con.sql("select * from figures order by snapshot_date, figure_id, district_code nulls first").pl()
    finally:
        con.close()
