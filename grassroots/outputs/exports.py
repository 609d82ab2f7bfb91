"""What a user downloads: every table as XLSX and CSV, built by pure functions (no Streamlit).

A table is described once, as a list of `Field`s (header, value expression, unit, 口径 card); the
page shows `screen(values, fields)`, the downloads write `values(frame, fields)`, so the workbook
holds the numbers the screen shows, as numbers.

XLSX: a title row (what, snapshot, district, as-of date), the 示例数据 mark on demo data, headers
with units, number formats, a frozen header, an autofilter and column widths from the content;
a second sheet 口径 with each column's definition card. CSV: UTF-8 with BOM (Excel opens the
Chinese), headers with units. Text cells that a spreadsheet would read as a formula are written
inert (grassroots/outputs/escape.py): a string cell with Excel's quote prefix in XLSX, a leading apostrophe in CSV.
"""

from __future__ import annotations

import csv as _csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl
import xlsxwriter

from grassroots.outputs import escape
from grassroots.outputs.watermark import Mark, header_footer
from grassroots.catalogue.i18n import t
from grassroots.catalogue.cards import HEADINGS, Card, pick

HEADER_ROW = 3  # 0-based row of the column headers in every table sheet: title, snapshot line, mark or source
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"
BOM = "\ufeff"
DEMO_ORANGE = "#B9590B"
EMPTY = "—"  # an empty cell on screen


@dataclass(frozen=True)
class Field:
    """One column of a table as users see it and download it."""
    label: str  # header on screen (the export adds the unit)
    expr: pl.Expr  # its value, computed from the page query's frame
    unit: str = ""
    card: Card | None = None  # 口径 (catalogue/cards.py)
    screen: Callable[[pl.Series], pl.Series] | None = None  # how the screen shows the value, if not as it is
    missing: str = ""  # written where the value is null (e.g. "—", "<5"; on screen "—" if not given)

    @property
    def header(self) -> str:
        if not self.unit or f"（{self.unit}）" in self.label or f"({self.unit})" in self.label:
            return self.label
        return f"{self.label}（{self.unit}）" if _has_cjk(self.label) else f"{self.label} ({self.unit})"


@dataclass(frozen=True)
class Meta:
    """Where a table comes from: written above it in the workbook and into the file name."""
    title: str  # what the table is (the section heading on the page)
    as_of: dt.date  # the snapshot is named by its as-of date
    district: str  # 全市 or the district's name
    published: str = ""  # when the snapshot was published
    demo: bool = False
    lang: str = "zh"
    source: str = ""  # the tables the values come from
    made_by: Mark | None = None  # who made the file, when (outputs/watermark.py); set when it is made

    def lines(self) -> list[str]:
        zh = self.lang != "en"
        app_title = t("app_title", self.lang)
        snapshot = (f"快照：{self.as_of.isoformat()}" + (f"（发布于 {self.published}）" if self.published else "")
                    if zh else f"Snapshot: {self.as_of.isoformat()}" + (f" (published {self.published})" if self.published else ""))
        scope = f"范围：{self.district}" if zh else f"Scope: {self.district}"
        as_of = f"数据截至：{self.as_of.isoformat()}" if zh else f"Data as of: {self.as_of.isoformat()}"
        by = (t("export_by", self.lang, viewer=self.made_by.viewer,
                at=self.made_by.at.strftime("%Y-%m-%d %H:%M")),) if self.made_by else ()
        return [f"{app_title} · {self.title}", " · ".join((snapshot, scope, as_of, *by))]

    def mark(self) -> str:
        """The third line: the demo mark, or where the numbers come from."""
        if self.demo:
            return f"【{t('demo_badge', self.lang)}】{t('demo_note', self.lang)}"
        source = self.source or t("export_source_default", self.lang)
        return t("export_source", self.lang, source=source)


@dataclass
class Block:
    """A table inside a sheet, with an optional heading above it (the brief stacks several)."""
    values: pl.DataFrame  # one column per field, in order
    fields: list[Field]
    heading: str | None = None
    note: str | None = None


@dataclass
class Sheet:
    name: str
    blocks: list[Block] = field(default_factory=list)


# ------------------------------------------------------------------ the values of a table
def values(frame: pl.DataFrame, fields: list[Field]) -> pl.DataFrame:
    """The table's values, one column per field, named by its header on screen."""
    return frame.select([f.expr.alias(f"__{i}") for i, f in enumerate(fields)]).rename(
        {f"__{i}": f.label for i, f in enumerate(fields)})


