"""What the refresh tells a district: problems (nothing is published) and notes (published anyway).

Every problem names the file, the row as Excel numbers it, the column as the template labels
it, the rule broken, and what to do. Problems of one kind in one file and column are capped, so a
whole column typed wrong reads as a few examples and a count, not thousands of lines.

**Problems are data.** A `Problem` holds a rule id, the variant of its wording, and fields: where
(file, Excel row, table and column), what about (district, the cell's value, what was expected)
and any other field its template names (`extra`, sorted pairs). Its message and hint are rendered
from the rule's declaration below, in Chinese or English, whenever someone reads them; nothing
decides anything by the words. Creating a problem with an unknown rule or variant, or without a
field its wording needs, raises ValueError at once, so a typo never reaches a district.

**One declaration per rule** (`_rule(...)` below): its short name (zh, en), and per variant the
message and hint templates in both languages. A template names its fields, `{value}`; a field
that is a word and not a value is written per language by a spec after the colon, from the
catalogue: `{table:report}` the report's label, `{column:column}` a column's label, `{district:district}`
a district's name (reference data), `{figure:figure}` a figure's name, `{expected:type}` 整数 / a
whole number … (`SPECS` lists them all; any other spec is Python's format, `{limit:,}`). A rule whose
message is built from a list (the districts that moved a figure, a sub-folder's files) declares a
small render function for that placeholder (`derive`). A field's value is inserted as it is:
a cell holding Markdown or HTML comes out unchanged, escaping is the page's business.

**The column slot** ("列「…」" in the one-line form) shows, from the first field present:
- `column`, a catalogued column, carried as the column's name with the report's `table`: it is
  rendered as the template labels it in the reader's language, 担任正职（heads） / heads (heads),
  and a name that is not a column of the table is refused at creation. A tuple of names is a
  key of several columns. Carried by name, not as the Chinese label, so that English readers get
  the English label and code compares names, not text;
- `header`, a header cell as the district typed it (an unknown column): shown as typed, in both
  languages, because it is the district's own words;
- `position`, a column the header does not name, by its number: 第3列 / column 3;
- `figure`, a headline figure (a week-on-week change): 社区工作者（community_workers）.

`str(problem)` is the one-line Chinese form the command line prints; `line("en")` the English one.
Problems travel as JSON field by field (`as_json`, `from_json`) and come back equal.
"""

from __future__ import annotations

import csv
import datetime as dt
import string
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from grassroots.catalogue import fmt
from grassroots.catalogue.figures import FIGURES
from grassroots.catalogue.tables import CITY_INDICATORS, TABLES

PER_KIND = 20  # detailed problems shown per (file, rule, column) before a summary line
MAX_TEXT = 2000  # characters a text field keeps (a cell quoted in full could be 32,767 of them)
REF_DIR = Path(__file__).resolve().parents[2] / "data" / "ref"


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
    pair = CONTROL_NAMES.get(ch)
    name = _pick(pair, lang) if pair else (unicodedata.name(ch, "") or "CONTROL")
    return f"U+{codepoint:04X} ({name})" if lang == "en" else f"U+{codepoint:04X}（{name}）"


def _format(suffix, fields, lang) -> str:
    if suffix in OLD_FORMATS:
        return _pick(OLD_FORMATS[suffix], lang)
    if lang == "en":
        return f"a “{suffix}” file" if suffix else "a file without an extension"
    return f"“{suffix or '无扩展名'}”文件"


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
    "reason": _reason,
    "list": lambda v, f, lang: _join(v, lang),
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


# ------------------------------------------------------------------ the declarations
@dataclass(frozen=True)
class Wording:
    """A variant's message and hint (what to do), in Chinese and in English."""

    zh: str
    hint_zh: str
    en: str
    hint_en: str

    def template(self, part: str, lang: str) -> str:
        if part == "hint":
            return self.hint_en if lang == "en" else self.hint_zh
        return self.en if lang == "en" else self.zh


W = Wording
_PARSE = string.Formatter().parse


def placeholders(template: str) -> list[tuple[str, str]]:
    """(field, spec) of every placeholder of a template."""
    return [(name, spec or "") for _, name, spec, _ in _PARSE(template) if name is not None]


@dataclass(frozen=True)
class Rule:
    id: str
    zh: str  # the rule's short name, for the clerk's problem table
    en: str
    wordings: Mapping[str, Wording]  # variant -> wording; "" is the rule's default, if it has one
    derive: Mapping[str, Callable[[Mapping, str], str]] = field(default_factory=dict)  # placeholder -> render function
    optional: frozenset[str] = frozenset()  # fields a template may do without (the render function decides)
    _needs: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)  # by variant, once

    def needs(self, variant: str) -> frozenset[str]:
        """The fields a problem of this variant must carry (not None)."""
        if variant not in self._needs:
            self._needs[variant] = self._fields_named(variant)
        return self._needs[variant]

    def _fields_named(self, variant: str) -> frozenset[str]:
        w = self.wordings[variant]
        out: set[str] = set()
        for template in (w.zh, w.en, w.hint_zh, w.hint_en):
            for name, spec in placeholders(template):
                if name in self.derive or spec in NULLABLE_SPECS:
                    continue
                out.add(name)
                if spec == "column":
                    out.add("table")
        return frozenset(out - self.optional)


RULES: dict[str, Rule] = {}


def _rule(id: str, zh: str, en: str, wordings: Wording | dict[str, Wording], *,
          derive: dict[str, Callable] | None = None, optional: tuple[str, ...] = ()) -> None:
    assert id not in RULES, id
    RULES[id] = Rule(id, zh, en, {"": wordings} if isinstance(wordings, Wording) else wordings, derive or {},
                     frozenset(optional))


SAVE_AS = ("请在 Excel 中“另存为”→“CSV UTF-8（逗号分隔）”，或在 WPS 中另存为 CSV 后重新报送",
           "In Excel “Save As” → “CSV UTF-8 (Comma delimited)”, or save as CSV in WPS, and hand it in again")
BIG_HINT = ("请按旗县区拆分，删除空行、空列和多余的工作表，另存为 .xlsx 后重新上传",
            "Split it by district, delete blank rows, blank columns and extra sheets, save as .xlsx and upload it again")
