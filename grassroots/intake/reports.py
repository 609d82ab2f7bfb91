"""Reading one report file of a district: the sheet, the header, and the data rows as text cells.

Every cell is kept as text so that validation, not the reader, decides what a wrong type is,
and can say which row it was on. Row numbers are the ones the district sees in Excel or a text
editor, whatever lies above the header. Rows that are not data are skipped with a note, never
silently: a 合计/总计 row at the bottom of a form, or a 填表人/审核人 line.
"""

from __future__ import annotations

import itertools
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from grassroots.intake.header import Header, find_header, header_texts, map_columns, norm, score_row
from grassroots.intake.inbox import DEMO_MARKER, ReportFile
from grassroots.catalogue.rules import FileProblem, Note, Problem, Tally, problem
from grassroots.catalogue.tables import TABLES, Table
from grassroots.intake.textfile import read_rows
from grassroots.intake.shown import Shown, judge
from grassroots.intake.workbook import MAX_RATIO, MAX_UNZIPPED, Budget, Formulas, open_workbook, sheet_rows


@dataclass(frozen=True)
class Limits:
    """What one report file may hold before reading stops with a `too_large` problem: rows (blank
    ones too) and cells (a workbook's used range, rows × columns, blank cells too), counted while
    reading; for a workbook also its inflated size and a part's compression ratio (workbook.check_zip)."""

    rows: int
    cells: int
    unzipped: int = MAX_UNZIPPED
    ratio: int = MAX_RATIO
    workbook_cells: int | None = None  # a workbook's, if fewer: openpyxl holds every cell of its sheets at once


# The refresh's: it reads an inbox the department assembles, a report batch by batch (BATCH rows;
# no Python object per row is kept). Measured (bench/big_report.py, `make bench`): a week whose
# grids report has 2.0 M rows × 4 columns (80 MB of GBK) publishes at 788 MiB peak, 2.5 M rows at
# 888 MiB (about 200 MiB a million rows). These stop a report below 1 GiB, and a file of bare line
# breaks. A workbook keeps its 5 M cells: openpyxl's cells and the sheet's rows are held whole
# (Excel stops at 1,048,576 rows), and a used range reaching that row is stopped there.
REFRESH_LIMITS = Limits(rows=2_500_000, cells=10_500_000, workbook_cells=5_000_000)
# An upload's (grassroots/desk/upload.py checks it in a worker process under these): the biggest real
# report is the whole-city grids file, 6,158 rows × 4 columns (25 k cells); a district's file is a
# tenth of that. openpyxl takes ~440 bytes and ~9 µs per cell (measured): a file at these limits
# is checked in 7-17 s within 0.5 GB resident, inside the worker's memory and time limits.
UPLOAD_LIMITS = Limits(rows=100_000, cells=500_000)
# What read_report applies. The upload worker sets the upload limits for its own process.
limits = REFRESH_LIMITS

_TOTAL = re.compile(r"^(合计|总计|小计|全市合计|总合计|合\s*计)[:：]?$")
_FOOTER = re.compile(r"^(填表人|填报人|制表人|制表|审核人|审核|负责人|联系人|联系电话|填报日期|填表日期|备注|说明|注)[:：]")
_TOTAL_START = set("合总小全")
_ODD_START = set("合总小全填制审负联备说注 \t\u3000\u00a0\ufeff\u200b")  # a lead cell starting so needs a closer look


Row = tuple[int, list[str]]  # (row number as the district sees it, cells)
BATCH = 65_536  # data rows typed at a time: a report's rows are never held whole as Python lists


@dataclass
class RawReport:
    path: Path
    table: Table
    header: Header
    encoding: str  # utf-8 | gbk | xlsx
    sheet: str | None = None
    problems: list[Problem] = field(default_factory=list)  # header and row-shape problems
    notes: list[Note] = field(default_factory=list)
    _read: Callable[[int], Iterator[list[Row]]] | None = field(default=None, repr=False)
    _rows: list[Row] | None = field(default=None, repr=False)

    def batches(self, size: int = BATCH) -> Iterator[list[Row]]:
        """The data rows in lists of at most `size`, in order, read as they are asked for: the
        notes and problems of the rows that are not data (totals, footers, a repeated header, extra
        cells) are added as they are met, so read them once every batch is through. Once only."""
        if self._rows is not None:
            for at in range(0, len(self._rows), size):
                yield self._rows[at: at + size]
            return
        read, self._read = self._read, None
        if read is not None:
            yield from read(size)

    @property
    def rows(self) -> list[Row]:
        """Every data row at once (a small file, a tool, a test)."""
        if self._rows is None:
            self._rows = [row for batch in self.batches() for row in batch]
        return self._rows


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing to follow a symbolic link swapped in after the inbox was listed."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        raise FileProblem("unreadable", "open", error=err.strerror or type(err).__name__) from None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise FileProblem("not_a_file")
        return f.read()


