"""The catalogue's English: every figure, table and column declares its 口径 in both languages, and the
English 口径 cards never fall back to the Chinese (cards.pick)."""

from __future__ import annotations

import re

import pytest

from grassroots.catalogue import cards, figures, units
from grassroots.catalogue.tables import DERIVED, TABLES

# CJK ideographs, radicals, CJK punctuation, kana and full-width forms (（）：；，…).
CJK = re.compile(r"[\u2e80-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")

# Chinese deliberately kept inside an English text (a proper name, a quoted term): text -> reason.
# None today; add an entry here, with its reason, rather than loosening the check.
DELIBERATE_CHINESE: dict[str, str] = {}


def chinese_in(text: str) -> list[str]:
    for kept in DELIBERATE_CHINESE:
        text = text.replace(kept, "")
    return CJK.findall(text)


def reported_columns():
    return [(table, col) for table in TABLES.values() for col in table.columns]


def column_id(item) -> str:
    table, col = item
    return f"{table.name}.{col.name}" if table else col.name


ALL_COLUMNS = reported_columns() + [(None, col) for col in DERIVED.values()]


def test_every_figure_has_its_meaning_and_rule_in_english():
    for f in figures.FIGURES.values():
        assert f.meaning_en.strip() and f.rule_en.strip(), f.id
        assert chinese_in(f.meaning_en) == [] and chinese_in(f.rule_en) == [], f.id


def test_every_table_has_its_definition_and_source_in_english():
    for t in TABLES.values():
        assert t.definition_en.strip() and t.source_en.strip(), t.name
        assert chinese_in(t.definition_en) == [] and chinese_in(t.source_en) == [], t.name


@pytest.mark.parametrize("item", ALL_COLUMNS, ids=column_id)
def test_every_column_has_its_definition_in_english(item):
    _, col = item
    assert col.definition_en.strip()
    assert chinese_in(col.definition_en) == []


@pytest.mark.parametrize("figure_id", list(figures.FIGURES))
def test_english_figure_card_has_no_chinese(figure_id):
    for heading, text in cards.of_figure(figure_id).lines("en"):
        assert text.strip(), heading
        assert chinese_in(heading) == [] and chinese_in(text) == [], (heading, text)


@pytest.mark.parametrize("item", ALL_COLUMNS, ids=column_id)
def test_english_column_card_has_no_chinese(item):
    table, col = item
    for heading, text in cards.of_column(col, table).lines("en"):
        assert text.strip(), heading
        assert chinese_in(heading) == [] and chinese_in(text) == [], (heading, text)


def test_every_unit_is_declared_with_its_english():
    """A unit no one declared (a new column's 小时, say) fails here, not as a KeyError on a page."""
    declared = {*units.MEASURE_WORDS, *units.WORDS_EN, ""}
    used = ({c.unit for t in TABLES.values() for c in t.columns} | {c.unit for c in DERIVED.values()}
            | {f.unit_zh for f in figures.FIGURES.values()})
    assert used <= declared, used - declared
    assert units.card_text("个", "en") == "count" and units.card_text("人次", "en") == "person-times"