CONTACT = ("请稍后再试；仍然不行请联系市委社会工作部", "Try again later; if it still fails, contact the municipal social work department")

# ---- one cell (grassroots/intake/cells.py)
_rule("wrong_type", "格式不对", "wrong type", {
    "": W("应为{expected:type}，实际为“{value}”", "只填数字，不要带单位、百分号或文字；没有的请填 0",
          "should be {expected:type}, but reads “{value}”",
          "Enter digits only, without a unit, a per cent sign or words; enter 0 where there is none"),
    "fraction": W("应为整数，实际为“{value}”", "请填写整数", "should be a whole number, but reads “{value}”",
                  "Enter a whole number"),
    "yes_no": W("应为 是/否，实际为“{value}”", "请填写“是”或“否”", "should be 是/否 (yes/no), but reads “{value}”",
                "Enter “是” (yes) or “否” (no)"),
    "date": W("应为日期（如 2026-05-29），实际为“{value}”", "请按 年-月-日 填写，如 2026-05-29",
              "should be a date (e.g. 2026-05-29), but reads “{value}”", "Enter year-month-day, e.g. 2026-05-29"),
    "scientific": W("数值写成了科学计数法“{value}”，可能已丢失位数", "请填写完整的数字",
                    "the number is written in scientific notation, “{value}”: digits may have been lost",
                    "Enter the number in full"),
})
_rule("not_a_number", "不是数字", "not a number", W(
    "“{value}”不是数值（NaN/无穷大）", "请填写实际数值；没有的请填 0",
    "“{value}” is not a number (NaN/infinity)", "Enter the actual number; enter 0 where there is none"))
_rule("required", "必填项为空", "required", W(
    "必填项为空", "请填写；没有的数量请填 0", "a required cell is empty", "Fill it in; enter 0 for a count that is zero"))
_rule("unknown_value", "不在可选值中", "not an allowed value", W(
    "“{value}”不在允许的取值内：{expected:list}", "请从模板“填报说明”中的可选值里选一个",
    "“{value}” is not one of the allowed values: {expected:list}",
    "Pick one of the allowed values listed on the template's 填报说明 (instructions) sheet"))
_rule("code_as_number", "代码被 Excel 改成了数字", "code turned into a number", W(
    "代码被 Excel 显示成了科学计数法“{value}”，原来的代码已经丢失", "请把该列设为“文本”格式后重新填写完整代码",
    "Excel shows the code in scientific notation, “{value}”: the original code is lost",
    "Format the column as Text, then enter the full codes again"))
_rule("thousands_separator", "千分位有误", "thousands separator", W(
    "千分位逗号的位置不对：“{value}”，无法确定是哪个数", "请去掉逗号重新填写（如 1234 或 1,234）；小数请用小数点",
    "the thousands separators are misplaced, “{value}”: which number is meant cannot be told",
    "Enter it again without commas (e.g. 1234 or 1,234); use a decimal point for decimals"))
_rule("excel_error", "Excel 错误值", "Excel error value", W(
    "单元格是 Excel 错误值“{value}”，不是数据", "请修正该单元格的公式，或直接填写数值",
    "the cell holds the Excel error value “{value}”, not data", "Fix the cell's formula, or enter the value directly"))
_rule("control_character", "不可见字符", "invisible character", W(
    "含有不可见的控制字符 {codepoint:char}", "请删除该单元格内容后重新输入（不要从网页或聊天软件直接粘贴）",
    "contains the invisible control character {codepoint:char}",
    "Clear the cell and type its content again (do not paste it from a web page or a chat app)"))
_rule("negative", "负数", "negative", W(
    "数值 {value} 小于下限 {expected}", "请核对：数量不能为负数",
    "the value {value} is below the minimum, {expected}", "Check it: a count cannot be negative"))
_rule("out_of_range", "小于下限", "below the minimum", W(
    "数值 {value} 小于下限 {expected}", "请核对：数量不能为负数",
    "the value {value} is below the minimum, {expected}", "Check it: a count cannot be negative"))
_rule("implausible", "数值不合理", "implausible value", W(
    "数值 {value} 超过合理上限 {expected}，请核对是否多输了位数", "请核对原始台账后重新填写",
    "the value {value} is above the plausible maximum, {expected}: check for an extra digit",
    "Check the original records and enter it again"))

# ---- the header (grassroots/intake/header.py)
_rule("missing_column", "缺少列", "missing column", W(
    "缺少必需列（{table:report}模板）", "请使用最新模板，不要删除或改名列",
    "a required column is missing (the {table:report} template)", "Use the latest template; do not delete or rename columns"))
_rule("unknown_column", "无法识别的列", "unknown column", W(
    "未知列“{header}”，{table:report}模板中没有这一列", "请按模板的列名填写，或删除这一列",
    "unknown column “{header}”: the {table:report} template has no such column",
    "Use the template's column names, or delete the column"))
_rule("duplicate_column", "列重复", "duplicate column", W(
    "列重复", "同一列只能出现一次", "the column appears twice", "Each column may appear only once"))
_rule("unlabelled_column", "列没有表头", "column without header", W(
    "第 {position} 列没有列名，但有数据", "请补上模板中的列名，或删除这一列",
    "column {position} has no header but holds data", "Add the template's column name, or delete the column"))

# ---- reading a file (grassroots/intake/reports.py, textfile.py, workbook.py)
_rule("repeated_header", "表头重复出现", "repeated header", W(
    "这一行又是一行表头（两个文件拼接在一起？）", "请删除多余的表头行，并核对拼接进来的数据是否完整、是否重复",
    "this row is another header (two files pasted together?)",
    "Delete the extra header row, and check that the pasted data is complete and not repeated"))
_rule("extra_cells", "多出的单元格", "extra cells", W(
    "第 {position} 列没有列名，却有内容“{value}”", "多半是某个单元格里的逗号把一格拆成了两格，或多填了一列；请核对这一行",
    "column {position} has no header, yet holds “{value}”",
    "Most likely a comma inside a cell split it in two, or a column was added: check this row"))
_rule("malformed_csv", "CSV 格式错误", "malformed CSV", W(
    "CSV 格式有误：{error}", "请用 Excel 打开检查后重新另存为 CSV",
    "the CSV is malformed: {error}", "Open it in Excel, check it and save it as CSV again"))
