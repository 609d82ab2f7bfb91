"""An .xlsx workbook from a district to rows of text cells, with Excel's own row numbers.

Read with openpyxl (through defusedxml) rather than a faster reader because the refresh needs
what faster readers drop: the sheet's real row numbers when rows above the data are blank, merged
ranges (a district code merged down five rows applies to all five), and error cells (`#N/A`
stays `#N/A` and is refused, instead of turning into an empty cell).

Cell values become the text a district would see: whole numbers without `.0`, dates as
YYYY-MM-DD, TRUE/FALSE as true/false, errors as their code, a formula by the value Excel saved
with it. What the text alone does not say — a formula without a saved value, a number format,
hidden rows and columns, merged ranges — is kept beside the rows (intake/shown.py: Shown) for
the caller to judge once it knows the columns. Which sheet holds the report is decided by the
caller (reports.py), which scores every sheet's header.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import xml.parsers.expat
import zipfile
import zlib
from dataclasses import dataclass, field

from grassroots.catalogue.rules import FileProblem
from grassroots.intake.shown import Shown, fill, format_kind

# What a workbook may be, judged from its zip directory before anything is inflated. The refresh's
# cap: the biggest real report, the whole-city grids file (6,158 rows), inflates to ~1 MB, and a
# workbook at the refresh's cell limit (reports.REFRESH_LIMITS.workbook_cells, 5 M cells at ~40 bytes of XML each)
# to ~200 MB. An upload gets a smaller cap (grassroots/desk/upload.py: unzipped_cap). It was 1 GiB, under
# which a 2.8 MB upload took the app to 2 GB without a verdict.
MAX_UNZIPPED = 256 << 20
# Sheet XML from Excel, WPS and xlsxwriter compresses 8-15 times (measured ~11 on generated reports);
# only rows of identical cells, i.e. not data, go past a few dozen. Small parts are not judged by it.
MAX_RATIO = 200
RATIO_FROM = 1 << 20
# A real workbook's zip directory lists a few dozen parts in a few KB; Python builds an object per
# entry, so a directory of hundreds of thousands of empty entries is refused before it is read.
MAX_DIRECTORY = 1 << 20
# Excel's own limit on the text of one cell: a longer one was not typed in Excel.
MAX_CELL_CHARS = 32767
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")  # OOXML's escape for characters XML cannot hold
_OLE2 = b"\xd0\xcf\x11\xe0"
_REF = re.compile(r"\$?([A-Za-z]{1,7})\$?([0-9]{1,15})")
_XML_PART = (".xml", ".rels")  # what openpyxl parses (not .vml: Excel's is not always well-formed XML)


def _directory_size(data: bytes) -> int | None:
    """The size of the zip's central directory as its end record states it (what zipfile reads)."""
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - 65557))
    if at < 0 or at + 22 > len(data):
        return None
    (size,) = struct.unpack_from("<I", data, at + 12)
    locator = at - 20
    if locator >= 0 and data[locator:locator + 4] == b"PK\x06\x07":  # zip64: zipfile takes its record
        (record,) = struct.unpack_from("<Q", data, locator + 8)
        if record + 56 <= len(data) and data[record:record + 4] == b"PK\x06\x06":
            (size,) = struct.unpack_from("<Q", data, record + 40)
    return size


