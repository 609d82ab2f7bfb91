"""The one description of every table: columns, types, Chinese/English labels, units, 口径, rules.

The refresh validates reports against it, the demo generator writes reports from it, the
query tests and the pages read labels from it. Column names stay English snake_case; what a
person sees comes from `zh` / `en` here.

Table kinds:
- ``report``: one weekly report kind, a full statement of the current state, replacing last week's.
- ``event``: one weekly report kind holding only the events of the week (dated inside it);
  the snapshot accumulates them on top of the previous snapshot's.
- ``reference``: shipped with the project under ``data/ref/`` and copied into every snapshot.

The tables are data, declared once in TOML files the department can edit without touching code:
reference.toml, restructuring.toml, burden.toml, workforce.toml, cogovernance.toml: the tables, by area
shared.toml       the sources several tables name, and the column shorthands (district, count, demo flag)
derived.toml      the columns queries compute
columns.py        what a table and a column are (Column, Table)
load.py           reads the files strictly: an unknown, missing or mistyped key stops the program,
                  naming the file, the table, the column and the key
"""

from __future__ import annotations

from grassroots.catalogue.tables.columns import SCHEMA_VERSION, Column, Table  # noqa: F401 (the catalogue's interface)
from grassroots.catalogue.tables.load import load as _load, shorthand_column as _shorthand_column

_CATALOGUE = _load()
TABLES: dict[str, Table] = _CATALOGUE.tables  # in the order of the area files
DERIVED: dict[str, Column] = _CATALOGUE.derived
CITY_INDICATORS: dict[str, tuple[str, str, str]] = _CATALOGUE.codes["city_indicators"]  # code: (zh, en, unit)
NEGATIVE_CASE_CATEGORIES = TABLES["negative_cases"].column("category").choices
REFS: dict[str, str] = _CATALOGUE.refs  # what a column's ref names -> its table (shared.toml [refs])
SRC_DISTRICTS, SRC_DISTRICTS_EN = _CATALOGUE.sources["districts"]
SRC_CITY, SRC_CITY_EN = _CATALOGUE.sources["city"]
DEMO_FLAG = _shorthand_column(_CATALOGUE.shorthands["demo_flag"])
DEMO_INVENTED_NOTE, DEMO_INVENTED_NOTE_EN = DEMO_FLAG.definition, DEMO_FLAG.definition_en

REPORTS = [t for t in TABLES.values() if t.kind in ("report", "event")]
HISTORY = [t for t in TABLES.values() if t.history]
HISTORY_DIR = "history"  # inside each snapshot folder; also holds figures.parquet, the figures as published
REFERENCES = [t for t in TABLES.values() if t.kind == "reference"]

# Cross-report totals: district_restructuring column -> how the detail counts it.
# (the detail report, and what counts there: a kind of catalogue/definitions.py, or None for every row)
DISTRICT_TOTAL_CHECKS = {
    "streets_now": ("units", "street"),
    "communities": ("units", "community"),
    "villages": ("units", "village"),
    "grids": ("grids", None),
}

AREAS = {
    "restructuring": ("治理单元优化", "Unit restructuring"),
    "burden": ("减负", "Burden reduction"),
    "workforce": ("队伍建设", "Workforce pipeline"),
    "cogovernance": ("共治与志愿服务", "Co-governance and volunteers"),
    "divisions": ("区划", "Divisions"),
}


def label(item, lang: str = "zh", heading: bool = False) -> str:
    """A table's, column's, figure's or area's name in the language (anything with zh and en);
    `heading` capitalises the English, for a column header or a widget's label."""
    text = item.en if lang == "en" else item.zh
    return text[:1].upper() + text[1:] if heading and lang == "en" else text


def column(name: str, table: str | None = None) -> Column:
    """The catalogue entry of a column a user sees: a reported column of `table`, or a derived one."""
    return TABLES[table].column(name) if table else DERIVED[name]
