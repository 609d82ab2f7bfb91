"""The messy corpus: Excel layouts."""

from __future__ import annotations

from . import edits as e
from .case import case


# ------------------------------------------------------------------ Excel layouts
@case("title_and_unit_rows_above_the_header", "政府表格常见版式：标题行、填报单位/日期行，再是表头", notes=1)
def _(inbox):
    e.to_xlsx(inbox, "grids", above=[["呼和浩特市网格情况统计表"], ["填报单位：各旗县区", "", "日期：2026-11-20"]],
              merge=[(0, 0, 0, 3, "呼和浩特市网格情况统计表")])


@case("blank_rows_above_the_header", "表头上面空了三行，第一行数据有错：报告的行号是 Excel 里的行号",
      refused=[("wrong_type", "workforce.xlsx", 5, "heads")])
def _(inbox):
    e.to_xlsx(inbox, "workforce", blank_above=3, cells={(4, 7): "两"})


@case("two_row_merged_header", "两行表头：“街道数”合并在调整前/规划/当前之上，其余列上下合并", notes=0)
def _(inbox):
    labels = e.rows(inbox, "district_restructuring")[0]
    top = labels[:3] + ["街道数", "", ""] + labels[6:]
    bottom = [""] * 3 + ["调整前", "规划", "当前"] + [""] * (len(labels) - 6)
    merges = [(0, 3, 0, 5, "街道数")] + [(0, c, 1, c, labels[c]) for c in (0, 1, 2, 6, 7, 8, 9)]
    e.to_xlsx(inbox, "district_restructuring", header=[top, bottom], merge=merges)


@case("district_code_merged_down", "旗县区代码一列按区合并单元格（每区两行）：只有第一行存了值",
      refused=[("merged_cells", "units.xlsx", r, "district_code") for r in range(2, 22, 2)])
def _(inbox):
    table = e.rows(inbox, "units")
    merges = [(r, 4, r + 1, 4, table[r][4]) for r in range(1, len(table), 2)]
    e.to_xlsx(inbox, "units", merge=merges)


@case("instructions_sheet_first", "工作簿第一个工作表是“填报说明”，数据在第二个", notes=1)
def _(inbox):
    e.to_xlsx(inbox, "grids", sheets_before=["填报说明"])


@case("report_sheet_hidden", "数据所在的工作表被隐藏了，打开文件只看到“填报说明”",
      refused=[("hidden_cells", "grids.xlsx", None, None)])
def _(inbox):
    e.to_xlsx(inbox, "grids", sheets_before=["填报说明"], hidden_sheet=True)


@case("two_sheets_with_data", "两个工作表都有网格数据（不知道以哪个为准）", refused=[("ambiguous_sheet", "grids.xlsx", None, None)])
def _(inbox):
    e.to_xlsx(inbox, "grids", sheet="Sheet1", extra_sheet="Sheet2")


@case("excel_na_cell", "Excel 单元格是公式错误 #N/A", refused=[("excel_error", "workforce.xlsx", 4, "heads")])
def _(inbox):
    e.to_xlsx(inbox, "workforce", cells={(3, 7): ("formula", "=NA()", "#N/A")})


@case("excel_div0_in_an_optional_cell", "可为空的社区代码是 #DIV/0!（不能当作空）",
      refused=[("excel_error", "legal_aid_cases.xlsx", 2, "unit_code")])
def _(inbox):
    e.to_xlsx(inbox, "legal_aid_cases", cells={(1, 3): ("formula", "=1/0", "#DIV/0!")})


@case("excel_true_false_cells", "“一村（社区）一清单”用 Excel 的 TRUE/FALSE")
def _(inbox):
    table = e.rows(inbox, "units")
    e.to_xlsx(inbox, "units", cells={(r, 6): table[r][6] == "是" for r in range(1, len(table))})
