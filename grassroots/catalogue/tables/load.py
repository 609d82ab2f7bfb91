"""Reading the table catalogue from its data files, strictly (catalogue/datafiles.py).

shared.toml    the sources several tables name, the column shorthands (`use = "district"`), and the
               keys every column of a dtype gets unless it sets them (`[dtype.str] max_length`)
<area>.toml    `[[table]]` entries, each with its `[[table.column]]` entries; `[codes.NAME]` code lists
derived.toml   `[[column]]` entries: the columns queries compute

A column entry has the keys of a Column, except that `choices` is either a list of the allowed
values or a table value = [Chinese, English] (the values with their labels), `codes = "NAME"`
allows the codes of a code list, `agrees = { KIND = [columns] }` says which columns the row its code
names (in the table shared.toml's [refs] gives that kind) holds as this row does, and `use = "NAME"`
takes a shorthand's keys: those it lists as `may_restate` the entry may set again, the others not.
A table entry has the keys of a Table; its `source` names a shared source or is [Chinese, English].
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from grassroots.catalogue.datafiles import (
    ENTRIES, NAMES, PAIR, TABLE, TEXT, TEXTS, TRIPLE, UNIT, Kind, check, either, entries, fail, keys_of, name, one_of,
    read,
)
from grassroots.catalogue.tables.columns import Column, Table

FOLDER = Path(__file__).parent
AREA_FILES = ("reference", "restructuring", "burden", "workforce", "cogovernance")  # the catalogue's order

DTYPES = ("str", "int", "float", "date", "bool")
AGREES = Kind("a table of lists of column names (kind = [columns])",
               lambda v: isinstance(v, dict) and all(TEXTS.test(x) and x for x in v.values()))
CHOICES = either(TEXTS, Kind("a table value = [Chinese, English]",
                             lambda v: isinstance(v, dict) and all(PAIR.test(x) for x in v.values())))
COLUMN, COLUMN_REQUIRED = keys_of(
    Column, drop=("choice_labels",), dtype=one_of(*DTYPES), unit=UNIT,
    ref=one_of("district", "unit", "point", "team"), choices=CHOICES, codes=TEXT, use=TEXT,
    agrees=AGREES)
SHORTHAND = {k: v for k, v in COLUMN.items() if k not in ("use", "codes", "agrees")} | {"may_restate": TEXTS}
BY_DTYPE = {"max_length": COLUMN["max_length"]}  # what [dtype.NAME] of shared.toml may give
TABLE_KEYS, TABLE_REQUIRED = keys_of(
    Table, drop=("columns", "source_en"), kind=one_of("report", "event", "reference"), source=either(TEXT, PAIR),
    coverage=one_of("districts", "previous", "codes"), column=ENTRIES)
TABLE_REQUIRED |= {"column"}


class Catalogue(NamedTuple):
    tables: dict[str, Table]
    derived: dict[str, Column]
    codes: dict[str, dict[str, tuple[str, str, str]]]  # code list -> code -> (zh, en, unit)
    sources: dict[str, tuple[str, str]]
    shorthands: dict[str, dict]  # shorthand -> the keys it gives a column
    refs: dict[str, str]  # what a column's ref names -> the table whose key holds the code
    by_dtype: dict[str, dict]  # dtype -> the keys every column of it gets unless it sets them


def _shorthands(path: Path, data: dict) -> dict[str, dict]:
    out = {}
    for short, keys in data.items():
        where = f"{path}: shorthand {short!r}"
        check(where, keys, SHORTHAND)
        for key in keys.get("may_restate", ()):
            if key not in keys:
                fail(where, "may_restate", f"names {key!r}, which the shorthand does not set")
        out[short] = keys
    return out


def _column(where: str, entry: dict, uses: dict, codes: dict, by_dtype: dict) -> Column:
    check(where, entry, COLUMN)
    values = dict(entry)
    if "use" in values:
        use = values.pop("use")
        keys = name(where, "use", use, uses, "shorthand")
        for key in values:
            if key in keys and key not in keys.get("may_restate", ()):
                fail(where, key, f"is set by use = {use!r} and may not be restated")
        values = {k: v for k, v in keys.items() if k != "may_restate"} | values
    for key in sorted(COLUMN_REQUIRED - set(values)):
        fail(where, key, "is missing")
    values = by_dtype.get(values["dtype"], {}) | values
    choices = values.pop("choices", ())
    if "codes" in values:
        if choices:
            fail(where, "codes", "and 'choices' both say the allowed values: keep one")
        choices = list(name(where, "codes", values.pop("codes"), codes, "code list"))
    if isinstance(choices, dict):
        values["choice_labels"] = tuple((v, zh, en) for v, (zh, en) in choices.items())
    if "agrees" in values:
        values["agrees"] = tuple((kind, tuple(cols)) for kind, cols in values["agrees"].items())
    return Column(choices=tuple(choices), **values)


def _column_where(where: str, i: int, col: dict, uses: dict) -> str:
    """How an error names a column entry: by its name, its shorthand's, or its place."""
    use = col.get("use")
    short = uses.get(use, {}) if isinstance(use, str) else {}
    label = col.get("name", short.get("name"))
    if isinstance(label, str):
        return f"{where}, column {label!r}"
    return f"{where}, column #{i}" + (f" (use = {use!r})" if use is not None else "")


