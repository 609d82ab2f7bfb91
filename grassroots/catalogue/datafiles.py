"""Reading the catalogue's data files (TOML): each entry is checked against the keys its type
declares, so a typo in a file stops the program with the file, the entry and the key instead of
putting a wrong label on a page. The loaders of tables/, figures.py, rules/ and i18n.py use it.

An entry may have the keys of the dataclass it makes (its fields, required where the field has
no default, each of the kind its annotation says), less and plus what its loader states.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from grassroots.catalogue import units


class CatalogueFileError(ValueError):
    """A catalogue data file that is not as its loader declares. The message names the file, the
    entry (table, column, figure, rule …) and the key."""


@dataclass(frozen=True)
class Kind:
    """What a key's value must be: `says` it in words, for the error."""

    says: str
    test: Callable[[object], bool]


def _texts(value, n: int | None = None) -> bool:
    return isinstance(value, list) and all(isinstance(x, str) for x in value) and (n is None or len(value) == n)


TEXT = Kind("a text", lambda v: isinstance(v, str))
FLAG = Kind("true or false", lambda v: isinstance(v, bool))
COUNT = Kind("a whole number above 0", lambda v: isinstance(v, int) and not isinstance(v, bool) and v > 0)
NUMBER = Kind("a number", lambda v: isinstance(v, (int, float)) and not isinstance(v, bool))
TEXTS = Kind("a list of texts", _texts)
PAIR = Kind("a pair of texts [Chinese, English]", lambda v: _texts(v, 2))
TRIPLE = Kind("a list of three texts", lambda v: _texts(v, 3))
TABLE = Kind("a table", lambda v: isinstance(v, dict))
NAMES = Kind("a table of names", lambda v: isinstance(v, dict) and all(isinstance(x, str) for x in v.values()))
ENTRIES = Kind("a list of tables ([[…]] entries)",
               lambda v: isinstance(v, list) and all(isinstance(x, dict) for x in v))
UNIT = Kind("a unit declared in catalogue/units.py",
            lambda v: isinstance(v, str) and (v == "" or v in units.MEASURE_WORDS or v in units.WORDS_EN))


def one_of(*values: str) -> Kind:
    return Kind("one of " + ", ".join(map(repr, values)), lambda v: v in values)


def either(a: Kind, b: Kind) -> Kind:
    return Kind(f"{a.says}, or {b.says}", lambda v: a.test(v) or b.test(v))


# The kind of each annotation the catalogue's dataclasses use (a new one must be added here).
BY_ANNOTATION = {"str": TEXT, "str | None": TEXT, "bool": FLAG, "float | None": NUMBER, "int | None": COUNT,
                 "tuple[str, ...]": TEXTS, "dict": TABLE, "tuple[str, str, str] | None": TRIPLE, "Text": PAIR, "Text | None": PAIR}


def keys_of(cls, drop: Iterable[str] = (), **kinds: Kind) -> tuple[dict[str, Kind], set[str]]:
    """(the keys an entry making a `cls` may have, with their kinds; those it must have): the
    dataclass's fields less `drop`, a field without a default required; `kinds` adds or replaces."""
    fields = [f for f in dataclasses.fields(cls) if f.init and not f.name.startswith("_") and f.name not in drop]
    allowed = {f.name: kinds.get(f.name) or BY_ANNOTATION[f.type] for f in fields} | kinds
    required = {f.name for f in fields
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}
    return allowed, required


def fail(where: str, key: str | None, problem: str):
    raise CatalogueFileError(f"{where}: " + (f"key {key!r} {problem}" if key else problem))


def check(where: str, data, allowed: Mapping[str, Kind], required: Iterable[str] = ()) -> dict:
    """`data`, once it has no key outside `allowed`, every `required` one, each value of its kind."""
    if not isinstance(data, dict):
        fail(where, None, f"must be a table, not {data!r}")
    for key in data:
        if key not in allowed:
            fail(where, key, f"is unknown here (known: {', '.join(allowed)})")
    for key in required:
        if key not in data:
            fail(where, key, "is missing")
    for key, value in data.items():
        if not allowed[key].test(value):
            fail(where, key, f"must be {allowed[key].says}, not {value!r}")
    return data


def name(where: str, key: str, value: str, known: Mapping, what: str):
    """What `value` names among `known` (a shorthand, a source, a render function …)."""
    if value not in known:
        fail(where, key, f"names an unknown {what} {value!r} (known: {', '.join(known) or 'none'})")
    return known[value]


def entries(path: Path, items: list, what: str, id_key: str, seen: dict) -> Iterator[tuple[str, dict]]:
    """(where, entry) of each `[[…]]` entry, its id once only across the `seen` ones (id -> file)."""
    for i, entry in enumerate(items, 1):
        ident = entry.get(id_key)
        where = f"{path}: {what} {ident!r}" if isinstance(ident, str) else f"{path}: {what} #{i}"
        if ident in seen:
            fail(where, id_key, f"declares {ident!r} a second time (first in {seen[ident]})")
        if isinstance(ident, str):
            seen[ident] = path.name
        yield where, entry


def read(path: Path) -> dict:
    """The file's TOML. A syntax error, a key given twice included, names the file, line and key."""
    text = path.read_text(encoding="utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        at = re.search(r"at line (\d+)", str(e))
        lines = text.splitlines()
        line = lines[int(at[1]) - 1] if at and int(at[1]) <= len(lines) else ""
        key = re.match(r'\s*\[*\s*([\w."-]+)', line)
        raise CatalogueFileError(f"{path}: {e}" + (f": key {key[1]!r}" if key else "")) from None