def read_report(report: ReportFile | Path, parsed: dict | None = None) -> RawReport:
    """Read one report file; raise FileProblem when it cannot be read at all. ``parsed``, a dict
    the caller keeps across calls on the same file read as one report after another
    (desk.looks_like), holds the parsed file: it is parsed once, not once per report. A CSV's
    data rows are read batch by batch as RawReport.batches asks for them; an error there (a
    malformed line, too many rows) is raised then."""
    if isinstance(report, Path):  # convenience for tests and tools: the kind from the file name
        from grassroots.intake.inbox import report_kind

        table, district = report_kind(report.name)
        assert table is not None, report
        report = ReportFile(report, table, district)
    data = read_bytes(report.path)
    if not data.strip():
        raise FileProblem("empty_file")
    fname = report.path.name
    if report.path.suffix.lower() == ".xlsx":
        rows, sheet, notes, shown = _workbook_rows(_parsed(parsed, data, _sheets), report.table)
        encoding = "xlsx"
    else:
        if data.startswith(b"PK\x03\x04"):
            raise FileProblem("wrong_extension")
        rows, encoding = _parsed(parsed, data, lambda d: read_rows(d, limits.rows, limits.cells))
        sheet, notes, shown = None, [], None
    header = find_header(rows, report.table)
    if header is None:
        raise FileProblem("empty_file", "no_header")
    data_rows = _after(rows, header.last)
    if header.score == 0 and encoding != "xlsx":
        _drain(rows)  # what is wrong further down (a malformed line) is said first, as for a file read whole
        _refuse_other_delimiters(rows, report.table)
    raw = RawReport(report.path, report.table, header, encoding, sheet, notes=[Note(m, fname) for m in notes])
    if header.first > 1:
        raw.notes.append(Note(f"表头在第 {header.first} 行，上面的标题行已跳过", fname))
    raw.problems = map_columns(header, report.table, fname, data_rows)
    if raw.problems:
        _drain(rows)
        raw._rows = []
        return raw  # a wrong header makes every row wrong: report the header only
    raw._read = lambda size: _kept(raw, data_rows, size)
    if shown is not None:  # what Excel shows beyond the values, judged on the rows kept as data
        problems, refused = judge(shown, report.table, header.columns, header.last, [n for n, _ in raw.rows], fname)
        raw.problems += problems
        if refused:
            raw._rows = [row for row in raw.rows if row[0] not in refused]
    return raw


class _after:
    """The rows below the header, iterable again (a CSV is parsed again from its bytes)."""

    def __init__(self, rows: Iterable[Row], last: int):
        self.source, self.last = rows, last

    def __iter__(self) -> Iterator[Row]:
        return (row for row in self.source if row[0] > self.last)


def _drain(rows: Iterable[Row]) -> None:
    if not isinstance(rows, list):
        for _ in rows:
            pass