_rule("wrong_delimiter", "分隔符不对", "wrong delimiter", W(
    "文件用{delimiter:delimiter}分隔各列，不是逗号", SAVE_AS[0],
    "the file separates its columns with {delimiter:delimiter}, not commas", SAVE_AS[1]))
_rule("encoding", "编码无法识别", "encoding", {
    "": W("文件编码无法识别：既不是 UTF-8，也不是 GBK/GB18030", SAVE_AS[0],
          "the file's encoding is not recognised: it is neither UTF-8 nor GBK/GB18030", SAVE_AS[1]),
    "utf16": W("文件是 UTF-16 编码（Excel“Unicode 文本”），不是 CSV", SAVE_AS[0],
               "the file is UTF-16 (Excel's “Unicode Text”), not CSV", SAVE_AS[1]),
})
_MIXED_HINT = (SAVE_AS[0] + "；拼接文件时请先把每个文件另存为同一种编码",
               SAVE_AS[1] + "; before pasting files together, save each of them in the same encoding")
_rule("mixed_encoding", "混有两种编码", "mixed encodings", {
    "": W("文件中混有两种编码：前面的行是 UTF-8，从第 {row} 行起出现 GBK 或其他编码 的行（可能是两个文件拼接而成）", _MIXED_HINT[0],
          "the file mixes two encodings: the rows before are UTF-8, from row {row} on there are rows in GBK or another "
          "encoding (two files pasted together?)", _MIXED_HINT[1]),
    "gbk_first": W("文件中混有两种编码：前面的行是 GBK，从第 {row} 行起出现 UTF-8 的行（可能是两个文件拼接而成）", _MIXED_HINT[0],
                   "the file mixes two encodings: the rows before are GBK, from row {row} on there are rows in UTF-8 "
                   "(two files pasted together?)", _MIXED_HINT[1]),
})
_rule("empty_file", "空文件", "empty file", {
    "": W("文件为空", "请填写后重新报送", "the file is empty", "Fill it in and hand it in again"),
    "no_header": W("文件为空（没有表头）", "请使用模板填写", "the file is empty (it has no header)", "Fill in the template"),
    "upload": W("文件是空的（0 字节）", "请确认选对了文件后重新上传", "the file is empty (0 bytes)",
                "Check that you picked the right file, then upload it again"),
})
_rule("empty_report", "只有表头", "header only", W(
    "报表“{table:report}”只有表头，没有数据行", "这张表每周都要报送完整现状，请填写后重新报送",
    "the report “{table:report}” has a header but no data rows",
    "This report states the whole current state every week: fill it in and hand it in again"))
_rule("corrupt_xlsx", "Excel 文件损坏", "broken workbook", {
    "": W("Excel 文件已损坏或不是 xlsx 格式", "请重新保存后报送", "the Excel file is broken or not an xlsx file",
          "Save it again, then hand it in"),
    "not_zip": W("文件不是有效的 xlsx 工作簿", "请确认是 Excel 工作簿；如果是 CSV，请把扩展名改为 .csv",
                 "the file is not a valid xlsx workbook", "Check that it is an Excel workbook; if it is a CSV, rename it to .csv"),
    "entities": W("工作簿中含有 XML 实体声明，Excel 不会这样保存", "请用 Excel 打开后重新保存为 .xlsx",
                  "the workbook holds XML entity declarations, which Excel never writes",
                  "Open it in Excel and save it again as .xlsx"),
    "reader": W("Excel 文件已损坏或不是 xlsx 格式（{error}）", "请用 Excel 打开后重新保存为 .xlsx",
                "the Excel file is broken or not an xlsx file ({error})", "Open it in Excel and save it again as .xlsx"),
})
_rule("no_sheet", "找不到数据表", "no data sheet", W(
    "工作簿的工作表（{sheets:list}）中没有找到“{table:report}”的表头", "请把数据放在第一个工作表，并使用模板的列名",
    "none of the workbook's sheets ({sheets:list}) holds the header of “{table:report}”",
    "Put the data on the first sheet and use the template's column names"))
_rule("ambiguous_sheet", "多个工作表都像数据", "several data sheets", W(
    "多个工作表（{sheets:list}）都像是“{table:report}”，无法确定用哪一个",
    "请只保留一个工作表的数据，或把要报送的工作表命名为报表名称",
    "several sheets ({sheets:list}) look like “{table:report}”: which one to use cannot be told",
    "Keep the data on one sheet only, or name the sheet to hand in after the report"))
_rule("unsupported_format", "文件格式不支持", "unsupported format", {
    "": W("{suffix:format}格式不能读取", "请在 Excel 或 WPS 中“另存为” Excel 工作簿（.xlsx）或 CSV UTF-8 后重新报送",
          "files in the format {suffix:format} cannot be read",
          "In Excel or WPS “Save As” an Excel workbook (.xlsx) or CSV UTF-8, and hand it in again"),
    "upload": W("只接受 .csv 和 .xlsx 文件，这是{suffix:format}",
                "请在 Excel 或 WPS 中“另存为” Excel 工作簿（.xlsx）或 CSV UTF-8 后重新上传",
                "only .csv and .xlsx files are accepted, not this: {suffix:format}",
                "In Excel or WPS “Save As” an Excel workbook (.xlsx) or CSV UTF-8, and upload it again"),
    "ole": W("文件实际是 Excel 97-2003（.xls）格式或设置了打开密码", "请取消密码，另存为 Excel 工作簿（.xlsx）后重新报送",
             "the file is really in the Excel 97-2003 (.xls) format, or has a password to open it",
             "Remove the password, save it as an Excel workbook (.xlsx) and hand it in again"),
})
_rule("wrong_extension", "扩展名与内容不符", "wrong extension", W(
    "文件扩展名是 .csv，但内容是 Excel 工作簿", "请把扩展名改为 .xlsx",
    "the file is named .csv but holds an Excel workbook", "Rename it to .xlsx"))
