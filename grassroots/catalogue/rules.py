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


# What each rule means in a few words, for the clerk's problem table (the message says the details).
RULE_NAMES: dict[str, tuple[str, str]] = {
    "wrong_type": ("格式不对", "wrong type"), "not_a_number": ("不是数字", "not a number"),
    "required": ("必填项为空", "required"), "unknown_value": ("不在可选值中", "not an allowed value"),
    "implausible": ("数值不合理", "implausible value"), "thousands_separator": ("千分位有误", "thousands separator"),
    "code_as_number": ("代码被 Excel 改成了数字", "code turned into a number"),
    "excel_error": ("Excel 错误值", "Excel error value"), "control_character": ("不可见字符", "invisible character"),
    "missing_column": ("缺少列", "missing column"), "unknown_column": ("无法识别的列", "unknown column"),
    "duplicate_column": ("列重复", "duplicate column"), "unlabelled_column": ("列没有表头", "column without header"),
    "repeated_header": ("表头重复出现", "repeated header"), "extra_cells": ("多出的单元格", "extra cells"),
    "malformed_csv": ("CSV 格式错误", "malformed CSV"), "wrong_delimiter": ("分隔符不对", "wrong delimiter"),
    "encoding": ("编码无法识别", "encoding"), "mixed_encoding": ("混有两种编码", "mixed encodings"),
    "empty_file": ("空文件", "empty file"), "empty_report": ("只有表头", "header only"),
    "corrupt_xlsx": ("Excel 文件损坏", "broken workbook"), "no_sheet": ("找不到数据表", "no data sheet"),
    "ambiguous_sheet": ("多个工作表都像数据", "several data sheets"),
    "unsupported_format": ("文件格式不支持", "unsupported format"), "wrong_extension": ("扩展名与内容不符", "wrong extension"),
    "content_mismatch": ("扩展名与内容不符", "extension and content differ"), "too_large": ("文件太大", "file too large"),
    "report_mismatch": ("选错了报表", "another report"), "district_mismatch": ("不是本旗县区的数据", "another district's row"),
    "duplicate_key": ("重复报送", "duplicate"), "unknown_code": ("代码不存在", "unknown code"),
    "missing_parent": ("上级单位不存在", "missing parent unit"), "date_outside_week": ("日期不在本周", "date outside the week"),
    "date_after_as_of": ("日期晚于截止日", "date after the as-of date"), "totals_mismatch": ("与明细不一致", "totals differ"),
    "inconsistent": ("前后矛盾", "inconsistent"), "incomplete_report": ("缺少旗县区或指标", "incomplete report"),
    "missing_report": ("缺少报表", "missing report"), "duplicate_report": ("同一报表有多个文件", "duplicate report"),
    "implausible_change": ("与上期相比变化过大", "implausible change"), "unknown_report": ("无法识别的文件", "unknown file"),
    "refresh_running": ("正在发布", "publishing in progress"), "not_allowed": ("无权报送", "not allowed"),
    "week_published": ("本期已发布", "already published"),
    "upload_limit": ("超出检查的时间或内存上限", "over the check's time or memory limit"),
    "busy": ("系统繁忙", "busy"), "unavailable": ("检查暂时无法进行", "check unavailable"),
    "check_failed": ("检查出错", "check failed"),
}


def rule_name(rule: str, lang: str = "zh") -> str:
    pair = RULE_NAMES.get(rule)
    return (pair[1] if lang == "en" else pair[0]) if pair else rule