def _kept(raw: RawReport, data_rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    """The data rows in batches; the rows that are not data are skipped with their notes and problems."""
    header, table, fname = raw.header, raw.table, raw.path.name
    width = len(header.labels)
    order = sorted(header.columns)
    labels = header_texts(header, table)
    lead = order[0] if order else 0
    tally = Tally(raw.problems)
    source = iter(data_rows)
    while batch := list(itertools.islice(source, size)):
        # Most rows are plain data: found in one comprehension, so only the others take the slow path.
        odd = {k for k, (_, cells) in enumerate(batch)
               if len(cells) <= lead or len(cells) > width or not cells[lead] or cells[lead][0] in _ODD_START
               or cells[lead] in labels}
        dropped = {k for k in sorted(odd) if not _keep(batch[k], raw, tally, order, width, labels, fname)}
        batch = [row for k, row in enumerate(batch) if k not in dropped] if dropped else batch
        if batch:
            yield batch
    tally.close()


def _keep(row: Row, raw: RawReport, tally: Tally, order: list[int], width: int, labels: set[str], fname: str) -> bool:
    """Whether a row that is not plainly data is kept; notes and problems for those that are not."""
    n, cells = row
    first = next((cells[i].strip() for i in order if i < len(cells) and cells[i].strip()), "")
    if not first and not any(c.strip() for c in cells):
        return False  # a blank row (row numbers still count it)
    if first[:1] in _TOTAL_START and _TOTAL.match(first):
        raw.notes.append(Note(f"“{first}”行不是数据，已跳过（合计由系统计算）", fname, n))
        return False
    filled = [c for c in cells if c.strip()]
    if len(filled) == 1 and _FOOTER.match(norm(filled[0])):
        raw.notes.append(Note(f"表尾说明“{filled[0].strip()[:20]}”已跳过", fname, n))
        return False
    if first.lstrip("\ufeff\u200b") in labels and score_row(cells, raw.table) * 2 >= raw.header.score > 1:
        tally.add(problem("repeated_header", file=fname, row=n, table=raw.table.name))
        return False
    extra = next((i for i in range(width, len(cells)) if cells[i].strip()), None)
    if extra is not None:
        tally.add(problem("extra_cells", file=fname, row=n, table=raw.table.name, position=extra + 1,
                          value=cells[extra].strip()[:20]))
        return False
    return True


def _refuse_other_delimiters(rows: Iterable[Row], table: Table) -> None:
    """A CSV separated by tabs or semicolons reads as one column: say so instead of 'missing columns'."""
    first = next((cells for _, cells in rows if any(c.strip() for c in cells)), [])
    line = ",".join(first)
    for sep in ("\t", ";", "；"):
        if sep in line and score_row(line.split(sep), table) >= 2:
            raise FileProblem("wrong_delimiter", delimiter=sep)


def _parsed(parsed: dict | None, data: bytes, parse):
    """parse(data), or what it gave (or raised) for these same bytes before."""
    if parsed is None:
        return parse(data)
    if parsed.get("data") != data:
        parsed.clear()
        parsed["data"] = data
        try:
            parsed["result"] = parse(data)
        except FileProblem as err:
            parsed["error"] = err
    if "error" in parsed:
        raise parsed["error"]
    return parsed["result"]


def _sheets(data: bytes) -> list[tuple[str, list[tuple[int, list[str]]], Shown]]:
    """Every worksheet of the workbook: its name, rows and what Excel shows beyond them (openpyxl
    holds them all at once)."""
    from openpyxl.worksheet.worksheet import Worksheet

    formulas = Formulas()
    cells = limits.workbook_cells or limits.cells
    wb = open_workbook(data, max_unzipped=limits.unzipped, max_ratio=limits.ratio, max_rows=limits.rows,
                       max_cells=cells, formulas=formulas)
    budget = Budget(limits.rows, cells)  # every sheet of the file counts
    out = []
    for ws in wb.worksheets:
        if isinstance(ws, Worksheet):
            shown = Shown(hidden_sheet=ws.sheet_state != "visible")
            out.append((ws.title, sheet_rows(ws, budget, shown, formulas), shown))
    return out


def _workbook_rows(sheets: list[tuple[str, list[tuple[int, list[str]]], Shown]],
                   table: Table) -> tuple[list[tuple[int, list[str]]], str, list[str], Shown]:
    """The rows of the sheet that holds this report, its name, notes about the choice, and what Excel shows."""
    scored = []
    for title, rows, shown in sheets:
        header = find_header(rows, table)
        scored.append((header.score if header else 0, title, rows, shown))
    matching = [s for s in scored if s[0] > 0]
    visible = [s for s in matching if not s[3].hidden_sheet]
    if matching and not visible:  # the report is on a sheet the district no longer sees
        raise FileProblem("hidden_cells", "sheet", sheet=matching[0][1])
    matching = visible
    if not matching:
        if len(sheets) == 1:
            return scored[0][2], scored[0][1], [], scored[0][3]  # let the header check say what is wrong
        raise FileProblem("no_sheet", table=table.name, sheets=[s[0] for s in sheets])
    if len(matching) > 1:
        named = [s for s in matching if norm(s[1]) in (norm(table.zh), norm(table.name))]
        if len(named) != 1:
            raise FileProblem("ambiguous_sheet", table=table.name, sheets=[s[1] for s in matching])
        matching = named
    score, title, rows, shown = matching[0]
    notes = [f"使用了工作表「{title}」"] if len(sheets) > 1 else []
    return rows, title, notes, shown


def read_reference(name: str, ref_dir: Path) -> pl.DataFrame:
    """A reference table shipped under data/ref/, typed by the schema."""
    table = TABLES[name]
    frame = pl.read_csv(ref_dir / f"{name}.csv", infer_schema=False)
    return frame.select(
        (pl.col(c.name).str.to_lowercase().is_in(["1", "true", "是"]) if c.dtype == "bool"
         else pl.col(c.name).cast(_POLARS[c.dtype]))
        for c in table.columns
    )


_POLARS = {"str": pl.String, "int": pl.Int64, "float": pl.Float64, "date": pl.Date, "bool": pl.Boolean}


def polars_type(dtype: str):
    return _POLARS[dtype]
