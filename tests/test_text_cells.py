"""Text the way Hohhot writes it: Chinese, Mongolian script with its format characters, office
punctuation and line breaks are read; invisible and bidirectional controls and private-use
characters are refused naming the code point; a text longer than its column's declared limit is
refused naming the limit. Tested by property over every text column of the catalogue. A CSV that
decodes as GB18030 but is Big5 is refused naming Big5; GBK and UTF-8 files of Hohhot's real
division names (圐圙, 墕 …) and Traditional characters saved as GBK pass."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grassroots.catalogue.rules import CellError, FileProblem
from grassroots.catalogue.tables import REPORTS
from grassroots.intake import fastcells
from grassroots.intake.cells import is_code, parse_cell
from grassroots.intake.textfile import decode

REF = Path(__file__).resolve().parents[1] / "data" / "ref" / "hohhot_divisions"
NAMES = [c for t in REPORTS for c in t.columns if c.dtype == "str" and not is_code(c) and not c.choices]
MONGOLIAN = st.text(st.characters(min_codepoint=0x1820, max_codepoint=0x1878), min_size=1, max_size=8)
FORMAT = st.sampled_from("\u180b\u180c\u180d\u180e\u180f\u200c\u200d\u202f")  # FVS1-3, MVS, FVS4, ZWNJ, ZWJ, NNBSP
CHINESE = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=8)
PUNCT = st.sampled_from("（）《》·—、，。：；“”‘’【】〔〕…-")
REFUSED = [0x0000, 0x0009, 0x001F, 0x007F, 0x0085, 0x009F, 0x00AD, 0x061C, 0x200B, 0x200E, 0x200F, 0x2060,
           0x2061, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF, 0xFFF9,
           0xFFFD, 0xE000, 0xF8FF]


def typed_both_ways(col, text: str):
    """parse_cell's value, after checking the vectorised reader agrees whenever it calls the cell plain."""
    import polars as pl

    values, plain = fastcells.typed(col, pl.Series([text], dtype=pl.String))
    value = parse_cell(col, text)
    if plain[0]:
        assert values[0] == value, (text, values[0], value)
    return value


@settings(max_examples=200, deadline=None)
@given(col=st.sampled_from(NAMES), parts=st.lists(MONGOLIAN | CHINESE | PUNCT | FORMAT.map(lambda f: "ᠮ" + f + "ᠣ"),
                                                   min_size=1, max_size=6))
def test_mongolian_chinese_and_office_punctuation_are_read_as_typed(col, parts):
    text = "".join(parts)[: col.max_length].strip()
    if not text:
        return
    assert typed_both_ways(col, text) == text


@settings(max_examples=200, deadline=None)
@given(col=st.sampled_from(NAMES), first=CHINESE | MONGOLIAN, second=CHINESE | MONGOLIAN,
       brk=st.sampled_from(["\n", "\r\n", "\r", " \n ", "\n\n", "\u3000\r\n", "\u2028"]))
def test_a_line_break_in_a_name_becomes_one_space(col, first, second, brk):
    assert typed_both_ways(col, first + brk + second) == first + " " + second


@settings(max_examples=200, deadline=None)
@given(col=st.sampled_from(NAMES), before=CHINESE, after=CHINESE | MONGOLIAN, bad=st.sampled_from(REFUSED))
def test_invisible_bidirectional_and_private_use_characters_are_refused_naming_the_code_point(col, before, after, bad):
    with pytest.raises(CellError) as err:
        typed_both_ways(col, before + chr(bad) + after)
    problem = err.value.problem(file="f.csv", row=2, table=next(t.name for t in REPORTS if col in t.columns), column=col.name)
    assert problem.rule == "control_character"
    assert f"U+{bad:04X}" in problem.message_in("zh") and f"U+{bad:04X}" in problem.message_in("en")
    if unicodedata.category(chr(bad)) != "Co":
        assert (unicodedata.name(chr(bad), "") or "U+") in problem.message_in("en") or bad in (0x0009, 0x0085)


@pytest.mark.parametrize("mark", ["\u180e", "\u200c", "\u200d"])
def test_mongolian_format_characters_outside_mongolian_text_are_refused(mark):
    col = NAMES[0]
    with pytest.raises(CellError) as err:
        parse_cell(col, "新城区" + mark + "志愿队")
    assert err.value.fields["codepoint"] == ord(mark)


@settings(max_examples=100, deadline=None)
@given(col=st.sampled_from(NAMES), extra=st.integers(1, 10_000), ch=st.sampled_from("字ᠮa"))
def test_a_text_longer_than_its_column_allows_is_refused_naming_the_limit(col, extra, ch):
    assert col.max_length is not None  # shared.toml gives every text column one
    assert typed_both_ways(col, ch * col.max_length) == ch * col.max_length
    with pytest.raises(CellError) as err:
        typed_both_ways(col, ch * (col.max_length + extra))
    assert err.value.rule == "too_long" and err.value.fields["expected"] == col.max_length


def test_every_real_division_name_of_hohhot_is_read_as_written():
    names = _division_names()
    unit_name = next(c for t in REPORTS for c in t.columns if c.name == "unit_name")
    assert len(names) > 900
    assert [n for n in names if typed_both_ways(unit_name, n) != n] == []


TRADITIONAL = ["新城區巾幗志願服務團", "賽罕區法律援助工作站", "回民區環河街道辦事處", "土默特左旗察素齊鎮", "婦女聯合會",
               "和林格爾縣城關鎮", "託克託縣雙河鎮", "網格員隊伍建設", "社區工作者協會", "玉泉區小召前街街道"]


@settings(max_examples=100, deadline=None)
@given(names=st.lists(st.sampled_from(TRADITIONAL), min_size=1, max_size=20))
def test_a_big5_file_is_refused_naming_the_likely_encoding(names):
    data = ("隊伍名稱\r\n" + "\r\n".join(names) + "\r\n").encode("big5")
    with pytest.raises(FileProblem) as err:
        decode(data)
    problem = err.value.problem("teams.csv")
    assert (problem.rule, problem.variant) == ("encoding", "big5")
    assert "Big5（繁体）" in problem.message_in("zh") and "Big5" in problem.message_in("en")


def _division_names() -> list[str]:
    return sorted({r["name"] for f in REF.glob("*.csv") for r in csv.DictReader(f.open(encoding="utf-8-sig"))})


@settings(max_examples=100, deadline=None)
@given(names=st.lists(st.sampled_from(_division_names()), min_size=1, max_size=30),
       encoding=st.sampled_from(["gb18030", "utf-8", "utf-8-sig"]), traditional=st.booleans())
def test_gbk_and_utf8_files_of_real_names_pass_rare_characters_and_traditional_ones_too(names, encoding, traditional):
    names = names + (TRADITIONAL[:3] if traditional else [])  # Traditional characters saved as GBK are GBK
    text = "名称\r\n" + "\r\n".join(names) + "\r\n"
    assert decode(text.encode(encoding))[0] == text.removeprefix("\ufeff")
