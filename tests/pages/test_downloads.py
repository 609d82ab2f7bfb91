"""The tables' downloads hold what the screen shows: the XLSX a page's button hands over, rebuilt
from what the page passed to it, has the same numbers as the table above it."""

from __future__ import annotations

import io

import openpyxl
import polars as pl

from grassroots.outputs import exports
from grassroots import demo
from tests.pages.apptest import start, tables


def workbook(at, name: str) -> tuple[bytes, pl.DataFrame]:
    values, fields, meta = at.session_state["downloads"][name]
    data = exports.xlsx(values, fields, meta)
    return data, pl.read_excel(data, read_options={"header_row": exports.HEADER_ROW})


def test_workforce_table_xlsx_has_the_numbers_on_screen(demo_env):
    at = start(page="views/workforce.py")
    screen = next(d for d in tables(at) if "社区工作者" in d.columns)
    data, sheet = workbook(at, "workforce")
    assert sheet.height == len(screen) == 10
    assert sheet["旗县区"].to_list() == screen["旗县区"].tolist()
    for column in ("社区工作者", "社区工作人员", "进入两委班子", "担任正职"):
        header = next((c for c in sheet.columns if c.startswith(column + "（")), None)
        assert header, sheet.columns
        assert sheet[header].dtype.is_numeric()
        assert sheet[header].to_list() == screen[column].tolist(), column
    assert sum(sheet["社区工作人员（人）"]) == 11_500
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames[1] == "口径"
    assert f"数据截至：{demo.AS_OF_DATES[-1]}" in book.worksheets[0]["A2"].value and "范围：全市" in book.worksheets[0]["A2"].value


def test_reconciliation_xlsx_holds_numbers_where_the_screen_shows_1_58_wan(demo_env):
    at = start()
    screen = next(d for d in tables(at) if "报道数值" in d.columns)
    _, sheet = workbook(at, "reconciliation")
    couriers = sheet.filter(pl.col("指标") == "服务快递员、网约配送员")
    assert couriers["报道数值"].to_list() == [15_800] and couriers["本期快照"].to_list() == [15_800]
    assert "1.58万" in screen["报道数值"].tolist()


def test_a_district_table_says_so_in_its_title(demo_env):
    at = start({"district": "150105"}, page="views/burden.py")
    values, fields, meta = at.session_state["downloads"]["cases"]
    assert meta.district == "赛罕区" and meta.demo
    assert exports.file_name(meta, "csv") == f"已通报的反面案例_赛罕区_{demo.AS_OF_DATES[-1]}_示例数据.csv"
    assert exports.csv(values, fields).startswith(b"\xef\xbb\xbf")
