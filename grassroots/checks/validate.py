"""Validation of one week's reports against the schema, with messages a district can act on.

Hand-written rather than pandera/dataframely: the rules are simple, but every message must name
the file, the row as the district sees it, the column in Chinese, the rule and what to do, and
every problem of the run must be reported together. Libraries report failure cases; the wording
is ours: each problem is built from its fields (file, row, table, column, district, value …) and
worded by its rule in the catalogue (grassroots/catalogue/rules/), in Chinese or English. A file
that breaks the reader in an unforeseen way becomes a problem naming that file; the other files
are still checked, so a district sees all its problems in one run.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from grassroots.intake import fastcells
from grassroots.intake.cells import CellError, parse_cell
from grassroots.intake.inbox import Listing, ReportFile
from grassroots.catalogue.definitions import counts_as, is_done
from grassroots.catalogue.rules import FileProblem, Note, Problem, problem
from grassroots.intake.reports import polars_type, read_report
from grassroots.catalogue.tables import CITY_INDICATORS, DISTRICT_TOTAL_CHECKS, REFS, REPORTS, TABLES, Column, Table


@dataclass
class ParsedTable:
    table: Table
    records: list[dict] = field(default_factory=list)
    origin: list[tuple[str, int]] = field(default_factory=list)  # (file name, row) per record
    files: list[str] = field(default_factory=list)
    complete: bool = True  # every file and row was read; only then may other tables be checked against it
    _frame: pl.DataFrame | None = field(default=None, repr=False)

    def frame(self) -> pl.DataFrame:
        """The records as a frame, in their order (row i is `origin[i]`); made once, after reading."""
        if self._frame is None or self._frame.height != len(self.records):
            schema = {c.name: polars_type(c.dtype) for c in self.table.columns}
            self._frame = pl.DataFrame(self.records, schema=schema, orient="row")
        return self._frame

    @property
    def where(self) -> str:
        return "、".join(self.files) if self.files else self.table.name


def parse_reports(listing: Listing, inbox: Path, districts: dict[str, str], problems: list[Problem],
                  notes: list[Note]) -> tuple[dict[str, ParsedTable], list[dict]]:
    """Read and type every report of the inbox; record problems; return tables and source info."""
    problems += listing.problems
    notes += listing.notes
    parsed: dict[str, ParsedTable] = {}
    sources: list[dict] = []
    for t in REPORTS:
        files = listing.files[t.name]
        if not files:
            problems.append(problem("missing_report", file=inbox.name, table=t.name))
            continue
        if t.name in listing.blocked:
            continue
        pt = ParsedTable(t, files=[f.path.name for f in files])
        n_start = len(problems)
        for report in files:
            try:
                _parse_file(report, pt, districts, problems, notes, sources)
            except FileProblem as err:
                problems.append(err.problem(report.path.name, table=t.name))
            except Exception as exc:  # an unforeseen reader failure: name the file, check the others
                problems.append(problem("unreadable", "memory" if isinstance(exc, MemoryError) else "",
                                        file=report.path.name, table=t.name, error=type(exc).__name__,
                                        detail=str(exc)[:200]))
        pt.complete = len(problems) == n_start
        if pt.complete and not pt.records and t.kind == "report":
            problems.append(problem("empty_report", file=pt.where, table=t.name))
            pt.complete = False
        parsed[t.name] = pt
    return parsed, sources


def _parse_file(report: ReportFile, pt: ParsedTable, districts: dict[str, str], problems: list[Problem],
                notes: list[Note], sources: list[dict]) -> None:
    fname = report.path.name
    raw = read_report(report)
    notes += raw.notes
    sources.append({"file": fname, "table": pt.table.name, "encoding": raw.encoding, "rows": len(raw.rows),
                    "header_row": raw.header.first, "sheet": raw.sheet, "district": report.district})
    problems += raw.problems
    if raw.problems and not raw.header.columns:
        return
    if report.district is not None and report.district not in districts:
        problems.append(problem("unknown_district_file", file=fname, table=pt.table.name, district=report.district))
        return
    mapping = sorted(raw.header.columns.items())
    caches: dict[str, dict[str, object]] = {col.name: {} for _, col in mapping}
    has_district = "district_code" in pt.table.column_names
    plain_records, plain = _plain_rows(raw.rows, mapping)
    if all(plain) and not (report.district and has_district):  # the usual case: every row plain, in bulk
        pt.records.extend(plain_records)
        pt.origin.extend((fname, n) for n, _ in raw.rows)
        return
    for (row_no, cells), fast in zip(raw.rows, plain):
        if fast:
            record, ok = next(plain_records), True
        else:
            record, ok = {}, True
            for i, col in mapping:
                text = cells[i] if i < len(cells) else ""
                cache = caches[col.name]
                try:
                    value = cache[text] if text in cache else cache.setdefault(text, _parse(col, text))
                except CellError as err:
                    problems.append(err.problem(file=fname, row=row_no, table=pt.table.name, column=col.name))
                    ok = False
                    continue
                record[col.name] = value
        if ok and report.district and has_district and record["district_code"] != report.district:
            problems.append(problem("district_mismatch", file=fname, row=row_no, table=pt.table.name,
                                    column="district_code", district=report.district, value=record["district_code"]))
            ok = False
        if ok:
            pt.records.append(record)
            pt.origin.append((fname, row_no))


def _plain_rows(rows: list[tuple[int, list[str]]], mapping: list[tuple[int, Column]]):
    """Records of the rows whose every cell is plain (fastcells), in order, and which rows those are."""
    if not rows:
        return iter(()), []
    columns = list(itertools.zip_longest(*(cells for _, cells in rows), fillvalue=""))  # transposed in C
    width = len(columns)
    texts = pl.DataFrame({col.name: columns[i] if i < width else [""] * len(rows) for i, col in mapping},
                         schema={col.name: pl.String for _, col in mapping})
    values, masks = zip(*(fastcells.typed(col, texts[col.name]) for _, col in mapping))
    plain = pl.DataFrame(list(masks)).select(pl.all_horizontal(pl.all())).to_series()
    return iter(pl.DataFrame(list(values)).filter(plain).to_dicts()), plain.to_list()


def _parse(col, text):
    # cached per column and text: a district code or a small count repeats thousands of times
    return parse_cell(col, text)


def check_keys(pt: ParsedTable, problems: list[Problem], earlier: pl.DataFrame | None = None,
               earlier_from: str = "") -> None:
    """Duplicate keys within the week, and events already published in an earlier snapshot."""
    if not pt.records:
        return
    key_cols = list(pt.table.key)
    where = dict(table=pt.table.name, column=tuple(key_cols))
    keys = pl.DataFrame({k: [r[k] for r in pt.records] for k in key_cols},
                        schema={k: polars_type(pt.table.column(k).dtype) for k in key_cols})
    repeated = keys.is_duplicated()
    known = keys.join(earlier.select(key_cols), on=key_cols, how="semi") if earlier is not None else None
    earlier_keys = set(known.iter_rows()) if known is not None and known.height else set()
    if not repeated.any() and not earlier_keys:
        return  # the usual case: checked in Polars, no Python loop over every record
    seen: dict[tuple, tuple[str, int]] = {}
    for rec, (fname, row) in zip(pt.records, pt.origin):
        key = tuple(rec[k] for k in key_cols)
        if key in seen:
            f0, r0 = seen[key]
            problems.append(problem("duplicate_key", file=fname, row=row, **where, value=_fmt_key(key),
                                    first_file=f0, first_row=r0))
        elif key in earlier_keys:
            problems.append(problem("duplicate_key", "published", file=fname, row=row, **where, value=_fmt_key(key),
                                    previous=earlier_from))
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


def check_coverage(parsed: dict[str, ParsedTable], districts: dict[str, str], previous: dict[str, set[str]],
                   problems: list[Problem]) -> None:
    """Every state report covers everyone who must report it: a missing district is one problem."""
    for name, pt in parsed.items():
        rule = pt.table.coverage
        if rule is None or not pt.complete:
            continue
        if rule == "codes":
            present = {r["indicator_code"] for r in pt.records}
            for code in CITY_INDICATORS:
                if code not in present:
                    problems.append(problem("incomplete_report", "indicator", file=pt.where, table=name,
                                            column="indicator_code", value=code))
            continue
        expected = set(districts) if rule == "districts" else previous.get(name, set())
        present = {r["district_code"] for r in pt.records}
        for code in sorted(expected - present):
            problems.append(problem("incomplete_report", "" if rule == "districts" else "previous", file=pt.where,
                                    table=name, column="district_code", district=code))


def known_codes(name: str, parsed: dict[str, ParsedTable], references: dict[str, pl.DataFrame]) -> set | None:
    """The keys of a table a `ref` names (tables/shared.toml [refs]): this week's report, if read
    without problems, or the reference list; None when it cannot be checked against."""
    key = TABLES[name].key[0]
    if name in parsed:
        return {r[key] for r in parsed[name].records} if usable(parsed, name) else None
    return set(references[name][key]) if name in references else None


def check_references(parsed: dict[str, ParsedTable], references: dict[str, pl.DataFrame],
                     problems: list[Problem]) -> None:
    """Every code names a row of the table its column's `ref` names; a unit's parent is a district
    (a street or town's) or a street or town (a community or village's)."""
    known = {kind: known_codes(name, parsed, references) for kind, name in REFS.items()}
    units = {r["unit_code"]: r for r in parsed["units"].records} if known["unit"] is not None else None
    districts = known["district"]
    for pt in parsed.values():
        for col in pt.table.columns:
            if col.ref is None or known[col.ref] is None:
                continue
            for rec, (fname, row) in zip(pt.records, pt.origin):
                value = rec[col.name]
                if value is not None and value not in known[col.ref]:
                    problems.append(problem("unknown_code", col.ref, file=fname, row=row, table=pt.table.name,
                                            column=col.name, value=value))
    if units is not None:
        pt = parsed["units"]
        for rec, (fname, row) in zip(pt.records, pt.origin):
            parent = rec["parent_code"]
            ok = parent in districts if rec["unit_level"] in ("street", "town") else (
                parent in units and units[parent]["unit_level"] in ("street", "town"))
            if not ok:
                problems.append(problem("missing_parent", file=fname, row=row, table="units", column="parent_code",
                                        value=parent, unit_name=rec["unit_name"]))


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
                where = dict(file=fname, row=row, table=pt.table.name, column=col.name, value=d)
                if in_week and not (week_start <= d <= as_of):
                    problems.append(problem("date_outside_week", **where, start=week_start, end=as_of))
                elif not in_week and d > as_of:
                    problems.append(problem("date_after_as_of", **where, expected=as_of))


def check_totals(parsed: dict[str, ParsedTable], problems: list[Problem]) -> None:
    """Totals that one report states and another report's detail must agree with."""
    if usable(parsed, "district_restructuring") and usable(parsed, "units") and usable(parsed, "grids"):
        counts: dict[str, Counter] = defaultdict(Counter)
        for column, (other, kind) in DISTRICT_TOTAL_CHECKS.items():  # what counts: the catalogue's definitions
            for row in parsed[other].records:
                if kind is None or counts_as(kind, row):
                    counts[column][row["district_code"]] += 1
        pt = parsed["district_restructuring"]
        for rec, (fname, row) in zip(pt.records, pt.origin):
            for column, (other, _) in DISTRICT_TOTAL_CHECKS.items():
                detail = counts[column][rec["district_code"]]
                if rec[column] != detail:
                    problems.append(problem("totals_mismatch", "detail", file=fname, row=row, table=pt.table.name,
                                            column=column, value=rec[column], expected=detail, other=other))
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
                problems.append(problem("totals_mismatch", "part", file=fname, row=row, table=table, column=part,
                                        value=rec[part], expected=rec[whole], whole=whole))
    if "city_indicators" in parsed:
        pt = parsed["city_indicators"]
        values = {r["indicator_code"]: (r["value"], o) for r, o in zip(pt.records, pt.origin)}
        for code, (value, (fname, row)) in values.items():
            if code.endswith("_after"):
                before = values.get(code.replace("_after", "_before"))
                if before and value > before[0]:
                    problems.append(problem("totals_mismatch", "after", file=fname, row=row, table="city_indicators",
                                            column="value", value=value, expected=before[0], indicator=code))
    if "task_book" in parsed:
        pt = parsed["task_book"]
        for rec, (fname, row) in zip(pt.records, pt.origin):
            if is_done(rec) != (rec["completed_on"] is not None):
                problems.append(problem("inconsistent", file=fname, row=row, table="task_book", column="completed_on"))


def check_brands(parsed: dict[str, ParsedTable], brands: pl.DataFrame, problems: list[Problem]) -> None:
    """The named deliberation brands (reference data) must sit in a unit of this week's list."""
    if not usable(parsed, "units"):
        return
    pt = parsed["units"]
    unit_codes = {r["unit_code"] for r in pt.records}
    for brand in brands.iter_rows(named=True):
        if brand["unit_code"] not in unit_codes:
            problems.append(problem("unknown_code", "brand", file=pt.where, table="units", column="unit_code",
                                    value=brand["unit_code"], brand=brand["brand_name"],
                                    district=brand.get("district_code")))
