"""Blank report templates for the districts: one Excel workbook and one CSV per report kind.

The workbook's first sheet has the Chinese headers to fill in; its second sheet, 填报说明,
explains every column (type, unit, 口径, allowed values) straight from the schema.
"""

from __future__ import annotations

import csv
from pathlib import Path

import xlsxwriter

from grassroots.catalogue.tables import REPORTS

TYPE_ZH = {"str": "文本", "int": "整数", "float": "数字", "date": "日期 YYYY-MM-DD", "bool": "是/否"}


def write_templates(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for t in REPORTS:
        header = [c.zh for c in t.columns]
        csv_path = out / f"{t.name}.csv"
        with csv_path.open("w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f).writerow(header)
        xlsx_path = out / f"{t.name}.xlsx"
        with xlsxwriter.Workbook(xlsx_path) as wb:
            bold = wb.add_format({"bold": True, "bg_color": "#DDEBF7"})
            sheet = wb.add_worksheet(t.zh[:31])
            for i, h in enumerate(header):
                sheet.write(0, i, h, bold)
                sheet.set_column(i, i, max(12, len(h) * 2 + 2))
            guide = wb.add_worksheet("填报说明")
            guide.write_row(0, 0, ["列名", "英文列名", "类型", "单位", "口径", "可选值", "可为空"], bold)
            for r, c in enumerate(t.columns, start=1):
                guide.write_row(r, 0, [c.zh, c.name, TYPE_ZH[c.dtype], c.unit, c.definition,
                                       "、".join(c.choices), "是" if c.nullable else "否"])
            note = "本表为本周新发生事项，日期须在本周内" if t.kind == "event" else "本表为截至本周的完整现状"
            guide.write(len(t.columns) + 2, 0, f"{t.zh}：{t.definition}{note}。文件名：{t.name}.xlsx 或 {t.name}__旗县区代码.xlsx")
            guide.set_column(0, 1, 18)
            guide.set_column(4, 4, 60)
        written += [csv_path, xlsx_path]
    return written