def _table(where: str, entry: dict, sources: dict, uses: dict, codes: dict, by_dtype: dict) -> Table:
    check(where, entry, TABLE_KEYS, TABLE_REQUIRED)
    values = dict(entry)
    columns: list[Column] = []
    for i, col in enumerate(values.pop("column"), 1):
        columns.append(_column(_column_where(where, i, col, uses), col, uses, codes, by_dtype))
        if columns[-1].name in [c.name for c in columns[:-1]]:
            fail(f"{where}, column {columns[-1].name!r}", "name", "declares the column a second time")
    names = [c.name for c in columns]
    for col in columns:
        for kind, agreeing in col.agrees:
            for named in agreeing:
                if named not in names:
                    fail(f"{where}, column {col.name!r}", "agrees",
                         f"names {named!r}, which is not one of the table's columns")
    for key in ("key", "date_column"):
        for named in [values[key]] if isinstance(values.get(key), str) else values.get(key, ()):
            if named not in names:
                fail(where, key, f"names {named!r}, which is not one of the table's columns")
    source = values.pop("source")
    values["source"], values["source_en"] = name(where, "source", source, sources, "source") \
        if isinstance(source, str) else source
    values["key"] = tuple(values["key"])
    if "counted" in values:
        values["counted"] = tuple(values["counted"])
    return Table(columns=tuple(columns), **values)


def load(folder: Path = FOLDER) -> Catalogue:
    """Every table of the area files, in their order, and the derived columns."""
    path = folder / "shared.toml"
    shared = check(str(path), read(path), {"sources": TABLE, "use": TABLE, "refs": NAMES, "dtype": TABLE},
                   ("sources", "use", "refs"))
    check(f"{path}: [sources]", shared["sources"], dict.fromkeys(shared["sources"], PAIR))
    sources = {k: tuple(v) for k, v in shared["sources"].items()}
    uses = _shorthands(path, shared["use"])
    by_dtype = shared.get("dtype", {})
    check(f"{path}: [dtype]", by_dtype, dict.fromkeys(DTYPES, TABLE))
    for dtype, keys in by_dtype.items():
        check(f"{path}: [dtype.{dtype}]", keys, BY_DTYPE)
    files = [(folder / f"{area}.toml", read(folder / f"{area}.toml")) for area in AREA_FILES]
    codes: dict[str, dict] = {}
    for path, data in files:
        check(str(path), data, {"table": ENTRIES, "codes": TABLE}, ("table",))
        for list_name, listed in data.get("codes", {}).items():
            where = f"{path}: code list {list_name!r}"
            if list_name in codes:
                fail(where, "codes", f"declares {list_name!r} a second time")
            check(where, listed, dict.fromkeys(listed, TRIPLE))
            codes[list_name] = {code: tuple(v) for code, v in listed.items()}
    tables: dict[str, Table] = {}
    seen: dict[str, str] = {}
    wheres: dict[str, str] = {}
    for path, data in files:
        for where, entry in entries(path, data["table"], "table", "name", seen):
            table = _table(where, entry, sources, uses, codes, by_dtype)
            tables[table.name], wheres[table.name] = table, where
    path = folder / "derived.toml"
    data = check(str(path), read(path), {"column": ENTRIES}, ("column",))
    derived = {}
    for where, entry in entries(path, data["column"], "column", "name", {}):
        col = _column(where, entry, uses, codes, by_dtype)
        derived[col.name] = col
    _check_refs(folder / "shared.toml", shared["refs"], tables, wheres)
    return Catalogue(tables, derived, codes, sources, uses, dict(shared["refs"]), by_dtype)


def _check_refs(path: Path, refs: dict[str, str], tables: dict[str, Table], wheres: dict[str, str]) -> None:
    """Each ref names a table keyed by one column; each relation names a kind of [refs] and columns
    that table has too."""
    for kind, table in refs.items():
        target = name(f"{path}: [refs]", kind, table, tables, "table")
        if len(target.key) != 1:
            fail(f"{path}: [refs]", kind, f"names {table!r}, whose key is not one column")
    for table in tables.values():
        for col in table.columns:
            where = f"{wheres[table.name]}, column {col.name!r}"
            if col.ref is not None:
                name(where, "ref", col.ref, refs, "kind of [refs]")
            for kind, agreeing in col.agrees:
                target = tables[name(where, "agrees", kind, refs, "kind of [refs]")]
                for named in agreeing:
                    if named not in target.column_names:
                        fail(where, "agrees", f"names {named!r}, which {target.name!r} does not have")


def shorthand_column(keys: dict) -> Column:
    """The column a shorthand that says everything stands for (the demo flag)."""
    return Column(**{k: tuple(v) if isinstance(v, list) else v for k, v in keys.items() if k != "may_restate"})
