"""Problems: a rule, a variant and fields, worded when read; the exceptions that carry them to
where the place is known (CellError, FileProblem); notes; capping."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from grassroots.catalogue.figures import FIGURES
from grassroots.catalogue.tables import TABLES
from grassroots.catalogue.rules.words import MAX_TEXT, PER_KIND, SPECS, column_label, _join
from grassroots.catalogue.rules.declare import _PARSE, RULES, Rule

# What each rule means in a few words, for the clerk's problem table (the message says the details).
RULE_NAMES: dict[str, tuple[str, str]] = {r.id: (r.zh, r.en) for r in RULES.values()}


def rule_name(rule: str, lang: str = "zh") -> str:
    pair = RULE_NAMES.get(rule)
    return (pair[1] if lang == "en" else pair[0]) if pair else rule


# ------------------------------------------------------------------ problems
PLACE = ("file", "row", "table", "column")  # where: filled in by whoever knows (CellError, FileProblem)
TOP = (*PLACE, "district", "value", "expected")
SLOT = ("header", "position", "figure")  # what else may fill the column slot, in this order


def _frozen(value):
    """A field's value as a problem holds it: hashable, JSON-safe, a text cut at MAX_TEXT characters."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return value if len(value) <= MAX_TEXT else value[: MAX_TEXT - 1] + "…"
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return _frozen(str(value))


def check(rule: str, variant: str, present, later: tuple[str, ...] = ()) -> Rule:
    """The rule, once the variant exists and every field its wording needs is present (or comes `later`)."""
    declared = RULES.get(rule)
    if declared is None:
        raise ValueError(f"unknown rule {rule!r}: declare it in a rule file of grassroots/catalogue/rules/")
    if variant not in declared.wordings:
        raise ValueError(f"rule {rule!r} has no variant {variant!r} (it has {sorted(declared.wordings)})")
    missing = declared.needs(variant) - set(present) - set(later)
    if missing:
        raise ValueError(f"a problem of rule {rule!r} variant {variant!r} needs {sorted(missing)}")
    return declared


def _render(rule: Rule, variant: str, part: str, values: Mapping, lang: str) -> str:
    values = dict(values)
    template = rule.wordings[variant].template(part, lang)
    out = []
    for literal, name, spec, _ in _PARSE(template):
        out.append(literal)
        if name is None:
            continue
        if name in rule.derive:
            out.append(rule.derive[name](values, lang))
        elif spec in SPECS:
            out.append(SPECS[spec](values.get(name), values, lang))
        else:
            out.append(format(values[name], spec or ""))
    return "".join(out)


