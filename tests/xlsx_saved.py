"""Workbooks as Excel saves them, from openpyxl's: openpyxl writes a formula without its result
(`<f>SUM(B2:B5)</f><v />`) and asks Excel to recalculate on load (calcPr fullCalcOnLoad="1"), which
is what a program that writes workbooks leaves. Excel itself saves each formula's result beside it
and no such flag. `as_excel_saves` turns the one into the other, cell by cell, in the zip's XML
(xlsxwriter's workbooks too, which save a 0 or the value given for each formula)."""

from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape


def as_excel_saves(xlsx: bytes, results: dict[tuple[str, str], object], recalc: bool = False) -> bytes:
    """The workbook with the result of formula cells saved as Excel saves it: results maps
    (sheet part, cell ref) — part "sheet1" for xl/worksheets/sheet1.xml — to its value (a number,
    a text, or None: no result saved, as a program leaves it). fullCalcOnLoad stays only if recalc."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info).decode("utf-8") if info.filename.endswith(".xml") else src.read(info)
            if info.filename == "xl/workbook.xml" and not recalc:
                data = data.replace(' fullCalcOnLoad="1"', "")
            m = re.fullmatch(r"xl/worksheets/(sheet\d+)\.xml", info.filename)
            if m:
                for (part, ref), value in results.items():
                    if part == m[1]:
                        data = _save(data, ref, value)
            dst.writestr(info, data)
    return out.getvalue()


def _save(xml: str, ref: str, value) -> str:
    cell = re.compile(rf'<c r="{ref}"( [^>]*)?><f>(.*?)</f>(?:<v ?/>|<v>[^<]*</v>)?</c>')
    m = cell.search(xml)
    assert m, (ref, "is no formula cell")
    style = re.sub(r'\s*t="[^"]*"', "", m[1] or "")  # the cell's style (s="…") stays
    if value is None:
        saved = f'<c r="{ref}"{style}><f>{m[2]}</f></c>'
    elif isinstance(value, str):
        saved = f'<c r="{ref}"{style} t="str"><f>{m[2]}</f><v>{escape(value)}</v></c>'
    else:
        saved = f'<c r="{ref}"{style}><f>{m[2]}</f><v>{value!r}</v></c>'
    return xml[:m.start()] + saved + xml[m.end():]
