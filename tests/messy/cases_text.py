"""The messy corpus: encodings, numbers, text, dates, and one cell typed the way people type."""

from __future__ import annotations

from . import edits as e
from .case import case, one_cell, set_value


# ------------------------------------------------------------------ encodings
@case("rows_in_two_encodings", "两个区的文件拼在一起：前面 UTF-8，最后一行是 GBK",
      refused=[("mixed_encoding", "volunteer_teams.csv", 4, None)])
def _(inbox):
    table = e.rows(inbox, "volunteer_teams")
    head = e.write(inbox, "volunteer_teams", table[:3]).read_bytes()
    tail = e.write(inbox, "volunteer_teams", table[3:], encoding="gb18030").read_bytes()
    (inbox / "volunteer_teams.csv").write_bytes(head + tail)


@case("whole_file_gbk", "名录用 WPS 默认的 GBK 保存")
def _(inbox):
    e.write(inbox, "units", e.rows(inbox, "units"), encoding="gb18030")


@case("utf8_without_bom", "网格表是没有 BOM 的 UTF-8")
def _(inbox):
    e.write(inbox, "grids", e.rows(inbox, "grids"), encoding="utf-8")


@case("utf16_unicode_text", "Excel 另存为“Unicode 文本”（UTF-16）", refused=[("encoding", "workforce.csv", None, None)])
def _(inbox):
    e.write(inbox, "workforce", e.rows(inbox, "workforce"), encoding="utf-16")


@case("neither_utf8_nor_gbk", "队伍表用 Latin-1 保存（英文表头，名称以重音字母结尾：既非 UTF-8 也非 GB18030）",
      refused=[("encoding", "volunteer_teams.csv", None, None)])
def _(inbox):
    table = e.rows(inbox, "volunteer_teams")
    table[0] = ["team_id", "team_name", "team_kind", "district_code"]
    for r in table[1:]:
        r[1] = "Équipe " + r[0] + " é"
    e.write(inbox, "volunteer_teams", table, encoding="latin-1")


@case("bom_in_the_middle", "两个带 BOM 的 UTF-8 文件直接拼接：第二段的表头带着 BOM 出现在中间",
      refused=[("repeated_header", "grids.csv", 6, None)])
def _(inbox):
    table = e.rows(inbox, "grids")
    first = e.write(inbox, "grids", table[:5]).read_bytes()
    second = e.write(inbox, "grids", [table[0]] + table[5:]).read_bytes()
    (inbox / "grids.csv").write_bytes(first + second)


@case("two_files_pasted_with_both_headers", "复制粘贴两份表，第二份的表头也粘了进来",
      refused=[("repeated_header", "grids.csv", 6, None)])
def _(inbox):
    table = e.rows(inbox, "grids")
    e.write(inbox, "grids", table[:5] + [table[0]] + table[5:])


# ------------------------------------------------------------------ numbers
@case("comma_splits_a_cell", "手工编辑 CSV：数字里的逗号没加引号，把一格拆成了两格",
      refused=[("extra_cells", "service_sites.csv", 2, "第7列")])
def _(inbox):
    path = inbox / "service_sites.csv"
    lines = path.read_bytes().decode("utf-8-sig").split("\r\n")
    cells = lines[1].split(",")
    cells[4] = "50,1"
    lines[1] = ",".join(cells)
    path.write_bytes("\r\n".join(lines).encode("utf-8-sig"))


# ------------------------------------------------------------------ text and codes
# ------------------------------------------------------------------ dates
@case("dates_written_three_ways", "日期写成 2026/11/20、2026年11月20日")
def _(inbox):
    e.set_cell(inbox, "observation_weekly", 2, "周末日期", "2026/11/20")
    e.set_cell(inbox, "observation_weekly", 3, "周末日期", "2026年11月20日")


