"""Helpers shared by the refresh tests: a fresh data folder, snapshot fingerprints, report edits."""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
from pathlib import Path

import polars as pl

from grassroots import demo
from grassroots.intake.textfile import decode

REPO = Path(__file__).resolve().parent.parent
LAST = demo.AS_OF_DATES[-1]  # the week the `week_inbox` fixture holds
PREV = demo.AS_OF_DATES[-2]  # the snapshot a refresh of LAST builds on


def fresh_base(demo_base: Path, tmp_path: Path, name: str = "data") -> Path:
    """A data folder holding only the demo snapshot of the week before LAST."""
    base = tmp_path / name
    (base / "snapshots").mkdir(parents=True)
    shutil.copytree(demo_base / "snapshots" / PREV.isoformat(), base / "snapshots" / PREV.isoformat())
    return base


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot_tree(base: Path) -> dict[str, str]:
    """Every file and folder under base/snapshots (hidden ones too): relative path -> sha256 or 'dir'."""
    root = base / "snapshots"
    return {str(p.relative_to(root)): ("dir" if p.is_dir() else sha256(p)) for p in sorted(root.rglob("*"))}


def snapshot_stat(folder: Path) -> dict[str, tuple[str, int]]:
    """Relative file path -> (sha256, mtime in ns) for every file of one snapshot folder (history/ too)."""
    return {str(p.relative_to(folder)): (sha256(p), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


# ------------------------------------------------------------------ editing inbox files
def csv_encoding(path: Path) -> tuple[str, bool]:
    """The codec to write a report back with, and whether it had a UTF-8 BOM."""
    data = path.read_bytes()
    _, enc = decode(data)
    if enc == "gbk":
        return "gb18030", False
    return ("utf-8-sig", True) if data.startswith(b"\xef\xbb\xbf") else ("utf-8", False)


def read_csv_rows(path: Path) -> list[list[str]]:
    text, _ = decode(path.read_bytes())
    return list(csv.reader(io.StringIO(text)))


def write_csv_rows(path: Path, rows: list[list[str]], encoding: str) -> None:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))


def edit_csv(path: Path, edit) -> None:
    """Apply `edit(rows) -> rows` (rows[0] is the header) and write back in the file's own encoding."""
    encoding, _ = csv_encoding(path)
    write_csv_rows(path, edit(read_csv_rows(path)), encoding)


def set_cell(path: Path, row: int, column: str, value: str) -> str:
    """Set the cell at `row` (as the district sees it: header is row 1) of the column whose header
    is `column` in a CSV report; return the old value."""
    old = {}

    def edit(rows):
        i = rows[0].index(column)
        old["v"] = rows[row - 1][i]
        rows[row - 1][i] = value
        return rows

    edit_csv(path, edit)
    return old["v"]


def read_xlsx(path: Path) -> pl.DataFrame:
    return pl.read_excel(path, infer_schema_length=0)


def set_xlsx_cell(path: Path, row: int, column: str, value: str) -> str:
    """Same as set_cell for an .xlsx report (every cell written back as text)."""
    frame = read_xlsx(path)
    old = frame[column][row - 2]
    values = frame[column].to_list()
    values[row - 2] = value
    frame.with_columns(pl.Series(column, values, dtype=pl.String)).write_excel(path)
    return old


def rules(result) -> list[str]:
    return [p.rule for p in result.problems]


def problems_of(result, rule: str) -> list:
    found = [p for p in result.problems if p.rule == rule]
    assert found, f"no problem with rule {rule!r} among {result.problems}"
    return found