def screen(table: pl.DataFrame, fields: list[Field]) -> pl.DataFrame:
    """The values as the page shows them: formatted where a field says how, and an empty cell as
    the field's `missing` or "—", never a grey "None" (a column with an empty cell is shown as text)."""
    columns = []
    for f, series in zip(fields, table.get_columns()):
        if f.screen is not None:
            series = f.screen(series).alias(f.label)
        elif series.dtype == pl.Date:  # 2026-11-20, not a timestamp with 00:00:00
            series = series.dt.strftime("%Y-%m-%d")
        if series.null_count():
            series = series.cast(pl.String).fill_null(f.missing or EMPTY)
        columns.append(series)
    return pl.DataFrame(columns)


# ------------------------------------------------------------------ XLSX
def xlsx(table: pl.DataFrame, fields: list[Field], meta: Meta) -> bytes:
    """One table as a workbook: the table sheet and its 口径 sheet."""
    return workbook([Sheet(meta.title, [Block(table, fields)])], meta)


def workbook(sheets: list[Sheet], meta: Meta) -> bytes:
    """Sheets of tables, each headed by the title lines, and a 口径 sheet for every field shown."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                        "strings_to_numbers": False, "remove_timezone": True})
    book.set_properties({"title": meta.lines()[0], "subject": meta.lines()[1], "author": "市委社会工作部",
                         "comments": meta.mark(), "keywords": meta.made_by.text(meta.lang) if meta.made_by else ""})
    styles = _styles(book, meta)
    used: set[str] = set()
    cards: dict[str, Field] = {}
    for sheet in sheets:
        ws = book.add_worksheet(_sheet_name(sheet.name, used))
        _write_sheet(ws, sheet, meta, styles)
        for block in sheet.blocks:
            for f in block.fields:
                cards.setdefault(f.header, f)
    _write_cards(book.add_worksheet(_sheet_name(t("export_cards_sheet", meta.lang), used)), cards, meta, styles)
    book.close()
    return buffer.getvalue()


def _styles(book, meta: Meta) -> dict:
    """Every cell format, each also as "<name>!": the same with Excel's quote prefix, its own mark
    for "this is text, not a formula", used for any formula-like text (`_text`)."""
    base = {"font_name": "Microsoft YaHei", "font_size": 10, "valign": "vcenter"}
    kinds = {
        "title": {"bold": True, "font_size": 14},
        "meta": {"font_color": "#444444"},
        "mark": {"bold": True, "font_color": DEMO_ORANGE} if meta.demo else {"font_color": "#444444"},
        "heading": {"bold": True, "font_size": 11},
        "note": {"italic": True, "font_color": "#444444"},
        "header": {"bold": True, "bg_color": "#E8E8E8", "border": 1, "text_wrap": True, "valign": "top"},
        "text": {},
        "int": {"num_format": "#,##0"},
        "float": {"num_format": "#,##0.0"},
        "date": {"num_format": "yyyy-mm-dd", "align": "left"},
        "wrap": {"text_wrap": True, "valign": "top"},
        "wrap_bold": {"text_wrap": True, "valign": "top", "bold": True},
    }
    styles = {name: book.add_format({**base, **kw}) for name, kw in kinds.items()}
    styles.update({f"{name}!": book.add_format({**base, **kw, "quote_prefix": True}) for name, kw in kinds.items()})
    return styles


def _text(ws, row: int, col: int, text: str, styles: dict, kind: str) -> None:
    """Every text cell of every sheet goes through here: formula-like text (a title, a header, a
    name from a district's file) is written with the quote prefix, never read as a formula."""
    ws.write_string(row, col, text, styles[f"{kind}!" if escape.formula_like(text) else kind])


def _write_head(ws, meta: Meta, styles: dict) -> None:
    first, second = meta.lines()
    _text(ws, 0, 0, first, styles, "title")
    ws.set_row(0, 22)
    _text(ws, 1, 0, second, styles, "meta")
    _text(ws, 2, 0, meta.mark(), styles, "mark")


def _write_sheet(ws, sheet: Sheet, meta: Meta, styles: dict) -> None:
    _write_head(ws, meta, styles)
    widths: dict[int, float] = {}
    row = HEADER_ROW
    for i, block in enumerate(sheet.blocks):
        if block.heading:
            if i:
                row += 1  # a blank row between blocks
            _text(ws, row, 0, block.heading, styles, "heading")
            row += 1
        header_row = row
        for c, f in enumerate(block.fields):
            _text(ws, row, c, f.header, styles, "header")
            widths[c] = max(widths.get(c, 0), min(_width(f.header), 24))
        row += 1
        for r, record in enumerate(block.values.iter_rows()):
            for c, (f, value) in enumerate(zip(block.fields, record)):
                _write_cell(ws, row + r, c, value, f, styles)
                widths[c] = max(widths.get(c, 0), _width(_shown(value, f)))
        last = row + max(block.values.height, 1) - 1
        if len(sheet.blocks) == 1:
            ws.freeze_panes(header_row + 1, 0)
            if block.values.height:
                ws.autofilter(header_row, 0, last, len(block.fields) - 1)
        row = last + 1
        if block.note:
            _text(ws, row, 0, block.note, styles, "note")
            row += 1
    for c, w in widths.items():
        ws.set_column(c, c, min(max(w + 2, 8), 60))
    _print_setup(ws, meta)
    ws.repeat_rows(HEADER_ROW)


def _print_setup(ws, meta: Meta) -> None:
    """Landscape, one page wide, and the mark of who made the file in every page's header and footer."""
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    if meta.made_by:
        ws.set_header(header_footer(meta.made_by.text(meta.lang)))
        ws.set_footer(header_footer(meta.made_by.text(meta.lang)))


def _write_cell(ws, row: int, col: int, value, f: Field, styles: dict) -> None:
    if value is None:
        if f.missing:
            _text(ws, row, col, f.missing, styles, "text")
        return
    if isinstance(value, bool):
        _text(ws, row, col, "是" if value else "否", styles, "text")
    elif isinstance(value, int):
        ws.write_number(row, col, value, styles["int"])
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            _text(ws, row, col, "—", styles, "text")
        else:
            ws.write_number(row, col, value, styles["int" if value.is_integer() else "float"])
    elif isinstance(value, dt.datetime):
        ws.write_datetime(row, col, value, styles["date"])
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, dt.datetime(value.year, value.month, value.day), styles["date"])
    else:
        _text(ws, row, col, str(value), styles, "text")