_rule("too_large", "文件太大", "file too large", {
    "file": W("文件超过 {limit:mb} MB", "请按旗县区拆分成多个文件", "the file is over {limit:mb} MB",
              "Split it into one file per district"),
    "upload": W("文件有 {size:mb1} MB，超过上限 {limit:mb} MB", "请删除多余的工作表、图片或空白行后重新上传；仍然太大请联系市委社会工作部",
                "the file is {size:mb1} MB, over the limit of {limit:mb} MB",
                "Delete extra sheets, pictures or blank rows and upload it again; if it is still too large, contact "
                "the municipal social work department"),
    "directory": W("文件的压缩目录有 {size:size}，超过 {limit:size} 的上限（正常的 Excel 文件只有几 KB）",
                   "请在 Excel 中打开后“另存为” Excel 工作簿（.xlsx）再上传",
                   "the file's zip directory is {size:size}, over the limit of {limit:size} (a normal Excel file's is a few KB)",
                   "Open it in Excel, “Save As” an Excel workbook (.xlsx) and upload that"),
    "unzipped": W("文件解压后有 {size:size}，超过 {limit:size} 的上限", BIG_HINT[0],
                  "the file inflates to {size:size}, over the limit of {limit:size}", BIG_HINT[1]),
    "ratio": W("文件中的“{part}”解压后是压缩时的 {ratio} 倍，超过 {limit} 倍的上限"
               "（正常的 Excel 文件约为 10 倍，这么高只会是大量重复的空行或空单元格）", BIG_HINT[0],
               "“{part}” in the file inflates {ratio} times, over the limit of {limit} times (a normal Excel file "
               "about 10 times: this much is only ever masses of repeated blank rows or cells)", BIG_HINT[1]),
    "rows": W("文件超过 {limit:,} 行的上限（空行也算在内），已停止读取", BIG_HINT[0],
              "the file passes the limit of {limit:,} rows (blank rows count too): reading stopped", BIG_HINT[1]),
    "cells": W("文件超过 {limit:,} 个单元格的上限（按已用区域的行数×列数计算，空单元格也算在内），已停止读取", BIG_HINT[0],
               "the file passes the limit of {limit:,} cells (rows × columns of the used range, blank cells count "
               "too): reading stopped", BIG_HINT[1]),
    "used_range": W("文件超过 {limit:,} 个单元格的上限（按已用区域的行数×列数计算，空单元格也算在内，"
                    "这张工作表的已用区域至少有 {used_rows:,} 行 × {used_cols:,} 列），已停止读取", BIG_HINT[0],
                    "the file passes the limit of {limit:,} cells (rows × columns of the used range, blank cells "
                    "count too; this sheet's used range is at least {used_rows:,} rows × {used_cols:,} columns): "
                    "reading stopped", BIG_HINT[1]),
    "cell_text": W("有一个单元格的内容有 {size:,} 个字符，超过 Excel 每格 {limit:,} 个字符的上限",
                   "请核对这一行，删去多余的内容后重新保存",
                   "a cell holds {size:,} characters, over Excel's limit of {limit:,} per cell",
                   "Check this row, delete what is too much and save again"),
})
_rule("unreadable", "无法读取", "unreadable", {
    "": W("读取文件时出错（{error}: {detail}）", "请用 Excel 打开检查后重新另存",
          "reading the file failed ({error}: {detail})", "Open it in Excel, check it and save it again"),
    "open": W("无法打开文件（{error}）", "请检查文件权限后重新报送", "the file cannot be opened ({error})",
              "Check the file's permissions and hand it in again"),
    "memory": W("读取文件时内存不足（{error}）", "请按旗县区拆分成较小的文件后重新报送",
                "reading the file ran out of memory ({error})", "Split it by district into smaller files and hand them in again"),
})

# ---- the inbox (grassroots/intake/inbox.py)
_rule("symlink", "符号链接", "symbolic link", W(
    "是符号链接（快捷方式），不会被读取", "请把文件本身复制进报送目录",
    "it is a symbolic link (a shortcut) and is not read", "Copy the file itself into the inbox folder"))
_rule("subfolder", "子文件夹", "sub-folder", W(
    "报送目录里有子文件夹「{file}」{inside}，其中的文件不会被读取", "请把报表文件直接放在报送目录中，不要放在子文件夹里",
    "the inbox holds a sub-folder “{file}”{inside}: the files in it are not read",
    "Put the report files directly in the inbox folder, not in a sub-folder"),
    derive={"inside": _inside}, optional=("contents", "count"))
_rule("not_a_file", "不是普通文件", "not a regular file", W(
    "不是普通文件，不会被读取", "请放入普通的 CSV 或 Excel 文件",
    "it is not a regular file and is not read", "Put a regular CSV or Excel file in the inbox"))
_rule("unknown_report", "无法识别的文件", "unknown file", {
    "": W("无法识别的报送文件：文件名应为报表名称", "文件名应为报表名称，如 grids.csv、网格.xlsx 或按旗县区拆分的 grids__150102.csv",
          "a file that is no report: a file's name must be its report's name",
          "Name the file after its report, e.g. grids.csv, 网格.xlsx, or one per district as grids__150102.csv"),
    "copy": W("文件名像是报表“{value}”的副本，无法确定是否应使用它",
              "文件名应为报表名称，如 grids.csv、网格.xlsx 或按旗县区拆分的 grids__150102.csv",
              "the file's name looks like a copy of the report “{value}”: whether to use it cannot be told",
              "Name the file after its report, e.g. grids.csv, 网格.xlsx, or one per district as grids__150102.csv"),
})
_rule("duplicate_report", "同一报表有多个文件", "duplicate report", W(
    "报表“{table:report}”有 {count} 个文件（{file}），它们报送的是同一份数据，无法确定以哪个为准",
    "每类报表只保留一个文件，或每个旗县区各一个文件（如 grids__150102.csv），删除多余的文件后重新报送",
    "the report “{table:report}” has {count} files ({file}) holding the same data: which one counts cannot be told",
    "Keep one file per report, or one per district (e.g. grids__150102.csv); delete the others and hand in again"))

# ---- the week's reports (grassroots/checks/validate.py)
_rule("missing_report", "缺少报表", "missing report", W(
    "缺少报表“{table:report}”（{table}.csv 或 {table}.xlsx）", "请补交这张报表；本周没有数据的事项表也要交一个只有表头的文件",
    "the report “{table:report}” is missing ({table}.csv or {table}.xlsx)",
    "Hand in this report; an event report with no events this week still needs a file with just its header"))