@dataclass(frozen=True)
class Problem:
    """One problem of a district's files: a rule, its variant, and the fields its wording names.

    Build one with `problem(rule, variant, **fields)`: the fields below by name, any other into
    `extra`. `message_in(lang)`, `hint_in(lang)` and `column_label(lang)` render it; `.message`
    and `.hint` are the Chinese ones.
    """

    rule: str
    variant: str = ""
    file: str | None = None  # a file name; several files of one report joined with "、"
    row: int | None = None  # the row as Excel numbers it
    table: str | None = None  # the report (a catalogue table name)
    column: str | tuple[str, ...] | None = None  # a column of `table` by name (a tuple: a key of several)
    district: str | None = None  # the district code the problem is about
    value: object = None  # what the cell held
    expected: object = None  # what it should have been (a bound, a date, the allowed values, a type)
    extra: tuple[tuple[str, object], ...] = ()  # every other field its template names, sorted by name

    def __post_init__(self):
        for name in ("value", "expected"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))
        if isinstance(self.column, list):
            object.__setattr__(self, "column", tuple(self.column))
        object.__setattr__(self, "extra", tuple(sorted((str(k), _frozen(v)) for k, v in self.extra if v is not None)))
        named = [k for k, _ in self.extra if k in (*TOP, "rule", "variant", "extra")]
        if named or len({k for k, _ in self.extra}) < len(self.extra):
            raise ValueError(f"extra fields repeat a field: {named or self.extra}")
        if self.table is not None and self.table not in TABLES:
            raise ValueError(f"unknown table {self.table!r}")
        if self.column is not None:
            names = (self.column,) if isinstance(self.column, str) else self.column
            known = TABLES[self.table].column_names if self.table else ()
            if not names or any(n not in known for n in names):
                raise ValueError(f"{self.column!r} is not a column of table {self.table!r}: a typed header goes in `header`")
        check(self.rule, self.variant, self.fields())

    def fields(self) -> dict[str, object]:
        """Every field that is set, by name."""
        out = {name: getattr(self, name) for name in TOP if getattr(self, name) is not None}
        out.update(self.extra)
        return out

    def get(self, name: str, default=None):
        return self.fields().get(name, default)

    def message_in(self, lang: str = "zh") -> str:
        return _render(RULES[self.rule], self.variant, "message", self.fields(), lang)

    def hint_in(self, lang: str = "zh") -> str:
        return _render(RULES[self.rule], self.variant, "hint", self.fields(), lang)

    @property
    def message(self) -> str:
        return self.message_in("zh")

    @property
    def hint(self) -> str:
        return self.hint_in("zh")

    @property
    def slot(self) -> tuple:
        """What fills the column slot, as data (for grouping): (table, column, header, position, figure)."""
        fields = dict(self.extra)
        return (self.table, self.column, *(fields.get(name) for name in SLOT))

    def column_label(self, lang: str = "zh") -> str | None:
        """The column slot as the reader's template labels it (see the module's docstring), or None."""
        if self.column is not None:
            names = (self.column,) if isinstance(self.column, str) else self.column
            return _join((column_label(self.table, n, lang) for n in names), lang)
        fields = dict(self.extra)
        if fields.get("header") is not None:
            return str(fields["header"])
        if fields.get("position") is not None:
            return f"column {fields['position']}" if lang == "en" else f"第{fields['position']}列"
        figure = fields.get("figure")
        if figure is not None:
            f = FIGURES.get(figure)
            name = (f.en if lang == "en" else f.zh) if f else figure
            return f"{name} ({figure})" if lang == "en" else f"{name}（{figure}）"
        return None

    def line(self, lang: str = "zh") -> str:
        """The one-line form: place, message, what to do, rule."""
        column = self.column_label(lang)
        hint = self.hint_in(lang)
        if lang == "en":
            where = [x for x in (self.file, f"row {self.row}" if self.row is not None else None,
                                 f"column “{column}”" if column else None) if x]
            todo = f" ({hint})" if hint else ""
            return f"{' '.join(where) if where else 'the batch'}: {self.message_in(lang)}{todo} [rule {self.rule}]"
        where = [x for x in (self.file, f"第 {self.row} 行" if self.row is not None else None,
                             f"列「{column}」" if column else None) if x]
        todo = f"（{hint}）" if hint else ""
        return f"{' '.join(where) if where else '报送批次'}：{self.message_in(lang)}{todo} [规则 {self.rule}]"

    def __str__(self) -> str:
        return self.line("zh")

    def as_json(self) -> dict:
        """The problem as JSON, field by field (what the upload worker sends back: never a pickle)."""
        out = {"rule": self.rule, "variant": self.variant}
        for name in TOP:
            value = getattr(self, name)
            out[name] = list(value) if isinstance(value, tuple) else value
        out["extra"] = [[k, v] for k, v in self.extra]
        return out

    @classmethod
    def from_json(cls, data: Mapping) -> Problem:
        """The problem `as_json` wrote; ValueError for anything else."""
        def text(name):
            value = data.get(name)
            if value is not None and not isinstance(value, str):
                raise ValueError(f"{name} must be text")
            return value

        row = data.get("row")
        if row is not None and (not isinstance(row, int) or isinstance(row, bool)):
            raise ValueError("row must be a number")
        column = data.get("column")
        if isinstance(column, list):
            column = tuple(column)
        if column is not None and not (isinstance(column, str) or all(isinstance(c, str) for c in column)):
            raise ValueError("column must be text")
        extra = tuple((str(k), v) for k, v in data.get("extra") or ())
        return cls(str(data["rule"]), str(data.get("variant") or ""), text("file"), row, text("table"), column,
                   text("district"), data.get("value"), data.get("expected"), extra)


def problem(rule: str, variant: str = "", **fields) -> Problem:
    """A problem from its fields by name: file, row, table, column, district, value, expected, and any other
    field its template names (into `extra`). A field given as None is not set."""
    top = {name: fields.pop(name) for name in TOP if name in fields}
    return Problem(rule, variant, extra=tuple((k, v) for k, v in fields.items() if v is not None), **top)


