"""Downloads: the bytes of every table's XLSX and CSV, from grassroots/outputs/exports.py, without Streamlit."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import polars as pl
import pytest

from grassroots.catalogue import cards
from grassroots.outputs import exports
from grassroots.catalogue import tables as schema

EVIL = ["=HYPERLINK(\"http://evil.example\",\"点我\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "普通名称"]


def fields() -> list[exports.Field]:
    unit = schema.column("unit_name", "units")
    total = schema.column("burden_total")
    change = schema.column("burden_change")
    return [
        exports.Field("单位名称", pl.col("name"), card=cards.of_column(unit, schema.TABLES["units"])),
        exports.Field("本周负担合计", pl.col("total"), unit="项次", card=cards.of_column(total, None)),
        exports.Field("较上周", pl.col("change"), unit="项次", card=cards.of_column(change, None)),
        exports.Field("每万人", pl.col("ratio"), unit="名", missing="—"),
        exports.Field("通报日期", pl.col("day")),
        exports.Field("清单", pl.col("flag")),
    ]


@pytest.fixture
def table() -> pl.DataFrame:
    frame = pl.DataFrame({
        "name": EVIL,
        "total": [12, 1234567, 0, 5, 7, 8, 9],
        "change": [-3, 4, 0, -1, 2, 0, -12],
        "ratio": [18.2, None, 17.0, 3.14159, 0.5, 1.0, 2.0],
        "day": [dt.date(2026, 11, 20)] * 7,
        "flag": [True, False, True, False, True, False, True],
    })
    return exports.values(frame, fields())


META = exports.Meta(title="基层减负观察点", as_of=dt.date(2026, 11, 27), district="新城区", published="2026-11-27 18:02",
                    demo=True, source="观察点周报（observation_weekly）")


def test_xlsx_reads_back_with_the_same_numbers(table):
    data = exports.xlsx(table, fields(), META)
    back = pl.read_excel(data, sheet_id=1, read_options={"header_row": exports.HEADER_ROW})
    assert back.columns == ["单位名称", "本周负担合计（项次）", "较上周（项次）", "每万人（名）", "通报日期", "清单"]
    assert back["本周负担合计（项次）"].to_list() == table["本周负担合计"].to_list()
    assert back["较上周（项次）"].to_list() == [-3, 4, 0, -1, 2, 0, -12]  # negative numbers stay numbers
    assert back["本周负担合计（项次）"].dtype.is_numeric() and back["较上周（项次）"].dtype.is_numeric()
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    ratio = [ws.cell(exports.HEADER_ROW + 2 + i, 4).value for i in range(3)]
    assert ratio == [18.2, "—", 17.0]  # numbers stay numbers; only the missing cell is the dash
    assert back["单位名称"].to_list() == EVIL  # stored as the districts wrote them


def test_xlsx_title_rows_name_snapshot_district_and_as_of_and_mark_demo_data(table):
    book = openpyxl.load_workbook(io.BytesIO(exports.xlsx(table, fields(), META)))
    ws = book.worksheets[0]
    title, line, mark = (ws.cell(r, 1).value for r in (1, 2, 3))
    assert "基层减负观察点" in title
    assert "快照：2026-11-27" in line and "范围：新城区" in line and "数据截至：2026-11-27" in line
    assert mark.startswith("【示例数据】")
    assert ws.freeze_panes == f"A{exports.HEADER_ROW + 2}"
    assert ws.column_dimensions["A"].width >= 20  # the long names fit
    number_formats = {ws.cell(exports.HEADER_ROW + 2, c).number_format for c in (2, 3)}
    assert number_formats == {"#,##0"}
    assert ws.cell(exports.HEADER_ROW + 2, 5).is_date


def test_xlsx_real_data_carries_its_source_instead_of_the_mark(table):
    meta = exports.Meta(**{**META.__dict__, "demo": False})
    ws = openpyxl.load_workbook(io.BytesIO(exports.xlsx(table, fields(), meta))).worksheets[0]
    assert ws.cell(3, 1).value.startswith("来源：观察点周报")
    assert "示例数据" not in exports.file_name(meta, "xlsx")


def test_xlsx_has_the_definition_sheet(table):
    data = exports.xlsx(table, fields(), META)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["基层减负观察点", "口径"]
    cards = pl.read_excel(data, sheet_name="口径", read_options={"header_row": exports.HEADER_ROW})
    assert cards.columns == ["列", "单位", "业务含义", "数据来源", "计算规则", "责任部门", "更新频率"]
    rows = {r["列"]: r for r in cards.iter_rows(named=True)}
    assert rows["单位名称"]["数据来源"].startswith("治理单元名录（units）")
    assert rows["本周负担合计"]["计算规则"] == "观察点六项负担指标之和"
    assert rows["本周负担合计"]["单位"] == "项次"


def test_formula_like_cells_are_inert_in_xlsx(table):
    ws = openpyxl.load_workbook(io.BytesIO(exports.xlsx(table, fields(), META))).worksheets[0]
    for r, text in enumerate(EVIL, start=exports.HEADER_ROW + 2):
        cell = ws.cell(r, 1)
        assert cell.data_type == "s"  # a string, never a formula (the values read back: see the first test)
        assert cell.quotePrefix == (text[0] in "=+-@\t\r")  # Excel's "typed with an apostrophe"


def test_every_formula_like_text_cell_of_a_workbook_is_inert_headers_titles_and_cards_included(table):
    """Not only the data: a header, a heading, a note, the title lines and the 口径 sheet's text can
    start like a formula too (a district's name in a title, a label, a card)."""
    evil_fields = [exports.Field("=cmd|' /C calc'!A0", pl.col("name"), unit="-1", card=cards.Card(("+SUM(1)", "+SUM(1)"), ("源", "src"), ("规则", "rule"))),
                   exports.Field("@合计", pl.col("total"))]
    meta = exports.Meta(title="=HYPERLINK(\"x\")", as_of=dt.date(2026, 11, 20), district="-新城区", source="@源")
    sheet = exports.Sheet("s", [exports.Block(table, evil_fields, heading="+heading", note="-note")])
    book = openpyxl.load_workbook(io.BytesIO(exports.workbook([sheet], meta)))
    texts = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    formula_like = [c for c in texts if c.value.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert len(formula_like) >= 10 and {c.value for c in formula_like} >= {"+heading", "-note", "@合计", "+SUM(1)"}
    assert [c.coordinate for c in formula_like if not c.quotePrefix] == []
    assert all(c.data_type == "s" for c in texts)


def test_csv_is_utf8_with_bom_units_in_headers_and_inert_formulas(table):
    data = exports.csv(table, fields())
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["单位名称", "本周负担合计（项次）", "较上周（项次）", "每万人（名）", "通报日期", "清单"]
    names = [r[0] for r in rows[1:]]
    assert names[:6] == ["'" + e for e in EVIL[:6]] and names[6] == "普通名称"
    assert [r[2] for r in rows[1:]] == ["-3", "4", "0", "-1", "2", "0", "-12"]  # numbers are not prefixed
    assert rows[2][3] == "—" and rows[1][3] == "18.2" and rows[1][4] == "2026-11-20" and rows[1][5] == "是"


def test_screen_shows_missing_values_as_their_mark(table):
    shown = exports.screen(table, fields())
    assert shown["每万人"].to_list()[1] == "—"
    assert shown.columns == table.columns


def test_file_name_says_what_where_and_when():
    assert exports.file_name(META, "xlsx") == "基层减负观察点_新城区_2026-11-27_示例数据.xlsx"
    odd = exports.Meta(title='a/b:c*?"<>|', as_of=dt.date(2026, 1, 2), district="全市")
    assert exports.file_name(odd, "csv") == "abc_全市_2026-01-02.csv"


def test_english_headers_carry_units_in_brackets():
    f = exports.Field("Burden this week", pl.col("x"), unit="项次")
    assert f.header == "Burden this week (项次)"


def test_a_unit_inside_the_label_is_still_added():
    assert exports.Field("社区工作人员", pl.col("x"), unit="人").header == "社区工作人员（人）"
    assert exports.Field("公益志愿服务（场次）", pl.col("x"), unit="场次").header == "公益志愿服务（场次）"
