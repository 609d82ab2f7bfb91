"""What a table and a column are (Column, Table). The tables themselves are data (the .toml
files beside this one, read by load.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from grassroots.catalogue import units

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # str | int | float | date | bool
    zh: str
    en: str
    unit: str = ""
    definition: str = ""  # 口径
    nullable: bool = False
    min: float | None = None
    max: float | None = None  # plausibility bound: above it a value is a typing mistake
    choices: tuple[str, ...] = ()
    ref: str | None = None  # district | unit | point | team: must exist
    future_ok: bool = False  # a date that may lie after the as-of date (a deadline)
    people: bool = False  # counts persons: cells below 5 are suppressed in exploration
    choice_labels: tuple[tuple[str, str, str], ...] = ()  # (value, zh, en) of each allowed value
    definition_en: str = ""  # the 口径 in English (catalogue/cards.py shows the Chinese where it is missing)
    # Relations: (ref kind, columns) — the row this column's code names, in the table that kind names
    # (shared.toml [refs]), holds the same values in these columns as this row (checks/relations.py).
    agrees: tuple[tuple[str, tuple[str, ...]], ...] = ()
    max_length: int | None = None  # a text's most characters (shared.toml gives every text column a default)

    @property
    def unit_en(self) -> str:
        return units.english(self.unit)

    def choice_label(self, value, lang: str = "zh") -> str:
        for v, zh, en in self.choice_labels:
            if v == value:
                return en if lang == "en" else zh
        return "" if value is None else str(value)


@dataclass(frozen=True)
class Table:
    name: str
    kind: str  # report | event | reference
    zh: str
    en: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    definition: str
    source: str
    area: str  # restructuring | burden | workforce | cogovernance | divisions
    date_column: str | None = None  # event tables: the date that must fall inside the week
    # Who must appear in every weekly report of a state table (validate.check_coverage):
    # "districts" every district of the reference list; "previous" every district that was in
    # last week's report; "codes" every allowed value of the key column; None: no rule.
    coverage: str | None = None
    # Small state tables whose week-by-week history each snapshot carries (history/<name>.parquet):
    # trend charts and history exploration read one file instead of every snapshot's.
    history: bool = False
    counted: tuple[str, str, str] | None = None  # what one row is, to count rows: (zh, en, unit)
    extra: dict = field(default_factory=dict)
    definition_en: str = ""
    source_en: str = ""

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name}.{name}")

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]