_rule("unknown_district_file", "文件名中的旗县区代码不存在", "unknown district in the file name", W(
    "文件名中的旗县区代码“{district}”不存在", "按旗县区拆分的文件应命名为 报表名__旗县区代码，如 grids__150102.csv",
    "the district code “{district}” in the file name does not exist",
    "Name a district's file report__districtcode, e.g. grids__150102.csv"))
_rule("district_mismatch", "不是本旗县区的数据", "another district's row", {
    "": W("这是{district:district}（{district}）的文件，但这一行是 {value} 的数据", "请把这一行放到对应旗县区的文件里",
          "this file is {district:district}'s ({district}), but this row is {value}'s data",
          "Move this row to that district's file"),
    "file_name": W("文件名中的旗县区代码是 {value}，不是 {district}", "请确认上传的是本旗县区的文件",
                   "the district code in the file name is {value}, not {district}",
                   "Check that you are uploading your own district's file"),
})
_rule("duplicate_key", "重复报送", "duplicate", {
    "": W("主键 {value} 重复（与 {first_file} 第 {first_row} 行相同）", "同一条记录只能报送一次，请删除重复的行",
          "the key {value} appears twice (as in {first_file}, row {first_row})",
          "Each record is handed in once: delete the repeated row"),
    "published": W("主键 {value} 已在之前的快照 {previous} 中报送过", "事项表只报本周新发生的事项；以前报过的不要再报",
                   "the key {value} was handed in before, in the snapshot of {previous}",
                   "An event report holds only this week's new events: do not hand in earlier ones again"),
})
_COVER_HINT = ("请补上该旗县区的行（没有的数量填 0）；如该旗县区确已不再报送，请先联系市委社会工作部",
               "Add that district's rows (enter 0 for counts that are zero); if the district really no longer reports, "
               "contact the municipal social work department first")
_rule("incomplete_report", "缺少旗县区或指标", "incomplete report", {
    "": W("报表“{table:report}”缺少{district:district}（{district}）的数据：每个旗县区每周都要报送这张表", _COVER_HINT[0],
          "the report “{table:report}” has no data of {district:district} ({district}): every district hands in "
          "this report every week", _COVER_HINT[1]),
    "previous": W("报表“{table:report}”缺少{district:district}（{district}）的数据：上一期有该旗县区的数据，本期却没有",
                  _COVER_HINT[0], "the report “{table:report}” has no data of {district:district} ({district}): "
                  "last week had that district's data, this week does not", _COVER_HINT[1]),
    "indicator": W("报表“{table:report}”缺少指标“{value:indicator}”（{value}）", "每周都要报送全部市级指标",
                   "the report “{table:report}” lacks the indicator “{value:indicator}” ({value})",
                   "Hand in every city-level indicator every week"),
})
_CODE_HINT = ("请核对代码；代码须与本周名录一致", "Check the code; codes must match this week's lists")
_rule("unknown_code", "代码不存在", "unknown code", {  # variants: a column's `ref` (tables.py), and a brand's unit
    "district": W("未知的旗县区代码“{value}”", _CODE_HINT[0], "unknown district code “{value}”", _CODE_HINT[1]),
    "unit": W("未知的单位代码（治理单元名录）“{value}”", _CODE_HINT[0],
              "unknown unit code (list of governance units) “{value}”", _CODE_HINT[1]),
    "point": W("未知的观察点编号“{value}”", _CODE_HINT[0], "unknown observation point id “{value}”", _CODE_HINT[1]),
    "team": W("未知的队伍编号“{value}”", _CODE_HINT[0], "unknown team id “{value}”", _CODE_HINT[1]),
    "brand": W("议事协商品牌“{brand:brand}”所在单位 {value} 不在本周名录中", "名录中不能删除有议事协商品牌的村（社区）",
               "the unit {value} of the deliberation brand “{brand:brand}” is not in this week's list",
               "A village (community) with a deliberation brand cannot be deleted from the list"),
})
_rule("missing_parent", "上级单位不存在", "missing parent unit", W(
    "上级单位“{value}”不存在（{unit_name}）", "请核对上级单位代码",
    "the parent unit “{value}” does not exist ({unit_name})", "Check the parent unit's code"))
_rule("date_outside_week", "日期不在本周", "date outside the week", W(
    "日期 {value} 不在本周（{start} 至 {end}）内", "本表只报本周发生的事项",
    "the date {value} is not in this week ({start} to {end})", "This report holds only this week's events"))
_rule("date_after_as_of", "日期晚于截止日", "date after the as-of date", W(
    "日期 {value} 晚于报送截止日 {expected}", "请核对日期",
    "the date {value} is after the as-of date, {expected}", "Check the date"))
_rule("totals_mismatch", "与明细不一致", "totals differ", {
    "detail": W("汇总数 {value} 与{other:report}（{other}）明细 {expected} 不一致", "汇总表须与名录、网格明细一致，请核对",
                "the total {value} differs from the {expected} of the detail in {other:report} ({other})",
                "The totals must agree with the list of units and the grids' detail: check them"),
    "part": W("{column:column} {value} 大于 {whole:column} {expected}", "部分不能大于总数，请核对",
              "{column:column}, {value}, is more than {whole:column}, {expected}", "A part cannot be more than its whole: check them"),
    "after": W("{indicator} 调整后 {value:g} 多于调整前 {expected:g}", "请核对调整前后的数值",
               "{indicator}: {value:g} after the change is more than {expected:g} before it",
               "Check the values before and after"),
})
_rule("inconsistent", "前后矛盾", "inconsistent", W(
    "进度为已完成(done)时必须填写完成日期，未完成时不应填写", "请补填或删除完成日期",
    "a task that is done (done) needs its completion date, and one not done must have none",
    "Fill in or delete the completion date"))

# ---- last week against this week (grassroots/checks/plausibility.py)
_CHANGE = ("{district:scope}“{figure:figure}”由上期（{previous}）的 {before:number}{figure:unit} 变为 "
           "{after:number}{figure:unit}（{pct:+.1f}%），超出允许的每周变化（{limit_text}）{source}",
           "“{figure:figure}” ({district:scope}) went from {before:number}{figure:unit} last week ({previous}) to "
           "{after:number}{figure:unit} ({pct:+.1f}%), more than the weekly change allowed ({limit_text}){source}")