def check_zip(data: bytes, max_unzipped: int = MAX_UNZIPPED, max_ratio: int = MAX_RATIO) -> None:
    """Refuse a workbook by its zip directory alone, nothing inflated: a directory over
    MAX_DIRECTORY, parts that inflate beyond ``max_unzipped`` in all, or a part that inflates more
    than ``max_ratio`` times. Raises FileProblem; cheap enough for the app process itself."""
    directory = _directory_size(data)
    if directory is not None and directory > MAX_DIRECTORY:
        raise FileProblem("too_large", "directory", size=directory, limit=MAX_DIRECTORY)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise FileProblem("corrupt_xlsx") from None
    total = sum(i.file_size for i in infos)
    if total > max_unzipped:
        raise FileProblem("too_large", "unzipped", size=total, limit=max_unzipped)
    for info in infos:
        if info.file_size >= RATIO_FROM and info.file_size > max_ratio * max(info.compress_size, 1):
            raise FileProblem("too_large", "ratio", part=info.filename[:60],
                              ratio=info.file_size // max(info.compress_size, 1), limit=max_ratio)


def too_many_rows(limit: int, row: int | None = None) -> FileProblem:
    return FileProblem("too_large", "rows", limit=limit, row=row)


def too_many_cells(limit: int, rows: int = 0, cols: int = 0) -> FileProblem:
    if rows and cols:
        return FileProblem("too_large", "used_range", limit=limit, used_rows=rows, used_cols=cols)
    return FileProblem("too_large", "cells", limit=limit)


def _column(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _row_number(text: str) -> int | None:
    """A row's r attribute as openpyxl reads it (an integer, or a float with an integer value)."""
    try:
        return int(text)
    except ValueError:
        try:
            value = float(text)
        except ValueError:
            return None
        return int(value) if value.is_integer() else None


class _Scan:
    """Counts, while one XML part streams through expat, what openpyxl would build from it:
    elements (every part), and for a worksheet its used range, which openpyxl fills with a cell
    object per position (the ranges of merged cells and hyperlinks too), as sheet_rows reads it.
    ``totals`` (rows, cells, elements) run over the whole file; raises at the first limit passed."""

    def __init__(self, max_rows: int, max_cells: int, totals: list[int], formulas: dict | None = None):
        self.max_rows, self.max_cells, self.totals = max_rows, max_cells, totals
        self.row = self.col = self.last_row = self.last_col = 0
        self.sheet: bool | None = None  # the part is a worksheet (decided by its first element)
        # Given a dict, a worksheet's formula cells go in it: (row, column) -> (formula, a value saved).
        self.formulas, self.at, self.text, self.cell_row, self.cell_type = formulas, None, None, 0, None
        self.recalc = False  # the workbook part asks Excel to recalculate every formula on load

    def start(self, name: str, attrs: list[str]) -> None:
        self.totals[2] += 1
        if self.totals[2] > 5 * self.max_cells:  # a real workbook has a few XML elements per cell
            raise too_many_cells(self.max_cells)
        local = name[name.rfind(":") + 1:]
        if self.sheet is None:
            self.sheet = local == "worksheet"
        elif not self.sheet:
            if local == "calcPr":
                self.recalc = (_attr(attrs, "fullCalcOnLoad") or "").lower() in ("1", "true")
            return
        elif local == "c":  # openpyxl: the cell's own reference, or the next column of the row
            self.close()
            self.cell_type = _attr(attrs, "t")
            match = _REF.fullmatch(_attr(attrs, "r") or "")
            if match:
                self.col = _column(match[1])
                self.cell_row = int(match[2])
            else:
                self.col += 1
                self.cell_row = self.row
            self._reach(self.cell_row, self.col)
        elif self.formulas is not None and local in ("f", "v"):
            if local == "f":
                self.at = [self.cell_row, self.col, [], None]
                self.text = self.at[2]
            elif self.at is not None:
                self.at[3] = self.text = []
        elif local == "row":
            self.close()
            number = _row_number(_attr(attrs, "r") or "")
            self.row, self.col = (self.row + 1 if number is None else number), 0
        elif local in ("mergeCell", "hyperlink"):
            for corner in (_attr(attrs, "ref") or "").replace(":", " ").split():
                match = _REF.fullmatch(corner)
                if match:
                    self._reach(int(match[2]), _column(match[1]))

    def characters(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)

    def close(self) -> None:
        """The formula cell read so far is complete: record it."""
        if self.at is not None:
            row, col, text, value = self.at
            # a value is saved when <v> holds one; an empty <v/> only for a formula whose result is ""
            saved = value is not None and (bool("".join(value).strip()) or self.cell_type == "str")
            self.formulas[(row, col)] = ("".join(text).strip(), saved)
            self.at = self.text = None

    def _reach(self, row: int, col: int) -> None:
        """The used range grows to (row, col): count its rows and cells into the file's totals."""
        if row <= self.last_row and col <= self.last_col:
            return
        before_rows, before_cells = self.last_row, self.last_row * self.last_col
        self.last_row, self.last_col = max(self.last_row, row), max(self.last_col, col)
        self.totals[0] += self.last_row - before_rows
        self.totals[1] += self.last_row * self.last_col - before_cells
        if self.totals[0] > self.max_rows:
            raise too_many_rows(self.max_rows, row)
        if self.totals[1] > self.max_cells:
            raise too_many_cells(self.max_cells, self.last_row, self.last_col)


def _attr(attrs: list[str], key: str) -> str | None:
    for i in range(0, len(attrs), 2):
        if attrs[i] == key:
            return attrs[i + 1]
    return None


def _no_entities(*_):
    raise FileProblem("corrupt_xlsx", "entities")


@dataclass
class Formulas:
    """A workbook's formulas, read while scanning it: each worksheet's formula cells, by part and
    then by title, {(row, column): (formula, whether a value is saved)}; and whether the workbook
    asks Excel to recalculate every formula when it is opened (calcPr fullCalcOnLoad)."""

    by_part: dict[str, dict] = field(default_factory=dict)
    by_sheet: dict[str, dict] = field(default_factory=dict)
    recalc: bool = False


def scan_workbook(data: bytes, max_rows: int, max_cells: int, formulas: Formulas | None = None) -> None:
    """Read every XML part of the workbook as a stream (constant memory) and refuse it as soon as
    its sheets pass ``max_rows`` rows or ``max_cells`` cells in all: counted while reading, never
    taken from the sheet's own ``<dimension>``, which can say anything. Given ``formulas``, the
    formula cells and the recalculation flag go in it."""
    totals = [0, 0, 0]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in z.infolist():
            if not info.filename.lower().endswith(_XML_PART):
                continue
            found: dict = {}
            scan = _Scan(max_rows, max_cells, totals, found if formulas is not None else None)
            parser = xml.parsers.expat.ParserCreate()
            parser.ordered_attributes = True
            parser.StartElementHandler = scan.start
            if formulas is not None:
                parser.CharacterDataHandler = scan.characters
            parser.EntityDeclHandler = _no_entities  # what defusedxml refuses for openpyxl too
            try:
                with z.open(info) as part:
                    while chunk := part.read(1 << 16):
                        parser.Parse(chunk, False)
                parser.Parse(b"", True)
                scan.close()
                if formulas is not None:
                    formulas.recalc |= scan.recalc
                    if found:
                        formulas.by_part[info.filename] = found
            except xml.parsers.expat.ExpatError:
                continue  # nothing past the error is read, by openpyxl either: it names the file broken, or skips the part
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
                raise FileProblem("corrupt_xlsx") from None


def open_workbook(data: bytes, *, max_unzipped: int = MAX_UNZIPPED, max_ratio: int = MAX_RATIO,
                  max_rows: int | None = None, max_cells: int | None = None, formulas: Formulas | None = None):
    """The workbook, once its zip directory (check_zip) and, given limits, a streaming count of its
    rows and cells (scan_workbook) say openpyxl can hold it. Given ``formulas`` (and the limits), it
    receives the workbook's formulas (scan_workbook), each sheet's by its title too."""
    if data.startswith(_OLE2):
        raise FileProblem("unsupported_format", "ole")
    if not data.startswith(b"PK"):
        raise FileProblem("corrupt_xlsx", "not_zip")
    check_zip(data, max_unzipped, max_ratio)
    if max_rows is not None and max_cells is not None:
        scan_workbook(data, max_rows, max_cells, formulas)
    from openpyxl.reader.excel import ExcelReader  # imported here: only refreshes read workbooks

    try:
        reader = ExcelReader(io.BytesIO(data), read_only=False, keep_vba=False, data_only=True, keep_links=True,
                             rich_text=False)  # openpyxl.load_workbook, keeping the reader: it knows each sheet's part
        reader.read()
        if formulas is not None:
            formulas.by_sheet = {sheet.name: formulas.by_part.get(rel.target, {})
                                 for sheet, rel in reader.parser.find_sheets()}
        return reader.wb
    except FileProblem:
        raise
    except MemoryError:
        raise
    except Exception as exc:  # openpyxl raises many types for broken workbooks
        raise FileProblem("corrupt_xlsx", "reader", error=type(exc).__name__) from None


class Budget:
    """The rows and cells one file may hold, taken as rows are read (blank rows and cells count:
    they cost memory all the same). Raises FileProblem at the first row past either limit."""

    def __init__(self, rows: int, cells: int):
        self.max_rows, self.max_cells = rows, cells
        self.rows = self.cells = 0

    def take(self, cells: int, row: int | None) -> None:
        self.rows += 1
        self.cells += cells
        if self.rows > self.max_rows:
            raise too_many_rows(self.max_rows, row)
        if self.cells > self.max_cells:
            raise too_many_cells(self.max_cells)


def sheet_rows(ws, budget: Budget | None = None, shown: Shown | None = None,
               formulas: Formulas | None = None) -> list[tuple[int, list[str]]]:
    """Every row from row 1 (blank ones too), merged ranges filled with their value. openpyxl makes
    a cell per position of the used range as the rows are iterated: ``budget`` stops that early.
    Given ``shown``, what Excel shows beyond the values goes in it (shown.py), with the formulas."""
    grid: dict[int, list[str]] = {}
    width = 0
    for row in ws.iter_rows(min_row=1):
        if budget is not None:
            budget.take(len(row), row[0].row if row else None)
        cells = [cell_text(c.value) for c in row]
        longest = max(map(len, cells), default=0) if budget is not None else 0
        if longest > MAX_CELL_CHARS:
            raise FileProblem("too_large", "cell_text", size=longest, limit=MAX_CELL_CHARS, row=row[0].row)
        if shown is not None:
            for i, c in enumerate(row):
                kind = format_kind(c) if c.value is not None else None
                if kind:
                    shown.marks[(c.row, i)] = (kind, cells[i])
        if row:
            grid[row[0].row] = cells
            width = max(width, len(cells))
    if shown is not None:
        fill(shown, ws, grid, formulas.by_sheet.get(ws.title, {}) if formulas else {}, formulas is not None and formulas.recalc)
        width = max(map(len, grid.values()), default=0)
    for merged in ws.merged_cells.ranges:
        value = grid.get(merged.min_row, [])
        top_left = value[merged.min_col - 1] if merged.min_col - 1 < len(value) else ""
        for r in range(merged.min_row, merged.max_row + 1):
            cells = grid.setdefault(r, [""] * width)
            cells.extend([""] * (merged.max_col - len(cells)))
            for c in range(merged.min_col, merged.max_col + 1):
                cells[c - 1] = top_left
    last = max(grid, default=0)
    return [(n, grid.get(n, [])) for n in range(1, last + 1)]


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return _ESCAPE.sub(_unescape, text) if "_x" in text else text


def _unescape(m: re.Match) -> str:
    n = int(m[1], 16)
    return "\ufffd" if 0xD800 <= n <= 0xDFFF else chr(n)  # half a surrogate pair is no character: refused as U+FFFD
