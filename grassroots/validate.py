"""Validation of one week's reports against the schema, with messages a district can act on.

Hand-written rather than pandera/dataframely: the rules are simple, but every message must name
the file, the row as the district sees it, the column in Chinese and the rule, and every problem
of the run must be reported together. Libraries report failure cases; the wording is ours.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from grassroots.reports import ReportFileError, list_inbox, polars_type, read_report
from grassroots.schema import DISTRICT_TOTAL_CHECKS, REPORTS, TABLES, Column, Table


@dataclass(frozen=True)
class Problem:
    rule: str
    message: str
    file: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(f"第 {self.row} 行")
        if self.column:
            where.append(f"列「{self.column}」")
        place = " ".join(where) if where else "报送批次"
        return f"{place}：{self.message} [规则 {self.rule}]"


@dataclass
class ParsedTable:
    table: Table
    records: list[dict] = field(default_factory=list)
    origin: list[tuple[str, int]] = field(default_factory=list)  # (file name, row) per record
    complete: bool = True  # every file and row was read; only then may other tables be checked against it

    def frame(self) -> pl.DataFrame:
        schema = {c.name: polars_type(c.dtype) for c in self.table.columns}
        return pl.DataFrame(self.records, schema=schema, orient="row")


def _label(col: Column) -> str:
    return f"{col.zh}（{col.name}）"


_BOOL = {"1": True, "0": False, "true": True, "false": False, "是": True, "否": False,
         "y": True, "n": False, "yes": True, "no": False}
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


def parse_cell(col: Column, text: str):
    """The typed value of a cell, or raise ValueError with the rule and a message."""
    if text == "":
        if col.nullable:
            return None
        raise ValueError("required", "必填项为空")
    if col.dtype == "str":
        value = text
    elif col.dtype in ("int", "float"):
        cleaned = text.replace(",", "").replace("，", "")
        try:
            number = float(cleaned)
        except ValueError:
            raise ValueError("wrong_type", f"应为数字，实际为“{text}”") from None
        if col.dtype == "int":
            if number != int(number):
                raise ValueError("wrong_type", f"应为整数，实际为“{text}”")
            number = int(number)
        if col.min is not None and number < col.min:
            rule = "negative" if number < 0 else "out_of_range"
            raise ValueError(rule, f"数值 {text} 小于下限 {col.min:g}")
        if col.max is not None and number > col.max:
            raise ValueError("implausible", f"数值 {text} 超过合理上限 {col.max:g}，请核对是否多输了位数")
        value = number
    elif col.dtype == "date":
        m = _DATE.match(text)
        try:
            value = dt.date(int(m[1]), int(m[2]), int(m[3])) if m else None
        except ValueError:
            value = None
        if value is None:
            raise ValueError("wrong_type", f"应为日期（如 2026-05-29），实际为“{text}”")
    elif col.dtype == "bool":
        if text.lower() not in _BOOL:
            raise ValueError("wrong_type", f"应为 是/否，实际为“{text}”")
        value = _BOOL[text.lower()]
    else:  # pragma: no cover - schema typo
        raise AssertionError(col.dtype)
    if col.choices and value not in col.choices:
        raise ValueError("unknown_value", f"“{text}”不在允许的取值内：{'、'.join(col.choices)}")
    return value


def _header_map(table: Table, header: list[str], fname: str, problems: list[Problem]) -> dict[int, Column]:
    by_label = {}
    for c in table.columns:
        by_label[c.name] = c
        by_label[c.zh] = c
    mapping: dict[int, Column] = {}
    for i, h in enumerate(header):
        col = by_label.get(h)
        if col is None:
            problems.append(Problem("unknown_column", f"未知列“{h}”，{table.zh}模板中没有这一列", fname, 1, h or f"第{i + 1}列"))
        elif col in mapping.values():
            problems.append(Problem("duplicate_column", "列重复", fname, 1, _label(col)))
        else:
            mapping[i] = col
    for c in table.columns:
        if c not in mapping.values():
            problems.append(Problem("missing_column", f"缺少必需列（{table.zh}模板）", fname, 1, _label(c)))
    return mapping


def parse_reports(inbox: Path, problems: list[Problem]) -> tuple[dict[str, ParsedTable], list[dict]]:
    """Read and type every report of the inbox; record problems; return tables and source info."""
    found, unknown = list_inbox(inbox)
    for path in unknown:
        problems.append(Problem("unknown_report", "无法识别的报送文件：文件名应为报表名称（如 grids.csv 或 grids__150102.xlsx）", path.name))
    parsed: dict[str, ParsedTable] = {}
    sources: list[dict] = []
    for t in REPORTS:
        paths = found[t.name]
        if not paths:
            problems.append(Problem("missing_report", f"缺少报表“{t.zh}”（{t.name}.csv 或 {t.name}.xlsx）", str(inbox)))
            continue
        pt = ParsedTable(t)
        n_start = len(problems)
        for path in paths:
            try:
                raw = read_report(path)
            except ReportFileError as err:
                problems.append(Problem(err.rule, err.message, path.name))
                continue
            sources.append({"file": path.name, "table": t.name, "encoding": raw.encoding, "rows": len(raw.rows)})
            n_before = len(problems)
            mapping = _header_map(t, raw.header, path.name, problems)
            if len(problems) > n_before:
                continue  # a wrong header makes every row wrong: report the header only
            for row_no, cells in raw.rows:
                record, ok = {}, True
                for i, col in mapping.items():
                    text = cells[i] if i < len(cells) else ""
                    try:
                        record[col.name] = parse_cell(col, text)
                    except ValueError as err:
                        rule, msg = err.args
                        problems.append(Problem(rule, msg, path.name, row_no, _label(col)))
                        ok = False
                if ok:
                    pt.records.append(record)
                    pt.origin.append((path.name, row_no))
        pt.complete = len(problems) == n_start
        parsed[t.name] = pt
    return parsed, sources


def check_keys(pt: ParsedTable, problems: list[Problem], earlier: set[tuple] | None = None, earlier_from: str = "") -> None:
    seen: dict[tuple, tuple[str, int]] = {}
    key_cols = pt.table.key
    label = "、".join(_label(pt.table.column(k)) for k in key_cols)
    for rec, (fname, row) in zip(pt.records, pt.origin):
        key = tuple(rec[k] for k in key_cols)
        if key in seen:
            f0, r0 = seen[key]
            problems.append(Problem("duplicate_key", f"主键 {_fmt_key(key)} 重复（与 {f0} 第 {r0} 行相同）", fname, row, label))
        elif earlier and key in earlier:
            problems.append(Problem("duplicate_key", f"主键 {_fmt_key(key)} 已在之前的快照 {earlier_from} 中报送过", fname, row, label))
        else:
            seen[key] = (fname, row)


def _fmt_key(key: tuple) -> str:
    return "/".join(str(k) for k in key)


def usable(parsed: dict[str, ParsedTable], name: str) -> bool:
    """A table other tables may be checked against: present and read without any problem.

    A table with a broken header or a bad row is incomplete; checking against it would
    report every reference to its missing rows as unknown, burying the real problem.
    """
    return name in parsed and parsed[name].complete


def check_references(parsed: dict[str, ParsedTable], districts: set[str], problems: list[Problem]) -> None:
    units = {r["unit_code"]: r for r in parsed["units"].records} if usable(parsed, "units") else None
    known = {
        "district": districts,
        "unit": set(units) if units is not None else None,
        "point": {r["point_id"] for r in parsed["observation_points"].records} if usable(parsed, "observation_points") else None,
        "team": {r["team_id"] for r in parsed["volunteer_teams"].records} if usable(parsed, "volunteer_teams") else None,
    }
    names = {"district": "旗县区代码", "unit": "单位代码（治理单元名录）", "point": "观察点编号", "team": "队伍编号"}
    for pt in parsed.values():
        for col in pt.table.columns:
            if col.ref is None or known[col.ref] is None:
                continue
            for rec, (fname, row) in zip(pt.records, pt.origin):
                value = rec[col.name]
                if value is not None and value not in known[col.ref]:
                    problems.append(Problem("unknown_code", f"未知的{names[col.ref]}“{value}”", fname, row, _label(col)))
    if units is not None:
        level = TABLES["units"].column("parent_code")
        pt = parsed["units"]
        for rec, (fname, row) in zip(pt.records, pt.origin):
            parent = rec["parent_code"]
            ok = parent in districts if rec["unit_level"] in ("street", "town") else (
                parent in units and units[parent]["unit_level"] in ("street", "town"))
            if not ok:
                problems.append(Problem("missing_parent", f"上级单位“{parent}”不存在（{rec['unit_name']}）", fname, row, _label(level)))


def check_dates(parsed: dict[str, ParsedTable], as_of: dt.date, problems: list[Problem]) -> None:
    week_start = as_of - dt.timedelta(days=6)
    for pt in parsed.values():
        for col in pt.table.columns:
            if col.dtype != "date" or col.future_ok:
                continue
            in_week = col.name == pt.table.date_column
            for rec, (fname, row) in zip(pt.records, pt.origin):
                d = rec[col.name]
                if d is None:
                    continue
                if in_week and not (week_start <= d <= as_of):
                    problems.append(Problem("date_outside_week", f"日期 {d} 不在本周（{week_start} 至 {as_of}）内", fname, row, _label(col)))
                elif not in_week and d > as_of:
                    problems.append(Problem("date_after_as_of", f"日期 {d} 晚于报送截止日 {as_of}", fname, row, _label(col)))


def check_totals(parsed: dict[str, ParsedTable], problems: list[Problem]) -> None:
    """Totals that one report states and another report's detail must agree with."""
    if "district_restructuring" in parsed and usable(parsed, "units") and usable(parsed, "grids"):
        counts: dict[str, Counter] = defaultdict(Counter)
        for u in parsed["units"].records:
            if u["unit_level"] == "street" and u["status"] == "active":
                counts["streets_now"][u["district_code"]] += 1
            elif u["unit_level"] in ("community", "village"):
                counts["communities" if u["unit_level"] == "community" else "villages"][u["district_code"]] += 1
        for g in parsed["grids"].records:
            counts["grids"][g["district_code"]] += 1
        pt = parsed["district_restructuring"]
        for rec, (fname, row) in zip(pt.records, pt.origin):
            for column, (other, _) in DISTRICT_TOTAL_CHECKS.items():
                detail = counts[column][rec["district_code"]]
                if rec[column] != detail:
                    problems.append(Problem(
                        "totals_mismatch",
                        f"汇总数 {rec[column]} 与{TABLES[other].zh}（{other}）明细 {detail} 不一致",
                        fname, row, _label(pt.table.column(column))))
    pairs = [
        ("workforce", "community_workers", "community_staff_total"),
        ("workforce", "in_two_committees", "recruited_workers"),
        ("workforce", "heads", "head_posts"),
    ]
    for table, part, whole in pairs:
        if table not in parsed:
            continue
        pt = parsed[table]
        for rec, (fname, row) in zip(pt.records, pt.origin):
            if rec[part] > rec[whole]:
                problems.append(Problem("totals_mismatch", f"{pt.table.column(part).zh} {rec[part]} 大于 {pt.table.column(whole).zh} {rec[whole]}",
                                        fname, row, _label(pt.table.column(part))))
    if "city_indicators" in parsed:
        pt = parsed["city_indicators"]
        values = {r["indicator_code"]: (r["value"], o) for r, o in zip(pt.records, pt.origin)}
        for code, (value, (fname, row)) in values.items():
            if code.endswith("_after"):
                before = values.get(code.replace("_after", "_before"))
                if before and value > before[0]:
                    problems.append(Problem("totals_mismatch", f"{code} 调整后 {value:g} 多于调整前 {before[0]:g}", fname, row, _label(pt.table.column("value"))))
    if "task_book" in parsed:
        pt = parsed["task_book"]
        for rec, (fname, row) in zip(pt.records, pt.origin):
            if (rec["status"] == "done") != (rec["completed_on"] is not None):
                problems.append(Problem("inconsistent", "进度为已完成(done)时必须填写完成日期，未完成时不应填写", fname, row, _label(pt.table.column("completed_on"))))
