"""DuckDB over snapshot folders: one view per table, its history, then the SQL staging layer.

Both the refresh (the figures of a staged snapshot beside last week's, for the plausibility
check) and the app's query layer (queries/db.py) open their connections here, so the figures a
refresh checks are computed by the very SQL the pages show.

A connection covers one snapshot (the app) or a few (the refresh):
- base views: every schema table, over that table's Parquet file in each folder (each row
  carries its `snapshot_date`);
- history views `<table>_history`: the week-by-week history the snapshot carries under
  history/ (small state tables, and `figures_history`, the figures as published each week);
  for a table without one, its own rows. A query never reads other snapshots' files, so its
  cost does not grow with the number of snapshots;
- staging views: every `staging/<name>.sql` beside this file holds one SELECT and becomes the
  view `<name>`; `staging/macros.sql` holds the shared formulas as DuckDB macros. They are the
  store's: the figures published with each snapshot are computed by them, and the page queries
  (queries/*.sql) read them. One view is generated rather than written: stg_explore_facts, from the
  exploration catalogue (explore_facts.py).
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import duckdb
import polars as pl

from grassroots.catalogue import definitions
from grassroots.catalogue.tables import HISTORY_DIR, TABLES
from grassroots.store import explore_facts

STAGING_DIR = Path(__file__).resolve().parent / "staging"
MACROS = "macros"
DUCK_TYPES = {"str": "varchar", "int": "bigint", "float": "double", "date": "date", "bool": "boolean"}
CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
FIGURE_COLUMNS = "null::date as snapshot_date, null::varchar as district_code, null::varchar as figure_id, " \
                 "null::double as value, null::boolean as city_only"


def _quote(path: Path) -> str:
    # Paths come from snapshot folders the refresh wrote (date-named), never from a user.
    return "'" + str(path).replace("'", "''") + "'"


def _read(files: list[Path]) -> str:
    return f"read_parquet([{', '.join(map(_quote, files))}], union_by_name = true)"


def table_source(name: str, folders: list[Path]) -> str:
    """The FROM-clause source of one table over the given snapshot folders."""
    files = [f / f"{name}.parquet" for f in folders if (f / f"{name}.parquet").is_file()]
    if files:
        return _read(files)
    cols = ", ".join(f"null::{DUCK_TYPES[c.dtype]} as {c.name}" for c in TABLES[name].columns)
    return f"(select {cols}, null::date as snapshot_date where false)"  # keeps queries valid


def staging_sql() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(STAGING_DIR.glob("*.sql"))}


def connect(folders: list[Path], config: dict | None = None) -> duckdb.DuckDBPyConnection:
    """Base views over `folders`, history views over the last folder's history, staging views."""
    con = duckdb.connect(":memory:", config={**CONFIG, **(config or {})})
    for name in TABLES:
        con.execute(f"create view {name} as select * from {table_source(name, folders)}")
    latest = folders[-1] if folders else None
    for name in TABLES:
        path = latest / HISTORY_DIR / f"{name}.parquet" if latest else None
        source = _read([path]) if path and path.is_file() else name
        con.execute(f"create view {name}_history as select * from {source}")
    figures = latest / HISTORY_DIR / "figures.parquet" if latest else None
    con.execute("create view figures_history as select * from " + (
        _read([figures]) if figures and figures.is_file() else f"(select {FIGURE_COLUMNS} where false)"))
    create_staging(con)
    return con


def create_staging(con: duckdb.DuckDBPyConnection) -> None:
    """Create the macros, then every staging view; a view that reads another is retried once that one exists."""
    for macro in definitions.sql_macros():  # what counts as a community, a done task: declared in the catalogue
        con.execute(macro)
    pending = staging_sql()
    pending[explore_facts.NAME] = explore_facts.sql()  # derived from the exploration catalogue, not written
    if MACROS in pending:
        con.execute(pending.pop(MACROS))
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


@functools.lru_cache(maxsize=1)  # the files change with a release, which restarts the app
def definitions_version() -> str:
    """Which definitions the figures are computed by: a digest of everything the staging views are
    made of (the catalogue's macros, macros.sql, every staging view, the generated ones). A
    snapshot records it when its figures are stored (manifest["figures"]["definitions"])."""
    parts = [*definitions.sql_macros(), *(f"{k}\n{v}" for k, v in sorted(staging_sql().items())), explore_facts.sql()]
    return hashlib.sha256("\n\0".join(parts).encode("utf-8")).hexdigest()[:12]


def figures(folders: list[Path]) -> pl.DataFrame:
    """Every figure of every scope (city, each district) of the given snapshots."""
    con = connect(folders)
    try:
        return con.sql("select * from stg_figures order by snapshot_date, figure_id, district_code nulls first").pl()
    finally:
        con.close()
