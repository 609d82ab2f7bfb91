"""The words messages are made of: names of types, formats, delimiters, characters, districts and
columns in both languages, and the specs a template writes a field by (`{column:column}`)."""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path

from grassroots.catalogue import fmt
from grassroots.catalogue.figures import FIGURES
from grassroots.catalogue.tables import CITY_INDICATORS, TABLES

PER_KIND = 20  # detailed problems shown per (file, rule, column) before a summary line
CLIP = 20  # characters a message quotes of a text too long to quote whole
MAX_TEXT = 2000  # characters a text field keeps (a cell quoted in full could be 32,767 of them)
REF_DIR = Path(__file__).resolve().parents[3] / "data" / "ref"


# ------------------------------------------------------------------ words the messages use
TYPE_WORDS = {"int": ("整数", "a whole number"), "float": ("数字", "a number"), "date": ("日期", "a date"),
              "bool": ("是/否", "yes or no"), "str": ("文本", "text")}
# File formats a report cannot be read in, by extension (the inbox and the desk's gate refuse them).
OLD_FORMATS = {".xls": ("Excel 97-2003 工作簿（.xls）", "Excel 97-2003 workbook (.xls)"),
               ".xlsm": ("启用宏的工作簿（.xlsm）", "macro-enabled workbook (.xlsm)"),
               ".et": ("WPS 表格（.et）", "WPS spreadsheet (.et)"),
               ".ods": ("OpenDocument 表格（.ods）", "OpenDocument spreadsheet (.ods)"),
               ".numbers": ("Numbers 表格", "Numbers spreadsheet"),
               ".xlsb": ("Excel 二进制工作簿（.xlsb）", "Excel binary workbook (.xlsb)")}
# What an upload's bytes turned out to be (grassroots/desk/upload.py: content_kind).
CONTENT_KINDS = {"xlsx": ("Excel 工作簿（.xlsx）", "an Excel workbook (.xlsx)"),
                 "xlsm": ("启用宏的 Excel 工作簿（.xlsm）", "a macro-enabled Excel workbook (.xlsm)"),
                 "xlsb": ("Excel 二进制工作簿（.xlsb）", "an Excel binary workbook (.xlsb)"),
                 "ods": ("OpenDocument 表格（.ods）", "an OpenDocument spreadsheet (.ods)"),
                 "docx": ("Word 文档", "a Word document"), "zip": ("压缩包", "a zip archive"),
                 "ole": ("Excel 97-2003（.xls）、WPS 或 Word 旧格式文件", "an Excel 97-2003 (.xls), WPS or old Word file"),
                 "pdf": ("PDF 文件", "a PDF file"), "image": ("图片", "a picture"),
                 "binary": ("二进制文件（不是表格）", "a binary file (not a table)"), "text": ("文本（CSV）", "text (CSV)"),
                 "empty": ("空文件", "an empty file")}
DELIMITERS = {"\t": ("制表符", "tabs"), ";": ("分号", "semicolons"), "；": ("中文分号", "full-width semicolons")}
CONTROL_NAMES = {"\x00": ("NUL", "NUL"), "\t": ("TAB", "TAB"), "\n": ("LF 换行", "LF line feed"),
                 "\r": ("CR 回车", "CR carriage return"), "\ufffd": ("乱码替换符 REPLACEMENT CHARACTER", "REPLACEMENT CHARACTER")}
UNNAMED = {"Co": ("私用区字符", "PRIVATE USE"), "Cs": ("半个代理对", "SURROGATE")}  # code points without a Unicode name
WRITE_REASONS = {"ENOSPC": ("磁盘空间已满", "the disk is full"), "EROFS": ("数据目录是只读的", "the data folder is read-only"),
                 "EACCES": ("没有写入数据目录的权限", "no permission to write the data folder"),
                 "EPERM": ("没有写入数据目录的权限", "no permission to write the data folder"),
                 "EDQUOT": ("超出磁盘配额", "the disk quota is exceeded")}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


@cache
def _districts() -> dict[str, tuple[str, str]]:
    with (REF_DIR / "districts.csv").open(encoding="utf-8-sig", newline="") as f:
        return {r["district_code"]: (r["district_name"], r["district_name_en"]) for r in csv.DictReader(f)}


@cache
def _brands() -> dict[str, str]:
    with (REF_DIR / "deliberation_brands.csv").open(encoding="utf-8-sig", newline="") as f:
        return {r["brand_name"]: r["brand_name_en"] for r in csv.DictReader(f)}


def district_name(code: str | None, lang: str = "zh") -> str:
    """A district's name from the reference list; an unknown code as it is."""
    pair = _districts().get(code or "")
    return _pick(pair, lang) if pair else str(code)


def column_label(table: str | None, name: str, lang: str = "zh") -> str:
    """A catalogued column as the template labels it: 担任正职（heads） / heads (heads)."""
    t = TABLES.get(table or "")
    col = next((c for c in t.columns if c.name == name), None) if t else None
    if col is None:
        return name
    return f"{col.en} ({name})" if lang == "en" else f"{col.zh}（{name}）"


def _join(items, lang: str) -> str:
    return (", " if lang == "en" else "、").join(str(x) for x in items)


def _size(n: int) -> str:
    return f"{n / 2**20:.0f} MB" if n >= 2**20 else f"{n / 2**10:.0f} KB"


