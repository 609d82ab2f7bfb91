"""One cell of a district's report: text in, typed value out, or the rule it breaks.

A value is published only when there is exactly one way to read it. Anything a district could
have meant two ways (`50,1`: 501 or 50.1?), anything a spreadsheet produced instead of a value
(`#N/A`, `NaN`, `1.50102E+11` in a code column) and anything invisible (control characters) is
refused with a message that says what to do.

Decisions:
- Full-width digits and signs (`１２３`, `－５`, typed with a Chinese input method in full-width
  mode) are read as the ASCII ones: NFKC maps them one to one, the value is the same. This
  applies to numbers, dates, yes/no and codes, never to names (`（社区）` keeps its brackets).
- Thousands separators are accepted only where they group by three (`1,234`, `12,345,678`);
  a full-width comma counts as a comma.
- Leading and trailing white space (including the ideographic space U+3000 and non-breaking
  space) is dropped; it carries no meaning in any column.
- Scientific notation, `NaN`, `Inf`, percent signs and units after a number are refused.
- A whole number may carry a zero fraction (`12.0`, as Excel writes it); `12.5` in a count is refused.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

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


class CellError(ValueError):
    """A cell that cannot be published: the rule, a message for the district, what to do."""

    def __init__(self, rule: str, message: str, hint: str = ""):
        super().__init__(message)
        self.rule, self.message, self.hint = rule, message, hint


def invisible_character(text: str) -> str | None:
    """The first control or format character (NUL, zero-width space, BOM, U+FFFD …), named, or None."""
    if text.isprintable() and "\ufffd" not in text:  # the usual case, in C: no Cc or Cf character at all
        return None
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Cf") or ch == "\ufffd":
            name = unicodedata.name(ch, "")
            if ch == "\ufffd":
                name = "乱码替换符 REPLACEMENT CHARACTER"
            elif not name:
                name = {"\x00": "NUL", "\t": "TAB", "\n": "LF 换行", "\r": "CR 回车"}.get(ch, "CONTROL")
            return f"U+{ord(ch):04X}（{name}）"
    return None


def is_code(col: Column) -> bool:
    """Columns holding an identifier (district, unit, grid, point, team codes and ids)."""
    return col.ref is not None or col.name.endswith(("_code", "_id"))


def parse_cell(col: Column, raw: str):
    """The typed value of a cell, or raise CellError."""
    text = raw.strip()
    if text.upper() in EXCEL_ERRORS:
        raise CellError("excel_error", f"单元格是 Excel 错误值“{text}”，不是数据",
                        "请修正该单元格的公式，或直接填写数值")
    bad = invisible_character(text)
    if bad:
        raise CellError("control_character", f"含有不可见的控制字符 {bad}",
                        "请删除该单元格内容后重新输入（不要从网页或聊天软件直接粘贴）")
    if text == "":
        if col.nullable:
            return None
        raise CellError("required", "必填项为空", "请填写；没有的数量请填 0")
    if col.dtype == "str":
        value = _code(text) if is_code(col) else text
    elif col.dtype in ("int", "float"):
        value = _number(col, text)
    elif col.dtype == "date":
        value = _date(text)
    elif col.dtype == "bool":
        key = unicodedata.normalize("NFKC", text).lower()
        if key not in _BOOL:
            raise CellError("wrong_type", f"应为 是/否，实际为“{text}”", "请填写“是”或“否”")
        value = _BOOL[key]
    else:  # pragma: no cover - schema typo
        raise AssertionError(col.dtype)
    if col.choices and value not in col.choices:
        raise CellError("unknown_value", f"“{text}”不在允许的取值内：{'、'.join(col.choices)}",
                        "请从模板“填报说明”中的可选值里选一个")
    return value


def _code(text: str) -> str:
    if text.isascii() and text.isalnum():  # the usual case: nothing to normalise, no exponent
        return text
    code = unicodedata.normalize("NFKC", text)
    if _SCIENTIFIC.fullmatch(code):
        raise CellError("code_as_number", f"代码被 Excel 显示成了科学计数法“{text}”，原来的代码已经丢失",
                        "请把该列设为“文本”格式后重新填写完整代码")
    return code


def _number(col: Column, text: str) -> float | int:
    if col.dtype == "int" and text.isascii() and text.isdigit():  # the usual case: plain digits
        return _bounded(col, int(text), text)
    normal = unicodedata.normalize("NFKC", text).translate(_MINUS)
    if _NOT_A_NUMBER.fullmatch(normal):
        raise CellError("not_a_number", f"“{text}”不是数值（NaN/无穷大）", "请填写实际数值；没有的请填 0")
    if _SCIENTIFIC.fullmatch(normal):
        raise CellError("wrong_type", f"数值写成了科学计数法“{text}”，可能已丢失位数", "请填写完整的数字")
    if not _NUMBER.fullmatch(normal):
        if "," in normal and _LOOKS_NUMERIC.fullmatch(normal):
            raise CellError("thousands_separator", f"千分位逗号的位置不对：“{text}”，无法确定是哪个数",
                            "请去掉逗号重新填写（如 1234 或 1,234）；小数请用小数点")
        kind = "整数" if col.dtype == "int" else "数字"
        raise CellError("wrong_type", f"应为{kind}，实际为“{text}”", "只填数字，不要带单位、百分号或文字；没有的请填 0")
    number = float(normal.replace(",", ""))
    if col.dtype == "int":
        if not number.is_integer():
            raise CellError("wrong_type", f"应为整数，实际为“{text}”", "请填写整数")
        number = int(number)
    return _bounded(col, number, text)


def _bounded(col: Column, number: float | int, text: str) -> float | int:
    if col.min is not None and number < col.min:
        rule = "negative" if number < 0 else "out_of_range"
        raise CellError(rule, f"数值 {text} 小于下限 {col.min:g}", "请核对：数量不能为负数")
    if col.max is not None and number > col.max:
        raise CellError("implausible", f"数值 {text} 超过合理上限 {col.max:g}，请核对是否多输了位数",
                        "请核对原始台账后重新填写")
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
        raise CellError("wrong_type", f"应为日期（如 2026-05-29），实际为“{text}”", "请按 年-月-日 填写，如 2026-05-29")
    return value
