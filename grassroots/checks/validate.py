"""Validation of one week's reports against the schema, with messages a district can act on.

Hand-written rather than pandera/dataframely: the rules are simple, but every message must name
the file, the row as the district sees it, the column in Chinese, the rule and what to do, and
every problem of the run must be reported together. Libraries report failure cases; the wording
is ours: each problem is built from its fields (file, row, table, column, district, value …) and
worded by its rule in the catalogue (grassroots/catalogue/rules/), in Chinese or English. A file
that breaks the reader in an unforeseen way becomes a problem naming that file; the other files
are still checked, so a district sees all its problems in one run.

A report is read in batches (reports.BATCH rows): each batch's plain cells are typed at once
(fastcells), the others one by one (cells.parse_cell), and the batch becomes a Polars frame with
its origin as two columns (`_file`, `_row`); a table is its batches' frames. No Python object is
kept per row, so a report of millions of rows is read in bounded memory, and the checks of the
week (checks/week.py, relations.py, repeats.py) run over the frames.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from grassroots.intake import fastcells
from grassroots.intake.cells import CellError, parse_cell
from grassroots.intake.inbox import Listing, ReportFile
from grassroots.catalogue.rules import FileProblem, Note, Problem, Tally, problem
from grassroots.intake import reports
from grassroots.intake.reports import Row, polars_type, read_report
from grassroots.catalogue.tables import REPORTS, Column, Table

ORIGIN = ("_file", "_row")  # where each row of a table's frame was read: file name, row as Excel numbers it


@dataclass
class ParsedTable:
    """One report of the week, read: its rows as a Polars frame typed by the catalogue, with the
    origin columns (ORIGIN) after the table's own."""

    table: Table
    files: list[str] = field(default_factory=list)
    complete: bool = True  # every file and row was read; only then may other tables be checked against it
    parts: list[pl.DataFrame] = field(default_factory=list, repr=False)  # frames in reading order
    _frame: pl.DataFrame | None = field(default=None, repr=False)

    @classmethod
    def of(cls, table: Table, records: list[dict], origin: list[tuple[str, int]]) -> ParsedTable:
        """A table from records and their (file name, row) (a test, a tool)."""
        pt = cls(table, files=list(dict.fromkeys(f for f, _ in origin)))
        frame = pl.DataFrame(records, schema=pt.schema(), orient="row") if records else pt.empty()
        pt.parts.append(frame.with_columns(pl.Series("_file", [f for f, _ in origin], pt.file_type()),
                                           pl.Series("_row", [r for _, r in origin], pl.Int32)))
        return pt

    def schema(self) -> dict:
        return {c.name: polars_type(c.dtype) for c in self.table.columns}

    def file_type(self) -> pl.DataType:
        return pl.Enum(self.files)

    def empty(self) -> pl.DataFrame:
        return pl.DataFrame(schema={**self.schema(), "_file": self.file_type(), "_row": pl.Int32})

    @property
    def frame(self) -> pl.DataFrame:
        """Every row read, in order, with its origin (`_file`, `_row`)."""
        if self._frame is None or self.parts:
            self._frame = pl.concat([*([self._frame] if self._frame is not None else []), *self.parts],
                                    rechunk=False) if self.parts else self._frame
            self.parts = []
        return self._frame if self._frame is not None else self.empty()

    def data(self) -> pl.DataFrame:
        """The rows as published: the table's columns, without the origin."""
        return self.frame.drop(ORIGIN)

    @property
    def height(self) -> int:
        return self.frame.height

    @property
    def where(self) -> str:
        return "、".join(self.files) if self.files else self.table.name


def parse_reports(listing: Listing, inbox: Path, districts: dict[str, str], problems: list[Problem],
                  notes: list[Note], batch: int = reports.BATCH) -> tuple[dict[str, ParsedTable], list[dict]]:
    """Read and type every report of the inbox, `batch` rows at a time; record problems; return
    tables and source info."""
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
                _parse_file(report, pt, districts, problems, notes, sources, batch)
            except FileProblem as err:
                problems.append(err.problem(report.path.name, table=t.name))
            except Exception as exc:  # an unforeseen reader failure: name the file, check the others
                problems.append(problem("unreadable", "memory" if isinstance(exc, MemoryError) else "",
                                        file=report.path.name, table=t.name, error=type(exc).__name__,
                                        detail=str(exc)[:200]))
        pt.complete = len(problems) == n_start
        if pt.complete and not pt.height and t.kind == "report":
            problems.append(problem("empty_report", file=pt.where, table=t.name))
            pt.complete = False
        parsed[t.name] = pt
    return parsed, sources