def _gib(n: int) -> str:
    return f"{n / 2**30:g} GiB" if n >= 2**30 else f"{n / 2**20:.0f} MB"


def _bare_column(name, fields, lang) -> str:
    col = TABLES[fields["table"]].column(name)
    return col.en if lang == "en" else col.zh


def _char(codepoint, fields, lang) -> str:
    ch = chr(codepoint)
    pair = CONTROL_NAMES.get(ch) or UNNAMED.get(unicodedata.category(ch) if not unicodedata.name(ch, "") else "")
    name = _pick(pair, lang) if pair else (unicodedata.name(ch, "") or "CONTROL")
    return f"U+{codepoint:04X} ({name})" if lang == "en" else f"U+{codepoint:04X}（{name}）"


def _format(suffix, fields, lang) -> str:
    if suffix in OLD_FORMATS:
        return _pick(OLD_FORMATS[suffix], lang)
    if lang == "en":
        return f"a “{suffix}” file" if suffix else "a file without an extension"
    return f"“{suffix or '无扩展名'}”文件"


def _held(value, fields, lang) -> str:
    """A value of the column `agree` of the problem's table, as a reader knows it: a district by its name."""
    if TABLES[fields["table"]].column(fields["agree"]).ref == "district":
        return f"{district_name(value, lang)} ({value})" if lang == "en" else f"{district_name(value, lang)}（{value}）"
    return str(value)


def _figure_unit(figure_id, fields, lang) -> str:
    f = FIGURES[figure_id]
    if lang == "en":
        return f" {f.unit_en}" if f.unit_en else ""
    return f.unit_zh


def _reason(code, fields, lang) -> str:
    pair = WRITE_REASONS.get(str(code))
    return _pick(pair, lang) if pair else str(fields.get("error", code))


# How a field is written after the colon of a placeholder: (value, all fields, language) -> text.
SPECS: dict[str, Callable[[object, Mapping, str], str]] = {
    "report": lambda v, f, lang: (TABLES[v].en if lang == "en" else TABLES[v].zh) if v in TABLES else str(v),
    "column": _bare_column,
    "held": _held,
    "district": lambda v, f, lang: district_name(v, lang),
    "scope": lambda v, f, lang: ("the city" if lang == "en" else "全市") if v is None else district_name(v, lang),
    "figure": lambda v, f, lang: (FIGURES[v].en if lang == "en" else FIGURES[v].zh) if v in FIGURES else str(v),
    "unit": _figure_unit,
    "indicator": lambda v, f, lang: _pick(CITY_INDICATORS[v][:2], lang) if v in CITY_INDICATORS else str(v),
    "brand": lambda v, f, lang: (_brands().get(v) or v) if lang == "en" else v,
    "number": lambda v, f, lang: fmt.number(v, lang),
    "type": lambda v, f, lang: _pick(TYPE_WORDS[v], lang) if v in TYPE_WORDS else str(v),
    "format": _format,
    "content": lambda v, f, lang: _pick(CONTENT_KINDS[v], lang) if v in CONTENT_KINDS else str(v),
    "delimiter": lambda v, f, lang: _pick(DELIMITERS[v], lang) if v in DELIMITERS else repr(v),
    "char": _char,
    "codepoint": lambda v, f, lang: f"U+{v:04X}",
    "reason": _reason,
    "list": lambda v, f, lang: _join(v, lang),
    "clip": lambda v, f, lang: str(v) if len(str(v)) <= CLIP else str(v)[:CLIP] + "…",  # the start of a long text
    "size": lambda v, f, lang: _size(v),
    "mb": lambda v, f, lang: f"{v / 2**20:.0f}",
    "mb1": lambda v, f, lang: f"{v / 2**20:.1f}",
    "gib": lambda v, f, lang: _gib(v),
}
NULLABLE_SPECS = {"scope"}  # a missing field is a word too: the whole city


# ------------------------------------------------------------------ render functions of list messages
def _movers(fields: Mapping, lang: str) -> str:
    """'。变化来自：新城区 1,544 → 无数据、玉泉区 830 → 812': the districts that moved a city's figure most."""
    movers = fields.get("movers") or ()
    if not movers:
        return ""
    none = "no data" if lang == "en" else "无数据"
    shown = _join((f"{district_name(d, lang)} {none if b is None else fmt.number(b, lang)} → "
                   f"{none if a is None else fmt.number(a, lang)}" for d, b, a in movers), lang)
    total = fields.get("moved", len(movers))
    if lang == "en":
        return f". It comes from: {shown}" + (f" ({total} districts in all)" if total > len(movers) else "")
    return f"。变化来自：{shown}" + (f" 等 {total} 个旗县区" if total > len(movers) else "")


def _inside(fields: Mapping, lang: str) -> str:
    """'（含 a.csv、b.csv 等 7 个）': what a sub-folder holds; nothing when it could not be listed."""
    if "count" not in fields:
        return ""
    contents, count = fields.get("contents") or (), fields["count"]
    if not count:
        return " (empty)" if lang == "en" else "（空）"
    if lang == "en":
        return f" (holding {_join(contents, lang)}" + (f", {count} in all)" if count > len(contents) else ")")
    return f"（含 {_join(contents, lang)}" + (f" 等 {count} 个）" if count > len(contents) else "）")
