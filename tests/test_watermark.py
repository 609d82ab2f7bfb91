"""The mark of who was looking (grassroots/outputs/watermark.py): on the screen, in the brief's PDF,
in every workbook; made at the click, so two people's copies of one brief differ by their names."""

from __future__ import annotations

import datetime as dt
import io
import urllib.parse
import xml.etree.ElementTree as ET

import openpyxl
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from grassroots import demo
from grassroots.outputs import brief, exports, watermark
from grassroots.store.snapshots import list_snapshots
from streamlit.testing.v1 import AppTest

from tests.pages.apptest import APP, metrics, start

AT = dt.datetime(2026, 12, 7, 16, 20)
LAST = demo.AS_OF_DATES[-1]
WANG = watermark.Mark("王芳 (wang)", AT, LAST)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40))
def test_any_name_is_text_in_the_tile_and_nothing_else(name):  # <, &, quotes: escaped, never markup
    tile = ET.fromstring(watermark.svg(name))
    (text,) = list(tile)
    assert text.text in (name, None) and (text.text or "") == name and len(text) == 0


def test_the_screen_s_style_carries_the_mark_as_a_url_that_cannot_end_early():
    name = '王芳 (wang) ") } </style><script>'
    css = watermark.css(name)
    url = css.split('url("', 1)[1].split('")', 1)[0]  # the first '")' ends the URL: it must be the whole tile
    assert urllib.parse.unquote(url.split(",", 1)[1]) == watermark.svg(name)
    assert css.count("</style>") == 1 and "<script>" not in css and "pointer-events:none" in css


def test_the_mark_reads_in_both_languages():
    assert WANG.text("zh") == f"王芳 (wang) · 2026-12-07 16:20 · 快照 {LAST}"
    assert WANG.text("en") == f"王芳 (wang) · 2026-12-07 16:20 · snapshot {LAST}"
    assert watermark.Mark("wang", AT, None).text("zh") == "wang · 2026-12-07 16:20"


def test_a_workbook_names_who_made_it_above_the_table_and_on_every_printed_page():
    meta = exports.Meta(title="表", as_of=LAST, district="全市", made_by=watermark.Mark("A&B", AT, LAST))
    data = exports.xlsx(pl.DataFrame({"x": [1]}), [exports.Field("x", pl.col("x"))], meta)
    book = openpyxl.load_workbook(io.BytesIO(data))
    for ws in book.worksheets:  # the table and its 口径 sheet
        assert "导出：A&B，2026-12-07 16:20" in ws["A2"].value
        # stored with "&&", which Excel prints as "&" ("&" alone starts one of its header codes)
        assert ws.oddHeader.center.text == ws.oddFooter.center.text == f"A&&B · 2026-12-07 16:20 · 快照 {LAST}"
    plain = openpyxl.load_workbook(io.BytesIO(exports.xlsx(pl.DataFrame({"x": [1]}), [exports.Field("x", pl.col("x"))],
                                                          exports.Meta(title="表", as_of=LAST, district="全市"))))
    assert "导出" not in plain.worksheets[0]["A2"].value and not plain.worksheets[0].oddHeader.center.text


@pytest.fixture(scope="module")
def last(demo_base):
    return next(s for s in list_snapshots(demo_base) if s.as_of == LAST)


def test_two_leaders_copies_of_one_brief_carry_their_own_names(last):
    zhou = watermark.Mark("周敏 (zhou)", AT, LAST)
    first, second = brief.made(last, None, "zh", "pdf", mark=WANG), brief.made(last, None, "zh", "pdf", mark=zhou)
    texts = [" ".join(PdfReader(io.BytesIO(b)).pages[0].extract_text().split()) for b in (first, second)]
    assert "王芳 (wang)" in texts[0] and "周敏 (zhou)" not in texts[0]
    assert "周敏 (zhou)" in texts[1] and len(PdfReader(io.BytesIO(second)).pages) == 1
    sheet = openpyxl.load_workbook(io.BytesIO(brief.made(last, None, "en", "xlsx", mark=WANG))).worksheets[0]
    assert "Exported by 王芳 (wang), 2026-12-07 16:20" in sheet["A2"].value


def marks(at) -> list[str]:
    return [h.proto.body for h in at.get("html") if "stApp::after" in h.proto.body]


def test_every_page_draws_the_mark_of_who_is_looking_and_the_open_demo_says_so(demo_env):
    at = start(page="views/workforce.py")  # the open demo mode: no account, so the mark says 演示
    assert len(marks(at)) == 1 and urllib.parse.quote("演示 · ") in marks(at)[0]
    assert urllib.parse.quote(f"快照 {LAST}") in marks(at)[0]


def test_the_watermark_can_be_turned_off(demo_env, tmp_path):
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["grassroots_display"] = {"watermark": False}
    at.run()
    at.switch_page("views/workforce.py").run()
    assert not at.exception and marks(at) == [] and metrics(at)