def _parse_file(report: ReportFile, pt: ParsedTable, districts: dict[str, str], problems: list[Problem],
                notes: list[Note], sources: list[dict], batch: int) -> None:
    """Read one file into `pt`. What it adds (rows, notes, problems, its source) is added once the
    whole file is read: a file that stops being readable half way adds only its FileProblem."""
    fname = report.path.name
    raw = read_report(report)
    unknown = report.district is not None and report.district not in districts
    mapping = sorted(raw.header.columns.items())
    frames: list[pl.DataFrame] = []
    found: list[Problem] = []  # the rows' problems, in row order
    tally = Tally(found)
    caches: dict[str, dict[str, object]] = {col.name: {} for _, col in mapping}
    rows = 0
    for rows_ in raw.batches(batch):
        rows += len(rows_)
        if not unknown:
            frames.append(_typed(rows_, mapping, pt, report, fname, tally, caches))
    found.sort(key=lambda p: p.row)  # a row's cells, then its district (the batch's district check comes last)
    tally.close()
    notes += raw.notes
    sources.append({"file": fname, "table": pt.table.name, "encoding": raw.encoding, "rows": rows,
                    "header_row": raw.header.first, "sheet": raw.sheet, "district": report.district})
    problems += raw.problems
    if raw.problems and not raw.header.columns:
        return
    if unknown:
        problems.append(problem("unknown_district_file", file=fname, table=pt.table.name, district=report.district))
        return
    problems += found
    pt.parts += frames


def _typed(rows: list[Row], mapping: list[tuple[int, Column]], pt: ParsedTable, report: ReportFile, fname: str,
           tally: Tally, caches: dict[str, dict[str, object]]) -> pl.DataFrame:
    """One batch as a frame of the table's columns and origin: the plain rows typed at once, the
    others cell by cell; the rows with a problem are left out, the problems go to `tally`."""
    values, plain = _plain_rows(rows, mapping)
    numbers = pl.Series("_row", [n for n, _ in rows], pl.Int32)
    frame = values.with_columns(numbers).filter(plain)
    if not plain.all():
        records, kept = [], []
        for (row_no, cells), fast in zip(rows, plain):
            if fast:
                continue
            record, ok = {}, True
            for i, col in mapping:
                text = cells[i] if i < len(cells) else ""
                cache = caches[col.name]
                try:
                    value = cache[text] if text in cache else cache.setdefault(text, parse_cell(col, text))
                except CellError as err:
                    tally.add(err.problem(file=fname, row=row_no, table=pt.table.name, column=col.name))
                    ok = False
                    continue
                record[col.name] = value
            if ok:
                records.append(record)
                kept.append(row_no)
        slow = pl.DataFrame(records, schema=values.schema, orient="row").with_columns(pl.Series("_row", kept, pl.Int32))
        frame = pl.concat([frame, slow]).sort("_row")
    frame = frame.select(*pt.table.column_names, "_row").with_columns(pl.lit(fname, pt.file_type()).alias("_file"))
    if report.district and "district_code" in pt.table.column_names:
        emit(tally, frame.filter(pl.col("district_code").ne_missing(pl.lit(report.district))), lambda r: [
            problem("district_mismatch", file=fname, row=r["_row"], table=pt.table.name, column="district_code",
                    district=report.district, value=r["district_code"])])
        frame = frame.filter(pl.col("district_code").eq_missing(pl.lit(report.district)))
    return frame.select(*pt.table.column_names, *ORIGIN)


def _plain_rows(rows: list[Row], mapping: list[tuple[int, Column]]) -> tuple[pl.DataFrame, pl.Series]:
    """The typed values of every row's plain cells (fastcells; empty elsewhere), and which rows
    are plain in every cell."""
    columns = list(itertools.zip_longest(*(cells for _, cells in rows), fillvalue=""))  # transposed in C
    width = len(columns)
    texts = pl.DataFrame({col.name: columns[i] if i < width else [""] * len(rows) for i, col in mapping},
                         schema={col.name: pl.String for _, col in mapping})
    values, masks = zip(*(fastcells.typed(col, texts[col.name]) for _, col in mapping))
    plain = pl.DataFrame(list(masks)).select(pl.all_horizontal(pl.all())).to_series()
    schema = {col.name: polars_type(col.dtype) for _, col in mapping}
    return pl.DataFrame(list(values)).cast(schema), plain


def emit(tally: Tally, rows: pl.DataFrame, build: Callable[[dict], list[Problem]], weight: str | None = None) -> None:
    """The problems of offending rows, in their order (`_file` names each one's file): `build(row)`
    gives a row's problems, of one kind per file. Only a file's first rows can be kept (the tally
    keeps so many of a kind); the others are counted, one each or their `weight`, never built."""
    if not rows.height:
        return
    ranked = rows.with_columns(pl.int_range(pl.len()).over("_file").alias("_k"))
    keys: dict[str, tuple] = {}
    for r in ranked.filter(pl.col("_k") < tally.per_kind).iter_rows(named=True):
        file = r["_file"]
        if file in keys and not tally.room(keys[file]):
            tally.count(keys[file], r[weight] if weight else 1)
            continue
        for p in build(r):
            tally.add(p)
            keys[file] = Tally.key(p)
    rest = ranked.filter(pl.col("_k") >= tally.per_kind)
    if rest.height:
        counted = rest.group_by("_file").agg(pl.col(weight).sum() if weight else pl.len())
        for file, n in counted.iter_rows():
            tally.count(keys[file], int(n))
