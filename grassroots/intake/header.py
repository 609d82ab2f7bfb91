"""Finding a report's header row and mapping its columns, as districts really lay out their sheets.

Government workbooks often carry a title row ("XX区网格情况统计表") and a 填报单位/日期 row above
the header, blank rows, a two-row header whose upper cells are merged ("街道数" over 调整前 /
规划 / 当前), a 序号 column, and labels with a unit or a line break added ("覆盖\\n小区数（个）").
The header is the row (or pair of rows) among the first ones that matches the most template
labels; everything above it is ignored, and row numbers stay the sheet's own.

Labels match after Unicode normalisation (full-width brackets = half-width), without white
space or a leading `*`, and case-insensitively for the English column names. A label with its
own unit in brackets ("覆盖小区数（个）") matches the column of that unit.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from grassroots.catalogue.rules import Problem, problem
from grassroots.catalogue.tables import Column, Table

SEARCH_ROWS = 30  # the header must start within the first rows of the sheet
IGNORED = {"序号"}  # a running number many forms carry: not data, never published
_UNIT_SUFFIX = re.compile(r"^(?P<label>.+)\((?P<unit>[^()]+)\)$")


def norm(label: str) -> str:
    text = unicodedata.normalize("NFKC", label)
    text = "".join(ch for ch in text if not ch.isspace() and ch not in "\ufeff\u200b")
    return text.lstrip("*").lower()


@dataclass
class Header:
    first: int  # row number of the header's first row
    last: int  # row number of its last row (first + 1 for a two-row header)
    labels: list[str]
    columns: dict[int, Column] = field(default_factory=dict)  # position -> column
    ignored: set[int] = field(default_factory=set)  # positions of 序号 and blank-labelled columns
    score: int = 0  # how many template columns it names


class _Labels:
    def __init__(self, table: Table):
        self.by_label: dict[str, Column] = {}
        for c in table.columns:
            self.by_label[norm(c.zh)] = c
            self.by_label[norm(c.name)] = c
        self.table = table

    def match(self, label: str) -> Column | None:
        key = norm(label)
        if key in self.by_label:
            return self.by_label[key]
        m = _UNIT_SUFFIX.match(key)
        if m and m["label"] in self.by_label:
            col = self.by_label[m["label"]]
            if col.unit and norm(col.unit) == m["unit"]:
                return col
        return None


def _score(labels: list[str], known: _Labels) -> int:
    """How many distinct template columns this candidate header names (0 if it is mostly other text)."""
    found = {known.match(x) for x in labels if x.strip()} - {None}
    filled = sum(1 for x in labels if x.strip() and norm(x) not in IGNORED)
    return len(found) if filled and 2 * len(found) >= filled else 0


_KNOWN: dict[str, _Labels] = {}


def _labels(table: Table) -> _Labels:
    if table.name not in _KNOWN:
        _KNOWN[table.name] = _Labels(table)
    return _KNOWN[table.name]


def header_texts(header: Header, table: Table) -> set[str]:
    """The exact texts a repeated header row would start with: the template's labels and this file's own."""
    return {c.zh for c in table.columns} | {c.name for c in table.columns} | {x.strip() for x in header.labels if x.strip()}


def score_row(cells: list[str], table: Table) -> int:
    """How many template columns a row names: a header repeated inside the data, or one split wrongly."""
    return _score(cells, _labels(table))


def _fill_left(cells: list[str]) -> list[str]:
    """A merged upper header cell ("街道数" over three columns) applies to the blanks to its right."""
    out, last = [], ""
    for c in cells:
        last = c if c.strip() else last
        out.append(last)
    return out


def _combine(top: list[str], bottom: list[str], known: _Labels) -> list[str]:
    width = max(len(top), len(bottom))
    top = _fill_left(top + [""] * (width - len(top)))
    bottom = bottom + [""] * (width - len(bottom))
    out = []
    for t, b in zip(top, bottom):
        t, b = t.strip(), b.strip()
        options = [o for o in (f"{t}（{b}）", f"{t}{b}", b, t) if o] if t != b else [t]
        out.append(next((o for o in options if known.match(o)), b or t))
    return out


def find_header(rows: list[tuple[int, list[str]]], table: Table) -> Header | None:
    """The best header among the first rows, or None if the sheet has no non-blank row."""
    known = _Labels(table)
    filled = list(itertools.islice(((n, cells) for n, cells in rows if any(c.strip() for c in cells)), SEARCH_ROWS))
    if not filled:
        return None
    best: Header | None = None
    best_score = 0
    for i, (n, cells) in enumerate(filled):
        candidates = [Header(n, n, cells)]
        if i + 1 < len(filled) and filled[i + 1][0] == n + 1:
            candidates.append(Header(n, n + 1, _combine(cells, filled[i + 1][1], known)))
        for h in candidates:
            h.score = _score(h.labels, known)
            if h.last > h.first and h.score <= _score(filled[i + 1][1], known):
                continue  # the upper row adds nothing: a title above a one-row header
            if h.score > best_score:
                best, best_score = h, h.score
    return best or Header(filled[0][0], filled[0][0], filled[0][1])  # score 0: report what is wrong with it


def map_columns(header: Header, table: Table, fname: str, data_rows: list[tuple[int, list[str]]]) -> list[Problem]:
    """Fill header.columns; problems for unknown, duplicate, missing and unlabelled columns."""
    known = _Labels(table)
    problems: list[Problem] = []
    for i, label in enumerate(header.labels):
        if not label.strip():
            header.ignored.add(i)
            if any(i < len(cells) and cells[i].strip() for _, cells in data_rows):
                problems.append(problem("unlabelled_column", file=fname, row=header.last, table=table.name,
                                        position=i + 1))
            continue
        if norm(label) in IGNORED:
            header.ignored.add(i)
            continue
        col = known.match(label)
        if col is None:
            problems.append(problem("unknown_column", file=fname, row=header.last, table=table.name,
                                    header=label.strip()))
        elif col in header.columns.values():
            problems.append(problem("duplicate_column", file=fname, row=header.last, table=table.name, column=col.name))
        else:
            header.columns[i] = col
    for c in table.columns:
        if c not in header.columns.values():
            problems.append(problem("missing_column", file=fname, row=header.last, table=table.name, column=c.name))
    return problems