def _write_cards(ws, cards: dict[str, Field], meta: Meta, styles: dict) -> None:
    _write_head(ws, Meta(**{**meta.__dict__, "title": f"{meta.title} · {t('export_cards_sheet', meta.lang)}"}), styles)
    headings = [t("export_column", meta.lang), t("export_unit", meta.lang), *(pick(h, meta.lang) for h in HEADINGS.values())]
    for c, h in enumerate(headings):
        _text(ws, HEADER_ROW, c, h, styles, "header")
    for r, f in enumerate(cards.values(), start=HEADER_ROW + 1):
        _text(ws, r, 0, f.label, styles, "wrap_bold")
        _text(ws, r, 1, f.unit or "—", styles, "wrap")
        texts = [text for _, text in f.card.lines(meta.lang)] if f.card else []
        for c in range(len(HEADINGS)):
            _text(ws, r, c + 2, (texts[c] if c < len(texts) else "") or "—", styles, "wrap")
    for c, w in enumerate((18, 6, 34, 34, 34, 22, 12)):
        ws.set_column(c, c, w)
    ws.freeze_panes(HEADER_ROW + 1, 1)
    _print_setup(ws, meta)


# ------------------------------------------------------------------ CSV
def csv(table: pl.DataFrame, fields: list[Field]) -> bytes:
    """UTF-8 with BOM, headers with units, numbers unformatted, formula-like text inert."""
    out = io.StringIO()
    writer = _csv.writer(out, lineterminator="\r\n")
    writer.writerow([escape.spreadsheet(f.header) for f in fields])
    for record in table.iter_rows():
        writer.writerow([_csv_cell(v, f) for v, f in zip(record, fields)])
    return (BOM + out.getvalue()).encode("utf-8")


def _csv_cell(value, f: Field):
    if value is None:
        return f.missing
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return escape.spreadsheet(str(value))


# ------------------------------------------------------------------ names
def file_name(meta: Meta, ext: str) -> str:
    """'基层减负观察点_全市_2026-11-27_示例数据.xlsx': what, where, when; safe on every system."""
    parts = [meta.title, meta.district, meta.as_of.isoformat()]
    if meta.demo:
        parts.append(t("demo_badge", meta.lang))
    stem = "_".join(_safe(p) for p in parts if p)
    return f"{stem}.{ext}"


def _safe(text: str) -> str:
    text = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "", text)
    return re.sub(r"\s+", "-", text.strip()).strip(".-")[:60] or "table"


def _sheet_name(name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "", name).strip("'")[:28] or "Sheet"
    candidate, n = base, 2
    while candidate.lower() in used:
        candidate, n = f"{base[:26]}-{n}", n + 1
    used.add(candidate.lower())
    return candidate


def _has_cjk(text: str) -> bool:
    return any(unicodedata.east_asian_width(ch) in "WF" for ch in text)


def _width(text: str) -> float:
    """Display width in Excel's character units: CJK and full-width characters count about two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _shown(value, f: Field) -> str:
    if value is None:
        return f.missing
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, (dt.date, dt.datetime)):
        return "2026-01-01"
    return str(value)