_GONE = ("{district:scope}“{figure:figure}”本期{now}，上期（{previous}）为 {before:number}{figure:unit}，"
         "超出允许的每周变化（指标不能降为 0 或消失）{source}",
         "“{figure:figure}” ({district:scope}) {now} this week, after {before:number}{figure:unit} last week "
         "({previous}): more than the weekly change allowed (a figure may not fall to 0 or vanish){source}")
_ACCEPT = ("请核对相关旗县区的报表是否漏报；如确属实际变化，请加 --accept-change {figure} 重新运行",
           "Check whether the districts' reports left rows out; if the change is real, run again with --accept-change {figure}")


def _change(limit: tuple[str, str] | None = None, now: tuple[str, str] | None = None) -> Wording:
    """A wording of a week-on-week change: a figure that moved beyond its band (`limit`), or is gone (`now`)."""
    if now is None:
        zh, en = (t.replace("{limit_text}", limit[i]) for i, t in enumerate(_CHANGE))
    else:
        zh, en = (t.replace("{now}", now[i]) for i, t in enumerate(_GONE))
    return W(zh, _ACCEPT[0], en, _ACCEPT[1])


_rule("implausible_change", "与上期相比变化过大", "implausible change", {
    "falls": _change(("每周下降不超过 {limit:g}%", "a fall of at most {limit:g}% a week")),
    "falls_any": _change(("不能下降", "it may not fall")),
    "rises": _change(("每周上升不超过 {limit:g}%", "a rise of at most {limit:g}% a week")),
    "vanishes": _change(now=("没有数据", "has no data")),
    "zero": _change(now=("为 0", "is 0")),
}, derive={"source": _movers}, optional=("movers", "moved"))

# ---- the run (grassroots/store/pipeline.py)
_rule("unknown_figure", "指标代码不存在", "unknown figure", W(
    "--accept-change 的指标代码不存在：{figures:list}", "可用的指标代码见 refresh.py --help",
    "no such figure id for --accept-change: {figures:list}", "refresh.py --help lists the figure ids"))
_rule("refresh_running", "正在发布", "publishing in progress", {
    "": W("另一次刷新正在进行（{holder}），本次没有运行", "请等它结束后再运行",
          "another refresh is running ({holder}): this one did not run", "Wait for it to finish, then run again"),
    "upload": W("正在发布快照（{holder}），文件暂时不能放入报送目录", "请一两分钟后重新上传",
                "a snapshot is being published ({holder}): the file cannot be put in the inbox just now",
                "Upload it again in a minute or two"),
})
_rule("write_failed", "写入失败", "write failed", W(
    "写入快照失败：{code:reason}（{code}）", "已发布的快照没有受到影响；请检查磁盘空间和目录权限后重新运行",
    "writing the snapshot failed: {code:reason} ({code})",
    "The published snapshots are untouched; check the disk space and the folder's permissions, then run again"))
_rule("missing_inbox", "报送目录不存在", "no inbox folder", W(
    "报送目录不存在：{value}", "请核对 --inbox 的路径", "the inbox folder does not exist: {value}", "Check the --inbox path"))
_rule("as_of_in_future", "截止日期在未来", "as-of date in the future", W(
    "截止日期 {as_of} 晚于今天 {today}", "请核对 --as-of", "the as-of date {as_of} is after today, {today}", "Check --as-of"))
_rule("snapshot_exists", "快照已存在", "snapshot exists", W(
    "快照 {as_of} 已发布，不会覆盖", "确需重发请加 --force",
    "the snapshot of {as_of} is published already and is not overwritten", "Add --force to publish it again"))
_rule("previous_damaged", "上一期快照已损坏", "last week damaged", W(
    "上一期快照 {as_of} 已损坏（{damaged:list}），本期的事项累计和逐周比较都依赖它", "请先用 --force 重新发布上一期，再发布本期",
    "last week's snapshot, {as_of}, is damaged ({damaged:list}): this week's event totals and week-on-week checks "
    "depend on it", "Publish last week again with --force first, then this week"))
_rule("more_problems", "同类问题未逐条列出", "more of the same", W(
    "同类问题另有 {count} 处未逐条列出（共 {total} 处）", "请检查整列后重新报送",
    "{count} more problems of the same kind are not listed ({total} in all)", "Check the whole column and hand it in again"))

# ---- the data desk (grassroots/desk/upload.py)
_rule("content_mismatch", "扩展名与内容不符", "extension and content differ", {
    "": W("文件扩展名是 {suffix}，但内容是{kind:content}",
          "请在 Excel 或 WPS 中打开报表，“另存为” Excel 工作簿（.xlsx）或 CSV UTF-8 后重新上传",
          "the file is named {suffix} but holds {kind:content}",
          "Open the report in Excel or WPS, “Save As” an Excel workbook (.xlsx) or CSV UTF-8, and upload it again"),
    "workbook": W("文件扩展名是 {suffix}，但内容是{kind:content}", "请把扩展名改回 .xlsx，或在 Excel 中“另存为” CSV UTF-8",
                  "the file is named {suffix} but holds {kind:content}",
                  "Rename it back to .xlsx, or “Save As” CSV UTF-8 in Excel"),
    "text": W("文件扩展名是 {suffix}，但内容是{kind:content}", "请在 Excel 中“另存为” Excel 工作簿（.xlsx），或把扩展名改为 .csv",
              "the file is named {suffix} but holds {kind:content}",
              "“Save As” an Excel workbook (.xlsx) in Excel, or rename it to .csv"),
})
_rule("report_mismatch", "选错了报表", "another report", {
    "": W("文件名是报表“{other:report}”，但上传到了“{table:report}”", "请在“报表”中选择“{other:report}”，或确认选对了文件",
          "the file is named after the report “{other:report}”, but was uploaded as “{table:report}”",
          "Choose “{other:report}” under “Report”, or check that you picked the right file"),
    "header": W("这个文件的表头是报表“{other:report}”的，但上传到了“{table:report}”", "请在“报表”中选择“{other:report}”后重新上传",
                "the file's header is the report “{other:report}”'s, but it was uploaded as “{table:report}”",
                "Choose “{other:report}” under “Report” and upload it again"),
})
_rule("week_published", "本期已发布", "already published", W(
    "截至 {as_of} 的数据已经发布，不能再上传", "如需更正，请联系市委社会工作部的数据员",
    "the data up to {as_of} is published already: no more uploads",
    "For a correction, contact the data clerk of the municipal social work department"))