class _Raised(Exception):
    """A problem found before its place is known: the rule, the variant and its fields so far."""

    later: tuple[str, ...] = PLACE

    def __init__(self, rule: str, variant: str = "", **fields):
        self.rule, self.variant = rule, variant
        self.fields = {k: v for k, v in fields.items() if v is not None}
        check(rule, variant, self.fields, self.later)
        super().__init__(rule, variant)

    def problem(self, **place) -> Problem:
        return problem(self.rule, self.variant, **{**self.fields, **place})

    def _render(self, part: str, lang: str) -> str:
        return _render(RULES[self.rule], self.variant, part, {k: _frozen(v) for k, v in self.fields.items()}, lang)

    @property
    def message(self) -> str:
        return self._render("message", "zh")

    @property
    def hint(self) -> str:
        return self._render("hint", "zh")

    def __str__(self) -> str:
        return self.message


class FileProblem(_Raised):
    """Raised while reading a file that cannot be read at all; becomes a Problem of the file where caught."""

    later = ("file",)

    @property
    def row(self) -> int | None:
        return self.fields.get("row")

    def problem(self, file: str, **place) -> Problem:  # type: ignore[override]
        return super().problem(file=file, **place)


class CellError(_Raised, ValueError):
    """A cell that cannot be published: its rule, variant and fields; the caller adds file, row, table, column."""


# ------------------------------------------------------------------ notes, and capping
@dataclass(frozen=True)
class Note:
    """Something the refresh did that the district should know, e.g. a skipped lock file."""

    message: str
    file: str | None = None
    row: int | None = None

    def __str__(self) -> str:
        place = " ".join(x for x in (self.file, f"第 {self.row} 行" if self.row else None) if x)
        return f"{place}：{self.message}" if place else self.message


def capped(problems: list[Problem], per_kind: int = PER_KIND) -> list[Problem]:
    """Keep the first `per_kind` problems of each (file, rule, column); one `more_problems` line for
    the rest. A `more_problems` line already in the list (a Tally's, or an earlier capping's) adds its
    count to its kind's: capping twice changes nothing."""
    seen: dict[tuple, int] = defaultdict(int)
    untold: dict[tuple, int] = defaultdict(int)
    first: dict[tuple, Problem] = {}
    out: list[Problem] = []
    for p in problems:
        if p.rule == "more_problems" and p.get("of") is not None:
            key = (p.file, p.get("of"), p.slot)
            untold[key] += p.get("count")
            first.setdefault(key, p)
            continue
        key = (p.file, p.rule, p.slot)
        seen[key] += 1
        first.setdefault(key, p)
        if seen[key] <= per_kind:
            out.append(p)
    for key in first:
        n, shown = seen[key] + untold[key], min(seen[key], per_kind)
        if n > shown:
            out.append(_more(first[key], key[1], n - shown, n))
    return out


def total(problems: list[Problem]) -> int:
    """How many problems a list stands for: a `more_problems` line for the ones it counts."""
    return sum(p.get("count") if p.rule == "more_problems" and p.get("of") is not None else 1 for p in problems)


def _more(p: Problem, rule: str, count: int, total: int) -> Problem:
    slot = {name: p.get(name) for name in SLOT}
    return problem("more_problems", file=p.file, table=p.table, column=p.column, of=rule, count=count, total=total,
                   **slot)


class Tally:
    """Problems kept while they are found, as `capped` keeps them: the first `per_kind` of each
    (file, rule, column slot) go to `out`, the rest are only counted (`count`, or `add` past the
    cap), and `close` adds one `more_problems` line per kind for them, which `capped` adds up. A
    check over millions of rows, every one wrong, builds a few problems, not millions."""

    def __init__(self, out: list[Problem], per_kind: int = PER_KIND):
        self.out, self.per_kind = out, per_kind
        self.seen: dict[tuple, int] = defaultdict(int)
        self.first: dict[tuple, Problem] = {}

    @staticmethod
    def key(p: Problem) -> tuple:
        return (p.file, p.rule, p.slot)

    def room(self, key: tuple) -> bool:
        """Whether a problem of this kind would still be kept (worth building)."""
        return self.seen[key] < self.per_kind

    def add(self, p: Problem) -> None:
        key = self.key(p)
        self.seen[key] += 1
        self.first.setdefault(key, p)
        if self.seen[key] <= self.per_kind:
            self.out.append(p)

    def count(self, key: tuple, n: int = 1) -> None:
        """Count `n` problems of a kind whose first ones were added, without building them."""
        self.seen[key] += n

    def close(self) -> None:
        for key, n in self.seen.items():
            if n > self.per_kind:
                self.out.append(_more(self.first[key], key[1], n - self.per_kind, n))
        self.seen.clear()
        self.first.clear()
