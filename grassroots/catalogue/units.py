"""Units, declared once: the Chinese unit of each figure and column, and its English.

Most Chinese units are measure words (个、名、项、块 …): English counts without one, the label
saying what is counted ("Communities 450"), so their English is empty and a card says "count".
Only units English has a word for are written out."""

from __future__ import annotations

MEASURE_WORDS = ("个", "名", "人", "项", "块", "面", "份", "件", "场", "次", "处", "支", "家", "起", "项次")
PEOPLE = ("名", "人", "人次")  # units that count people: small values are suppressed (outputs/privacy.py)
WORDS_EN = {"年": "year", "人次": "person-times", "场次": "sessions", "件次": "cases", "行": "rows", "%": "%"}


def english(unit_zh: str) -> str:
    """The English of a unit: "" for a measure word (and for no unit); a KeyError for an undeclared one."""
    if unit_zh == "" or unit_zh in MEASURE_WORDS:
        return ""
    return WORDS_EN[unit_zh]


def card_text(unit_zh: str, lang: str) -> str:
    """The unit as a 口径 card states it."""
    if lang != "en":
        return unit_zh
    return english(unit_zh) or "count"
