"""What the refresh tells a district: problems (nothing is published) and notes (published anyway).

Every problem names the file, the row as Excel numbers it, the column as the template labels
it, the rule broken, and what to do. Problems of one kind in one file and column are capped, so a
whole column typed wrong reads as a few examples and a count, not thousands of lines.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

PER_KIND = 20  # detailed problems shown per (file, rule, column) before a summary line


@dataclass(frozen=True)
class Problem:
    rule: str
    message: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    hint: str = ""  # what to do

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(f"第 {self.row} 行")
        if self.column:
            where.append(f"列「{self.column}」")
        place = " ".join(where) if where else "报送批次"
        todo = f"（{self.hint}）" if self.hint else ""
        return f"{place}：{self.message}{todo} [规则 {self.rule}]"


@dataclass(frozen=True)
class Note:
    """Something the refresh did that the district should know, e.g. a skipped lock file."""

    message: str
    file: str | None = None
    row: int | None = None

    def __str__(self) -> str:
        place = " ".join(x for x in (self.file, f"第 {self.row} 行" if self.row else None) if x)
        return f"{place}：{self.message}" if place else self.message


class FileProblem(Exception):
    """Raised while reading a file that cannot be read at all; carries the problem to report."""

    def __init__(self, rule: str, message: str, hint: str = "", row: int | None = None):
        super().__init__(message)
        self.rule, self.message, self.hint, self.row = rule, message, hint, row

    def problem(self, file: str) -> Problem:
        return Problem(self.rule, self.message, file, self.row, None, self.hint)


def capped(problems: list[Problem], per_kind: int = PER_KIND) -> list[Problem]:
    """Keep the first `per_kind` problems of each (file, rule, column); summarise the rest."""
    seen: dict[tuple, int] = defaultdict(int)
    out: list[Problem] = []
    for p in problems:
        key = (p.file, p.rule, p.column)
        seen[key] += 1
        if seen[key] <= per_kind:
            out.append(p)
    for (file, rule, column), n in seen.items():
        if n > per_kind:
            out.append(Problem(rule, f"同类问题另有 {n - per_kind} 处未逐条列出（共 {n} 处）", file, None, column,
                               "请检查整列后重新报送"))
    return out
