"""The messy corpus: cells as Excel shows them (formulas, number formats, hidden rows and columns),
and text as Hohhot writes it (Mongolian, line breaks, controls, length)."""

from __future__ import annotations

import datetime as dt

from xlsx_saved import as_excel_saves

from . import edits as e
from .case import case, one_cell, set_value

HEADS = (1, 7)  # workforce.xlsx H2: 新城区's 担任正职, 2 in the tiny week
MONGOLIAN = "ᠬᠥᠬᠡᠬᠣᠲᠠ ᠶᠢᠨ ᠡᠮᠡᠭᠲᠡᠢ ᠰᠠᠶᠢᠨ ᠳᠤᠷ\u180eᠠ ᠲᠡ\u180bᠭᠦᠮ"  # a women's team of Hohhot, with MVS and FVS1


def _team_name(value):
    return lambda frames: set_value(frames, "volunteer_teams", "team_name", value, ("team_id", "WC01"))


# ------------------------------------------------------------------ formulas
@case("formula_result_never_saved", "担任正职是公式 =1+1，文件由程序生成，没有保存计算结果（看不出 Excel 显示什么）",
      refused=[("formula_not_saved", "workforce.xlsx", 2, "heads")])
def _(inbox):
    path = e.to_xlsx(inbox, "workforce", cells={HEADS: ("formula", "=1+1", 2)})
    path.write_bytes(as_excel_saves(path.read_bytes(), {("sheet1", "H2"): None}))


@case("formula_to_recalculate_on_load", "程序写的公式结果存成 0，并要求打开时重算（Excel 显示 2，文件里是 0）",
      refused=[("formula_not_saved", "workforce.xlsx", 2, "heads")])
def _(inbox):
    e.to_xlsx(inbox, "workforce", cells={HEADS: ("formula", "=1+1", 0)}, recalc=True)


@case("formula_saved_by_excel", "担任正职是公式 =1+1，Excel 保存时存了结果 2：按显示的 2 发布")
def _(inbox):
    e.to_xlsx(inbox, "workforce", cells={HEADS: ("formula", "=1+1", 2)})


@case("code_as_a_text_formula", "网格表的社区代码写成 =\"150102005002\"（防止变成科学计数法的导出技巧）")
def _(inbox):
    e.to_xlsx(inbox, "grids", cells={(1, 1): ("formula", '="150102005002"', "150102005002")})


one_cell([("code_as_a_text_formula_in_csv", "CSV 里的社区代码是 =\"150102005002\"（Excel 打开后显示 150102005002）",
           ("grids", 2, "所属社区代码", '="150102005002"'), dict())])


# ------------------------------------------------------------------ number formats
REFUSED_FORMAT = dict(refused=[("cell_format", "workforce.xlsx", 2, "heads")])
# 担任正职 (2) typed under a number format: (name, story, the value stored, the format, what the refresh must do)
for _name, _story, _value, _format, _expected in [
    ("count_in_a_percent_cell", "担任正职填在设成百分比格式的单元格里（存 2，显示 200%）", 2, "0%", REFUSED_FORMAT),
    ("count_in_a_date_cell", "担任正职填在日期格式的单元格里（显示成 1900-01-02）", 2, "yyyy-mm-dd", REFUSED_FORMAT),
    ("count_in_a_text_cell", "担任正职所在列设成了文本格式，数字存成了文字", "2", "@", REFUSED_FORMAT),
    ("count_in_a_thousands_cell", "担任正职的格式是 #,##0,（按千显示：存 2，显示 0）", 2, "#,##0,", REFUSED_FORMAT),
    ("count_in_a_wan_cell", "担任正职的格式是 0!.0000\"万\"（按万显示：存 2，显示 0.0002万）", 2, '0!.0000"万"', REFUSED_FORMAT),
    ("count_with_separator_and_unit", "担任正职的格式是 #,##0\"人\"（显示 2人）：显示的还是这个数，按 2 发布", 2, '#,##0"人"', {}),
]:
    case(_name, _story, **_expected)(
        lambda inbox, value=_value, number_format=_format: e.to_xlsx(inbox, "workforce", cells={HEADS: ("format", value, number_format)}))


@case("date_as_a_formatted_serial", "法律援助日期是 Excel 日期（序列号加日期格式）：按显示的日期发布")
def _(inbox):
    serial = (dt.date(2026, 11, 17) - dt.date(1899, 12, 30)).days
    e.to_xlsx(inbox, "legal_aid_cases", cells={(1, 1): ("format", serial, "yyyy/m/d")})


# ------------------------------------------------------------------ hidden and merged
@case("hidden_row_still_sent", "网格表筛选后只看得到一部分，被隐藏的第 4 行也在文件里",
      refused=[("hidden_cells", "grids.xlsx", 4, None)])
def _(inbox):
    e.to_xlsx(inbox, "grids", hidden_rows=[3])


@case("hidden_column_still_sent", "“担任正职”一列被隐藏了",
      refused=[("hidden_cells", "workforce.xlsx", 1, "heads")])
def _(inbox):
    e.to_xlsx(inbox, "workforce", hidden_cols=[7])


# ------------------------------------------------------------------ text
one_cell([
    ("mongolian_team_name", "队伍名称用蒙古文书写（含蒙古文元音分隔符 U+180E 和变体选择符）",
     ("volunteer_teams", 2, "队伍名称", MONGOLIAN), dict(meant=_team_name(MONGOLIAN))),
    ("line_break_in_a_team_name", "队伍名称中间按了 Alt+Enter 换行：读成一个空格",
     ("volunteer_teams", 2, "队伍名称", "新城区巾帼\r\n志愿服务团"), dict(meant=_team_name("新城区巾帼 志愿服务团"))),
    ("bidi_override_in_a_name", "从网页复制的队伍名称带着从右到左控制符 U+202E",
     ("volunteer_teams", 2, "队伍名称", "新城区\u202e巾帼志愿服务团"),
     dict(refused=[("control_character", "volunteer_teams.csv", 2, "team_name")])),
    ("document_pasted_into_a_name", "一万字的文件内容粘贴进了队伍名称",
     ("volunteer_teams", 2, "队伍名称", "新城区巾帼志愿服务团工作总结。" * 700),
     dict(refused=[("too_long", "volunteer_teams.csv", 2, "team_name")])),
])


@case("line_break_in_an_excel_name", "Excel 里的队伍名称有 Alt+Enter 换行：读成一个空格", meant=_team_name("新城区巾帼 志愿服务团"))
def _(inbox):
    e.to_xlsx(inbox, "volunteer_teams", cells={(1, 1): "新城区巾帼\n志愿服务团"})



# ------------------------------------------------------------------ encodings
@case("big5_csv", "队伍报表在繁体系统上另存为 Big5：按 GBK 能解码，却是乱码",
      refused=[("encoding", "volunteer_teams.csv", 1, None)])
def _(inbox):
    table = [["隊伍編號", "隊伍名稱", "隊伍類別", "旗縣區代碼"]] + e.rows(inbox, "volunteer_teams")[1:]
    for row in table[1:]:
        row[1] = "新城區巾幗志願服務團"
    e.write(inbox, "volunteer_teams", table, encoding="big5")


@case("gbk_csv_with_rare_place_names", "GBK 文件里的名称有内蒙古地名用字（圐圙、墕、栜）：照常读取",
      meant=_team_name("圐圙村墕栜巾帼志愿服务团"))
def _(inbox):
    e.set_cell(inbox, "volunteer_teams", 2, "队伍名称", "圐圙村墕栜巾帼志愿服务团", encoding="gb18030")
