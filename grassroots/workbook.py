"""An .xlsx workbook from a district to rows of text cells, with Excel's own row numbers.

Read with openpyxl (through defusedxml) rather than a faster reader because the refresh needs
what faster readers drop: the sheet's real row numbers when rows above the data are blank, merged
ranges (a district code merged down five rows applies to all five), and error cells (`#N/A`
stays `#N/A` and is refused, instead of turning into an empty cell).

Cell values become the text a district would see: whole numbers without `.0`, dates as
YYYY-MM-DD, TRUE/FALSE as true/false, errors as their code. Which sheet holds the report is
decided by the caller (reports.py), which scores every sheet's header.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from grassroots.problems import FileProblem

MAX_UNZIPPED = 1 << 30  # a workbook that inflates beyond this is refused (zip bomb)
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")  # OOXML's escape for characters XML cannot hold
_OLE2 = b"\xd0\xcf\x11\xe0"


def open_workbook(data: bytes):
    if data.startswith(_OLE2):
        raise FileProblem("unsupported_format", "文件实际是 Excel 97-2003（.xls）格式或设置了打开密码",
                          "请取消密码，另存为 Excel 工作簿（.xlsx）后重新报送")
    if not data.startswith(b"PK"):
        hint = "请确认是 Excel 工作簿；如果是 CSV，请把扩展名改为 .csv"
        raise FileProblem("corrupt_xlsx", "文件不是有效的 xlsx 工作簿", hint)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if sum(i.file_size for i in z.infolist()) > MAX_UNZIPPED:
                raise FileProblem("too_large", "工作簿解压后过大", "请删除多余的工作表或按旗县区拆分")
    except zipfile.BadZipFile:
        raise FileProblem("corrupt_xlsx", "Excel 文件已损坏或不是 xlsx 格式", "请重新保存后报送") from None
    import openpyxl  # imported here: only refreshes read workbooks

    try:
        return openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except FileProblem:
        raise
    except Exception as exc:  # openpyxl raises many types for broken workbooks
        raise FileProblem("corrupt_xlsx", f"Excel 文件已损坏或不是 xlsx 格式（{type(exc).__name__}）",
                          "请用 Excel 打开后重新保存为 .xlsx") from None


def sheet_rows(ws) -> list[tuple[int, list[str]]]:
    """Every row from row 1 (blank ones too), merged ranges filled with their value."""
    grid: dict[int, list[str]] = {}
    width = 0
    for row in ws.iter_rows(min_row=1):
        cells = [cell_text(c.value) for c in row]
        if row:
            grid[row[0].row] = cells
            width = max(width, len(cells))
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
    return _ESCAPE.sub(lambda m: chr(int(m[1], 16)), text) if "_x" in text else text
