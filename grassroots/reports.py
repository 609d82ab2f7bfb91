"""Reading the districts' report files: find them in an inbox, decode them, return text cells.

Every cell is read as text so that validation, not the reader, decides what a wrong type is,
and can say which row it was on. Row numbers are the ones the district sees in Excel or a text
editor: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer
import polars as pl

from grassroots.schema import REPORTS, TABLES, Table

REPORT_SUFFIXES = (".csv", ".xlsx")
DEMO_MARKER = "DEMO.txt"  # an inbox holding this file is demo data (示例数据)


class ReportFileError(Exception):
    """A file that cannot be read at all (empty, undecodable, corrupt workbook)."""

    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule = rule
        self.message = message


@dataclass
class RawReport:
    path: Path
    table: Table
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as the district sees it, cells)
    encoding: str


def report_kind(path: Path) -> Table | None:
    """`grids.csv`, `grids__150102.xlsx` or `网格.csv` are all grids reports."""
    stem = path.stem.split("__")[0]
    for t in REPORTS:
        if stem in (t.name, t.zh):
            return t
    return None


def list_inbox(inbox: Path) -> tuple[dict[str, list[Path]], list[Path]]:
    """Report files by table name, and files that are not reports of any known kind."""
    found: dict[str, list[Path]] = {t.name: [] for t in REPORTS}
    unknown: list[Path] = []
    for path in sorted(inbox.iterdir()):
        if path.name.startswith((".", "~$")) or path.name == DEMO_MARKER or path.is_dir():
            continue
        kind = report_kind(path) if path.suffix.lower() in REPORT_SUFFIXES else None
        if kind is None:
            unknown.append(path)
        else:
            found[kind.name].append(path)
    return found, unknown


def decode(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM) first, then GB18030 (a superset of GBK), then a guess."""
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc), ("utf-8" if enc == "utf-8-sig" else "gbk")
        except UnicodeDecodeError:
            continue
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise ReportFileError("encoding", "无法识别文件编码（应为 UTF-8 或 GBK）")
    return str(best), best.encoding


def _read_csv(path: Path) -> tuple[list[list[str]], str]:
    data = path.read_bytes()
    if not data.strip():
        raise ReportFileError("empty_file", "文件为空")
    text, encoding = decode(data)
    return [row for row in csv.reader(io.StringIO(text))], encoding


def _read_xlsx(path: Path) -> tuple[list[list[str]], str]:
    if path.stat().st_size == 0:
        raise ReportFileError("empty_file", "文件为空")
    try:
        frame = pl.read_excel(path, engine="calamine", has_header=False, infer_schema_length=0,
                              drop_empty_rows=False)  # keep blank rows so row numbers match Excel
    except Exception as exc:  # fastexcel raises several types for broken workbooks
        raise ReportFileError("corrupt_xlsx", f"Excel 文件已损坏或不是 xlsx 格式（{type(exc).__name__}）") from exc
    rows = [["" if v is None else _excel_text(v) for v in row] for row in frame.iter_rows()]
    return rows, "xlsx"


def _excel_text(value: str) -> str:
    # Whole numbers come back from calamine as "12.0" and dates as "2026-05-29 00:00:00".
    if value.endswith(".0") and value[:-2].lstrip("-").isdigit():
        return value[:-2]
    if len(value) == 19 and value.endswith(" 00:00:00"):
        return value[:10]
    return value


def read_report(path: Path) -> RawReport:
    table = report_kind(path)
    assert table is not None, path
    rows, encoding = (_read_xlsx if path.suffix.lower() == ".xlsx" else _read_csv)(path)
    # Number the rows before dropping blank ones, so a blank line does not shift the row numbers.
    rows = [(i, r) for i, r in enumerate(rows, start=1) if any(cell.strip() for cell in r)]
    if not rows:
        raise ReportFileError("empty_file", "文件为空（没有表头）")
    header = [h.strip() for h in rows[0][1]]
    numbered = [(i, [cell.strip() for cell in row]) for i, row in rows[1:]]
    return RawReport(path, table, header, numbered, encoding)


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