_rule("not_allowed", "无权报送", "not allowed", W(
    "没有为该旗县区报送这张报表的权限", "请用本旗县区的账号登录后报送",
    "you may not hand in this report for this district", "Sign in with your own district's account"))
_rule("upload_limit", "超出检查的时间或内存上限", "over the check's time or memory limit", {
    "timeout": W("检查超过 {seconds:g} 秒的时限，已停止，文件没有保存", BIG_HINT[0],
                 "the check passed its time limit of {seconds:g} s and was stopped: the file was not saved", BIG_HINT[1]),
    "memory": W("检查用内存超过 {limit:gib} 的上限，已停止，文件没有保存", BIG_HINT[0],
                "the check passed its memory limit of {limit:gib} and was stopped: the file was not saved", BIG_HINT[1]),
})
_rule("busy", "系统繁忙", "busy", W(
    "已有 {count} 个文件正在检查，请稍后再试", "请过一两分钟后重新上传",
    "{count} files are being checked already: please try again shortly", "Upload it again in a minute or two"))
_rule("unavailable", "检查暂时无法进行", "check unavailable", W(
    "检查程序没能启动，文件没有保存", CONTACT[0], "the check could not start: the file was not saved", CONTACT[1]))
_rule("check_failed", "检查出错", "check failed", W(
    "检查这个文件时程序出错（{error}），文件没有保存", "请把这个文件发给市委社会工作部的数据员，并说明上传的时间",
    "the program failed while checking this file ({error}): the file was not saved",
    "Send this file to the data clerk of the municipal social work department, with the time of the upload"))

# What each rule means in a few words, for the clerk's problem table (the message says the details).
RULE_NAMES: dict[str, tuple[str, str]] = {r.id: (r.zh, r.en) for r in RULES.values()}


def rule_name(rule: str, lang: str = "zh") -> str:
    pair = RULE_NAMES.get(rule)
    return (pair[1] if lang == "en" else pair[0]) if pair else rule


# ------------------------------------------------------------------ problems
PLACE = ("file", "row", "table", "column")  # where: filled in by whoever knows (CellError, FileProblem)
TOP = (*PLACE, "district", "value", "expected")
SLOT = ("header", "position", "figure")  # what else may fill the column slot, in this order


