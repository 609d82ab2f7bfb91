"""One cell of a district's report: text in, typed value out, or the rule it breaks.

A value is published only when there is exactly one way to read it. Anything a district could
have meant two ways (`50,1`: 501 or 50.1?), anything a spreadsheet produced instead of a value
(`#N/A`, `NaN`, `1.50102E+11` in a code column) and anything invisible (control characters) is
refused with the rule it breaks (a CellError: the rule, its variant and the cell's value; the
catalogue, grassroots/catalogue/rules/, words it).

Decisions:
- Full-width digits and signs (`１２３`, `－５`, typed with a Chinese input method in full-width
  mode) are read as the ASCII ones: NFKC maps them one to one, the value is the same. This
  applies to numbers, dates, yes/no and codes, never to names (`（社区）` keeps its brackets).
- Thousands separators are accepted only where they group by three (`1,234`, `12,345,678`);
  a full-width comma counts as a comma.
- Leading and trailing white space (including the ideographic space U+3000 and non-breaking
  space) is dropped; it carries no meaning in any column.
- A cell holding `="…"` (a CSV export's trick to keep a long code from turning into a number) is
  the text between the quotes, as Excel shows it.
- Scientific notation, `NaN`, `Inf`, percent signs and units after a number are refused.
- A whole number may carry a zero fraction (`12.0`, as Excel writes it); `12.5` in a count is refused.
- A line break inside a text cell (Alt+Enter in Excel; LF, CRLF, CR or U+2028/2029) becomes one
  space, with the blanks around it: a name is one line everywhere it is shown. In a code, number
  or date it is refused like any control character.
- Text is read as this city writes it: Chinese, Mongolian script with the format characters it
  needs (the free variation selectors U+180B–180D and U+180F, the vowel separator U+180E, and
  ZWNJ/ZWJ U+200C/200D, allowed in a cell that holds Mongolian letters), the narrow no-break space
  U+202F, full-width and office punctuation. Refused, naming the code point: control characters,
  invisible and bidirectional format characters (U+200B, U+2060, U+FEFF, U+202A–202E,
  U+2066–2069 …), U+FFFD, and private-use characters (a font's own glyph: no other computer shows it).
- A text column's most characters is declared in the catalogue (`max_length`); a longer cell is refused.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from grassroots.catalogue.rules import CellError  # raised here, declared and worded in the catalogue
from grassroots.catalogue.tables import Column

EXCEL_ERRORS = frozenset({"#N/A", "#DIV/0!", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!",
                          "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"})
_NUMBER = re.compile(r"[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?")
_LOOKS_NUMERIC = re.compile(r"[+-]?[\d,]+(?:\.\d+)?")
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:\.\d+)?[eE][+-]?\d+")
_NOT_A_NUMBER = re.compile(r"[+-]?(?:nan|inf|infinity)", re.IGNORECASE)
_DATE = re.compile(r"(\d{4})(?:[-/.](\d{1,2})[-/.](\d{1,2})|年(\d{1,2})月(\d{1,2})日?|(\d{2})(\d{2}))"
                   r"(?:[ T]00:00(?::00)?)?")
_BOOL = {"1": True, "0": False, "true": True, "false": False, "是": True, "否": False,
         "y": True, "n": False, "yes": True, "no": False}
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-", "\ufe63": "-"})
_LITERAL = re.compile(r'"((?:[^"]|"")*)"')
_MONGOLIAN_LETTER = re.compile(r"[\u1820-\u1878\u1880-\u18aa]")
_MONGOLIAN_FORMAT = frozenset("\u180b\u180c\u180d\u180e\u180f\u200c\u200d")  # FVS1-3, MVS, FVS4, ZWNJ, ZWJ
_REFUSED = frozenset({"Cc", "Cf", "Co", "Cs", "Zl", "Zp"})  # controls, format, private use, surrogates, line/paragraph separators
_BREAK = re.compile(r"[ \u00a0\u3000]*[\r\n\u2028\u2029][ \u00a0\u3000\r\n\u2028\u2029]*")


def invisible_character(text: str) -> int | None:
    """The code point of the first control, invisible or bidirectional format character (NUL,
    zero-width space, BOM, U+202E …), U+FFFD or private-use character, or None; Mongolian's format
    characters are allowed in a text holding Mongolian letters. The catalogue names the code point
    (rules/words.py: the `char` spec)."""
    if text.isprintable() and "\ufffd" not in text:  # the usual case, in C: no Cc, Cf or Co character
        return None
    mongolian = _MONGOLIAN_LETTER.search(text) is not None
    for ch in text:
        if unicodedata.category(ch) in _REFUSED or ch == "\ufffd":
            if not (mongolian and ch in _MONGOLIAN_FORMAT):
                return ord(ch)
    return None


def literal(formula: str) -> str | None:
    """The text a formula that is only a text literal shows (`"150102"`, written without its `=`), or None."""
    m = _LITERAL.fullmatch(formula)
    return m[1].replace('""', '"') if m else None


def one_line(text: str) -> str:
    """A text cell with its line breaks (and the blanks around them) as one space."""
    return _BREAK.sub(" ", text) if ("\n" in text or "\r" in text or "\u2028" in text or "\u2029" in text) else text


def is_code(col: Column) -> bool:
    """Columns holding an identifier (district, unit, grid, point, team codes and ids)."""
    return col.ref is not None or col.name.endswith(("_code", "_id"))


def parse_cell(col: Column, raw: str):
    """The typed value of a cell, or raise CellError."""
    text = raw.strip()
    if text.startswith('="') and literal(text[1:]) is not None:  # the `="…"` trick: Excel shows the text
        text = literal(text[1:]).strip()
    if text.upper() in EXCEL_ERRORS:
        raise CellError("excel_error", value=text)
    if col.dtype == "str" and not is_code(col):
        text = one_line(text)
    bad = invisible_character(text)
    if bad is not None:
        raise CellError("control_character", "private_use" if unicodedata.category(chr(bad)) == "Co" else "", codepoint=bad)
    if text == "":
        if col.nullable:
            return None
        raise CellError("required")
    if col.dtype == "str":
        value = _code(text) if is_code(col) else text
        if col.max_length is not None and len(value) > col.max_length:
            raise CellError("too_long", value=value, expected=col.max_length, length=len(value))
    elif col.dtype in ("int", "float"):
        value = _number(col, text)
    elif col.dtype == "date":
        value = _date(text)
    elif col.dtype == "bool":
        key = unicodedata.normalize("NFKC", text).lower()
        if key not in _BOOL:
            raise CellError("wrong_type", "yes_no", value=text, expected=col.dtype)
        value = _BOOL[key]
    else:  # pragma: no cover - schema typo
        raise AssertionError(col.dtype)
    if col.choices and value not in col.choices:
        raise CellError("unknown_value", value=text, expected=col.choices)
    return value


def _code(text: str) -> str:
    if text.isascii() and text.isalnum():  # the usual case: nothing to normalise, no exponent
        return text
    code = unicodedata.normalize("NFKC", text)
    if _SCIENTIFIC.fullmatch(code):
        raise CellError("code_as_number", value=text)
    return code


def _number(col: Column, text: str) -> float | int:
    if col.dtype == "int" and text.isascii() and text.isdigit():  # the usual case: plain digits
        return _bounded(col, int(text), text)
    normal = unicodedata.normalize("NFKC", text).translate(_MINUS)
    if _NOT_A_NUMBER.fullmatch(normal):
        raise CellError("not_a_number", value=text)
    if _SCIENTIFIC.fullmatch(normal):
        raise CellError("wrong_type", "scientific", value=text, expected=col.dtype)
    if not _NUMBER.fullmatch(normal):
        if "," in normal and _LOOKS_NUMERIC.fullmatch(normal):
            raise CellError("thousands_separator", value=text)
        raise CellError("wrong_type", value=text, expected=col.dtype)  # 应为整数 / 应为数字
    number = float(normal.replace(",", ""))
    if col.dtype == "int":
        if not number.is_integer():
            raise CellError("wrong_type", "fraction", value=text, expected=col.dtype)
        number = int(number)
    return _bounded(col, number, text)


def _bounded(col: Column, number: float | int, text: str) -> float | int:
    if col.min is not None and number < col.min:
        if number < 0:
            raise CellError("negative", value=text, expected=f"{col.min:g}")
        raise CellError("out_of_range", value=text, expected=f"{col.min:g}")
    if col.max is not None and number > col.max:
        raise CellError("implausible", value=text, expected=f"{col.max:g}")
    return number


def _date(text: str) -> dt.date:
    m = _DATE.fullmatch(unicodedata.normalize("NFKC", text))
    value = None
    if m:
        year = int(m[1])
        month, day = next((int(a), int(b)) for a, b in ((m[2], m[3]), (m[4], m[5]), (m[6], m[7])) if a)
        try:
            value = dt.date(year, month, day)
        except ValueError:
            value = None
    if value is None:
        raise CellError("wrong_type", "date", value=text, expected="date")
    return value