# ------------------------------------------------------------------ one cell typed the way people type
# (name, what the district did, then the cell: report, Excel row, header as labelled, what was typed;
#  and what the refresh must say, as for @case)
ONE_CELL = [
    ("nan_in_a_decimal", "市级指标的数值是 NaN（程序导出）", ("city_indicators", 2, "数值", "NaN"),
     dict(refused=[("not_a_number", "city_indicators.csv", 2, "value")])),
    ("nan_in_a_count", "社区工作者人数是 nan", ("workforce", 3, "社区工作者", "nan"),
     dict(refused=[("not_a_number", "workforce.csv", 3, "community_workers")])),
    ("infinity_in_a_count", "服务人数是 inf", ("service_sites", 2, "服务快递员、网约配送员", "inf"),
     dict(refused=[("not_a_number", "service_sites.csv", 2, "couriers_served")])),
    ("badly_grouped_thousands", "服务人数写成 50,1（是 501 还是 50.1？）", ("service_sites", 2, "服务快递员、网约配送员", "50,1"),
     dict(refused=[("thousands_separator", "service_sites.csv", 2, "couriers_served")])),
    ("grouped_thousands", "服务人数写成 1,000（千分位）", ("service_sites", 2, "服务快递员、网约配送员", "1,000"),
     dict(meant=lambda f: set_value(f, "service_sites", "couriers_served", 1000, ("district_code", "150102")))),
    ("fullwidth_digits", "中文输入法全角状态下输入的数字“１２”（与 12 相同）", ("signage_cleanup", 2, "清理标识标牌", "１２"),
     dict()),
    ("percent_sign_in_a_count", "担任正职人数写成 2%", ("workforce", 2, "担任正职", "2%"),
     dict(refused=[("wrong_type", "workforce.csv", 2, "heads")])),
    ("unit_after_a_number", "覆盖小区数写成“2个”", ("grids", 2, "覆盖小区数", "2个"),
     dict(refused=[("wrong_type", "grids.csv", 2, "compounds")])),
    ("negative_count", "上墙制度填了 -1", ("signage_cleanup", 3, "清理上墙制度", "-1"),
     dict(refused=[("negative", "signage_cleanup.csv", 3, "wall_rules_removed")])),
    ("empty_required_cell", "覆盖小区数没填", ("grids", 2, "覆盖小区数", ""),
     dict(refused=[("required", "grids.csv", 2, "compounds")])),
    ("excel_error_text_in_csv", "从 Excel 另存的 CSV 里留着 #N/A", ("signage_cleanup", 5, "清理标识标牌", "#N/A"),
     dict(refused=[("excel_error", "signage_cleanup.csv", 5, "signs_removed")])),
    ("nul_inside_a_name", "队伍名称中间有 NUL 字符（从系统导出）", ("volunteer_teams", 2, "队伍名称", "新城区\x00巾帼志愿服务团"),
     dict(refused=[("control_character", "volunteer_teams.csv", 2, "team_name")])),
    ("zero_width_space_in_a_code", "从网页复制的旗县区代码带着零宽空格", ("signage_cleanup", 2, "旗县区代码", "150102\u200b"),
     dict(refused=[("control_character", "signage_cleanup.csv", 2, "district_code")])),
    ("code_shown_in_scientific_notation", "Excel 把 12 位社区代码显示成 1.50102E+11 后另存为 CSV", ("grids", 2, "所属社区代码", "1.50102E+11"),
     dict(refused=[("code_as_number", "grids.csv", 2, "community_code")])),
    ("spaces_around_a_name", "名称前后带着不间断空格和全角空格（去掉即可）", ("volunteer_teams", 2, "队伍名称", "\u00a0新城区巾帼志愿服务团\u3000"),
     dict()),
    ("event_dated_outside_the_week", "志愿服务日期填成了上个月", ("volunteer_sessions", 2, "日期", "2026-10-01"),
     dict(refused=[("date_outside_week", "volunteer_sessions.csv", 2, "held_on")])),
    ("date_as_an_excel_serial", "日期列变成了 Excel 的序列号 46344", ("legal_aid_cases", 2, "日期", "46344"),
     dict(refused=[("wrong_type", "legal_aid_cases.csv", 2, "handled_on")])),
    ("event_already_published", "上周报过的法律援助件次又报了一次", ("legal_aid_cases", 2, "件次编号", "LA00001"),
     dict(refused=[("duplicate_key", "legal_aid_cases.csv", 2, "case_id")])),
    ("one_district_falls_inside_the_city_band", "新城区的标识标牌累计数从 10 变成 2（全市只升 10%，但该区不可能下降）", ("signage_cleanup", 2, "清理标识标牌", "2"),
     dict(refused=[("implausible_change", None, None, "signs_removed")])),
]

one_cell(ONE_CELL)