def _frozen(value):
    """A field's value as a problem holds it: hashable, JSON-safe, a text cut at MAX_TEXT characters."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return value if len(value) <= MAX_TEXT else value[: MAX_TEXT - 1] + "…"
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return _frozen(str(value))


def check(rule: str, variant: str, present, later: tuple[str, ...] = ()) -> Rule:
    """The rule, once the variant exists and every field its wording needs is present (or comes `later`)."""
    declared = RULES.get(rule)
    if declared is None:
        raise ValueError(f"unknown rule {rule!r}: declare it in grassroots/catalogue/rules.py")
    if variant not in declared.wordings:
        raise ValueError(f"rule {rule!r} has no variant {variant!r} (it has {sorted(declared.wordings)})")
    missing = declared.needs(variant) - set(present) - set(later)
    if missing:
        raise ValueError(f"a problem of rule {rule!r} variant {variant!r} needs {sorted(missing)}")
    return declared


def _render(rule: Rule, variant: str, part: str, values: Mapping, lang: str) -> str:
    values = dict(values)
    template = rule.wordings[variant].template(part, lang)
    out = []
    for literal, name, spec, _ in _PARSE(template):
        out.append(literal)
        if name is None:
            continue
        if name in rule.derive:
            out.append(rule.derive[name](values, lang))
        elif spec in SPECS:
            out.append(SPECS[spec](values.get(name), values, lang))
        else:
            out.append(format(values[name], spec or ""))
    return "".join(out)


@dataclass(frozen=True)
class Problem:
    """One problem of a district's files: a rule, its variant, and the fields its wording names.

    Build one with `problem(rule, variant, **fields)`: the fields below by name, any other into
    `extra`. `message_in(lang)`, `hint_in(lang)` and `column_label(lang)` render it; `.message`
    and `.hint` are the Chinese ones.
    """

    rule: str
    variant: str = ""
    file: str | None = None  # a file name; several files of one report joined with "、"
    row: int | None = None  # the row as Excel numbers it
    table: str | None = None  # the report (a catalogue table name)
    column: str | tuple[str, ...] | None = None  # a column of `table` by name (a tuple: a key of several)
    district: str | None = None  # the district code the problem is about
    value: object = None  # what the cell held
    expected: object = None  # what it should have been (a bound, a date, the allowed values, a type)
    extra: tuple[tuple[str, object], ...] = ()  # every other field its template names, sorted by name

    def __post_init__(self):
        for name in ("value", "expected"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))
        if isinstance(self.column, list):
            object.__setattr__(self, "column", tuple(self.column))
        object.__setattr__(self, "extra", tuple(sorted((str(k), _frozen(v)) for k, v in self.extra if v is not None)))
        named = [k for k, _ in self.extra if k in (*TOP, "rule", "variant", "extra")]
        if named or len({k for k, _ in self.extra}) < len(self.extra):
            raise ValueError(f"extra fields repeat a field: {named or self.extra}")
        if self.table is not None and self.table not in TABLES:
            raise ValueError(f"unknown table {self.table!r}")
        if self.column is not None:
            names = (self.column,) if isinstance(self.column, str) else self.column
            known = TABLES[self.table].column_names if self.table else ()
            if not names or any(n not in known for n in names):
                raise ValueError(f"{self.column!r} is not a column of table {self.table!r}: a typed header goes in `header`")
        check(self.rule, self.variant, self.fields())

    def fields(self) -> dict[str, object]:
        """Every field that is set, by name."""
        out = {name: getattr(self, name) for name in TOP if getattr(self, name) is not None}
        out.update(self.extra)
        return out

    def get(self, name: str, default=None):
        return self.fields().get(name, default)

    def message_in(self, lang: str = "zh") -> str:
        return _render(RULES[self.rule], self.variant, "message", self.fields(), lang)

    def hint_in(self, lang: str = "zh") -> str:
        return _render(RULES[self.rule], self.variant, "hint", self.fields(), lang)

    @property
    def message(self) -> str:
        return self.message_in("zh")

    @property
    def hint(self) -> str:
        return self.hint_in("zh")

    @property
    def slot(self) -> tuple:
        """What fills the column slot, as data (for grouping): (table, column, header, position, figure)."""
        fields = dict(self.extra)
        return (self.table, self.column, *(fields.get(name) for name in SLOT))

    def column_label(self, lang: str = "zh") -> str | None:
        """The column slot as the reader's template labels it (see the module's docstring), or None."""
        if self.column is not None:
            names = (self.column,) if isinstance(self.column, str) else self.column
            return _join((column_label(self.table, n, lang) for n in names), lang)
        fields = dict(self.extra)
        if fields.get("header") is not None:
            return str(fields["header"])
        if fields.get("position") is not None:
            return f"column {fields['position']}" if lang == "en" else f"第{fields['position']}列"
        figure = fields.get("figure")
        if figure is not None:
            f = FIGURES.get(figure)
            name = (f.en if lang == "en" else f.zh) if f else figure
            return f"{name} ({figure})" if lang == "en" else f"{name}（{figure}）"
        return None

    def line(self, lang: str = "zh") -> str:
        """The one-line form: place, message, what to do, rule."""
        column = self.column_label(lang)
        hint = self.hint_in(lang)
        if lang == "en":
            where = [x for x in (self.file, f"row {self.row}" if self.row is not None else None,
                                 f"column “{column}”" if column else None) if x]
            todo = f" ({hint})" if hint else ""
            return f"{' '.join(where) if where else 'the batch'}: {self.message_in(lang)}{todo} [rule {self.rule}]"
        where = [x for x in (self.file, f"第 {self.row} 行" if self.row is not None else None,
                             f"列「{column}」" if column else None) if x]
        todo = f"（{hint}）" if hint else ""
        return f"{' '.join(where) if where else '报送批次'}：{self.message_in(lang)}{todo} [规则 {self.rule}]"

    def __str__(self) -> str:
        return self.line("zh")

    def as_json(self) -> dict:
        """The problem as JSON, field by field (what the upload worker sends back: never a pickle)."""
        out = {"rule": self.rule, "variant": self.variant}
        for name in TOP:
            value = getattr(self, name)
            out[name] = list(value) if isinstance(value, tuple) else value
        out["extra"] = [[k, v] for k, v in self.extra]
        return out

    @classmethod
    def from_json(cls, data: Mapping) -> Problem:
        """The problem `as_json` wrote; ValueError for anything else."""
        def text(name):
            value = data.get(name)
            if value is not None and not isinstance(value, str):
                raise ValueError(f"{name} must be text")
            return value

        row = data.get("row")
        if row is not None and (not isinstance(row, int) or isinstance(row, bool)):
            raise ValueError("row must be a number")
        column = data.get("column")
        if isinstance(column, list):
            column = tuple(column)
        if column is not None and not (isinstance(column, str) or all(isinstance(c, str) for c in column)):
            raise ValueError("column must be text")
        extra = tuple((str(k), v) for k, v in data.get("extra") or ())
        return cls(str(data["rule"]), str(data.get("variant") or ""), text("file"), row, text("table"), column,
                   text("district"), data.get("value"), data.get("expected"), extra)


def problem(rule: str, variant: str = "", **fields) -> Problem:
    """A problem from its fields by name: file, row, table, column, district, value, expected, and any other
    field its template names (into `extra`). A field given as None is not set."""
    top = {name: fields.pop(name) for name in TOP if name in fields}
    return Problem(rule, variant, extra=tuple((k, v) for k, v in fields.items() if v is not None), **top)


class _Raised(Exception):
    """A problem found before its place is known: the rule, the variant and its fields so far."""

    later: tuple[str, ...] = PLACE

    def __init__(self, rule: str, variant: str = "", **fields):
        self.rule, self.variant = rule, variant
        self.fields = {k: v for k, v in fields.items() if v is not None}
        check(rule, variant, self.fields, self.later)
        super().__init__(rule, variant)

    def problem(self, **place) -> Problem:
        return problem(self.rule, self.variant, **{**self.fields, **place})

    def _render(self, part: str, lang: str) -> str:
        return _render(RULES[self.rule], self.variant, part, {k: _frozen(v) for k, v in self.fields.items()}, lang)

    @property
    def message(self) -> str:
        return self._render("message", "zh")

    @property
    def hint(self) -> str:
        return self._render("hint", "zh")

    def __str__(self) -> str:
        return self.message


class FileProblem(_Raised):
    """Raised while reading a file that cannot be read at all; becomes a Problem of the file where caught."""

    later = ("file",)

    @property
    def row(self) -> int | None:
        return self.fields.get("row")

    def problem(self, file: str, **place) -> Problem:  # type: ignore[override]
        return super().problem(file=file, **place)


class CellError(_Raised, ValueError):
    """A cell that cannot be published: its rule, variant and fields; the caller adds file, row, table, column."""


# ------------------------------------------------------------------ notes, and capping
@dataclass(frozen=True)
class Note:
    """Something the refresh did that the district should know, e.g. a skipped lock file."""

    message: str
    file: str | None = None
    row: int | None = None

    def __str__(self) -> str:
        place = " ".join(x for x in (self.file, f"第 {self.row} 行" if self.row else None) if x)
        return f"{place}：{self.message}" if place else self.message


def capped(problems: list[Problem], per_kind: int = PER_KIND) -> list[Problem]:
    """Keep the first `per_kind` problems of each (file, rule, column); one `more_problems` line for the rest."""
    seen: dict[tuple, int] = defaultdict(int)
    first: dict[tuple, Problem] = {}
    out: list[Problem] = []
    for p in problems:
        key = (p.file, p.rule, p.slot)
        seen[key] += 1
        first.setdefault(key, p)
        if seen[key] <= per_kind:
            out.append(p)
    for key, n in seen.items():
        if n > per_kind:
            p = first[key]
            slot = {name: p.get(name) for name in SLOT}
            out.append(problem("more_problems", file=p.file, table=p.table, column=p.column, of=p.rule,
                               count=n - per_kind, total=n, **slot))
    return out
