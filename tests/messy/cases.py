"""The messy-inbox corpus: what district staff really send, and what the refresh must make of it.

Every case starts from the tiny world's week 2 (tests/tiny.py), on top of its published week 1,
and changes it the way a person or a program would. Then exactly one of two things must happen:
- published, with every table equal to what the district meant (the tiny week, or the tiny week
  with the change the district really made), or
- refused, with exactly the problems listed: (rule, file, Excel row, column) — "*" for any.
Never a traceback, never a silently changed value.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import polars as pl

from . import edits as e

ANY = "*"


@dataclass(frozen=True)
class Case:
    name: str
    story: str  # what the district did
    edit: Callable[[Path], None]
    refused: tuple[tuple, ...] = ()  # (rule, file, row, column); empty = must be published
    meant: Callable[[dict[str, pl.DataFrame]], None] | None = None  # the district's real change to the frames
    accept: tuple[str, ...] = ()
    notes: int = 0  # notes the refresh must give (skipped rows or files, header found lower down)


CASES: list[Case] = []


def case(name, story, *, refused=(), meant=None, accept=(), notes=0):
    def register(edit):
        CASES.append(Case(name, story, edit, tuple(refused), meant, tuple(accept), notes))
        return edit
    return register


def _set(frames, table, column, value, where=None):
    f = frames[table]
    cond = pl.lit(True) if where is None else (pl.col(where[0]) == where[1])
    frames[table] = f.with_columns(pl.when(cond).then(pl.lit(value, dtype=f.schema[column])).otherwise(pl.col(column)).alias(column))


# ------------------------------------------------------------------ completeness
@case("state_report_district_left_out", "新城区的队伍报表那一行被删掉了（城市社区工作者总数会少一截）",
      refused=[("incomplete_report", "workforce.csv", None, "district_code")])
def _(inbox):
    e.drop_rows(inbox, "workforce", "旗县区代码", "150102")


@case("units_of_one_district_left_out", "和林格尔县的名录行漏报：汇总表与网格随之对不上",
      refused=[("incomplete_report", "units.csv", None, "district_code"),
               ("totals_mismatch", "district_restructuring.csv", 8, "communities"),
               ("unknown_code", "grids.csv", 7, "community_code")])
def _(inbox):
    e.drop_rows(inbox, "units", "旗县区代码", "150123")


@case("state_report_header_only", "标识标牌清理表只剩表头", refused=[("empty_report", "signage_cleanup.csv", None, None)])
def _(inbox):
    e.write(inbox, "signage_cleanup", e.rows(inbox, "signage_cleanup")[:1])


@case("event_report_header_only", "本周没有法律援助事项：事项表只交表头（这是允许的）",
      meant=lambda f: f.update(legal_aid_cases=f["legal_aid_cases"].filter(pl.col("case_id") != "LA00002")))
def _(inbox):
    e.write(inbox, "legal_aid_cases", e.rows(inbox, "legal_aid_cases")[:1])


@case("reports_in_a_subfolder", "志愿服务报表放进了“新城区”子文件夹",
      refused=[("subfolder", "新城区", None, None), ("missing_report", ANY, None, None)])
def _(inbox):
    (inbox / "新城区").mkdir()
    os.rename(inbox / "volunteer_sessions.csv", inbox / "新城区" / "volunteer_sessions.csv")


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


# ------------------------------------------------------------------ keys
@case("duplicate_row", "同一支队伍报了两次", refused=[("duplicate_key", "volunteer_teams.csv", 5, "team_id")])
def _(inbox):
    table = e.rows(inbox, "volunteer_teams")
    e.write(inbox, "volunteer_teams", table + [table[2]])


# ------------------------------------------------------------------ files in the inbox
@case("same_report_twice", "网格表交了两份（英文名和中文名）", refused=[("duplicate_report", "grids.csv、网格.csv", None, None)])
def _(inbox):
    (inbox / "网格.csv").write_bytes((inbox / "grids.csv").read_bytes())


@case("copy_named_file", "多了一个“grids (1).csv”", refused=[("unknown_report", "grids (1).csv", None, None)])
def _(inbox):
    (inbox / "grids (1).csv").write_bytes((inbox / "grids.csv").read_bytes())


@case("office_and_system_junk", "Excel 锁文件、.DS_Store、Thumbs.db、macOS 的 ._ 文件", notes=4)
def _(inbox):
    (inbox / "~$grids.xlsx").write_bytes(b"\x00lock")
    (inbox / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (inbox / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0")
    (inbox / "._units.csv").write_bytes(b"\x00\x05\x16\x07")


@case("unknown_file", "附了一个说明文档", refused=[("unknown_report", "说明.txt", None, None)])
def _(inbox):
    (inbox / "说明.txt").write_text("本周情况说明", encoding="utf-8")


@case("old_xls_format", "另外交了一份 Excel 97-2003 的网格表", refused=[("unsupported_format", "grids.xls", None, None)])
def _(inbox):
    (inbox / "grids.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)


@case("xlsx_renamed_to_csv", "把工作簿的扩展名改成了 .csv", refused=[("wrong_extension", "grids.csv", None, None)])
def _(inbox):
    e.to_xlsx(inbox, "grids")
    os.rename(inbox / "grids.xlsx", inbox / "grids.csv")


@case("corrupt_workbook", "工作簿只传了一半", refused=[("corrupt_xlsx", "task_book.xlsx", None, None)])
def _(inbox):
    path = e.to_xlsx(inbox, "task_book")
    path.write_bytes(path.read_bytes()[:300])


@case("empty_file", "文件是 0 字节", refused=[("empty_file", "service_sites.csv", None, None)])
def _(inbox):
    (inbox / "service_sites.csv").write_bytes(b"")


@case("dangling_symlink", "报送目录里有一个指向已删除文件的快捷方式", refused=[("symlink", "old_units.csv", None, None)])
def _(inbox):
    os.symlink("/nonexistent/units.csv", inbox / "old_units.csv")


@case("symlink_to_a_system_file", "名录被换成指向系统文件的符号链接",
      refused=[("symlink", "units.csv", None, None), ("missing_report", ANY, None, None)])
def _(inbox):
    (inbox / "units.csv").unlink()
    os.symlink("/etc/passwd", inbox / "units.csv")


@case("named_pipe", "目录里有一个命名管道（打开会卡住）", refused=[("not_a_file", "pipe.csv", None, None)])
def _(inbox):
    os.mkfifo(inbox / "pipe.csv")


@case("district_file_with_another_districts_rows", "回民区的文件里是新城区的数据",
      refused=[("district_mismatch", "volunteer_sessions__150103.csv", 2, "district_code")])
def _(inbox):
    os.rename(inbox / "volunteer_sessions.csv", inbox / "volunteer_sessions__150103.csv")


@case("split_file_of_an_unknown_district", "按区拆分的文件名里区划代码写错", refused=[("unknown_district_file", "grids__999999.csv", None, None)])
def _(inbox):
    os.rename(inbox / "grids.csv", inbox / "grids__999999.csv")


# ------------------------------------------------------------------ CSV layouts
@case("old_mac_line_endings", "老式 Mac 的换行（只有 CR）")
def _(inbox):
    e.write(inbox, "grids", e.rows(inbox, "grids"), newline="\r")


@case("tab_separated", "用制表符分隔的“CSV”", refused=[("wrong_delimiter", "grids.csv", None, None)])
def _(inbox):
    path = inbox / "grids.csv"
    path.write_bytes("\r\n".join("\t".join(r) for r in e.rows(inbox, "grids")).encode("utf-8-sig"))


@case("serial_number_column", "表格第一列是“序号”")
def _(inbox):
    table = e.rows(inbox, "grids")
    e.write(inbox, "grids", [["序号"] + table[0]] + [[str(i)] + r for i, r in enumerate(table[1:], start=1)])


@case("labels_with_units_and_line_breaks", "列名里加了单位、换了行：“覆盖\\n小区数（个）”")
def _(inbox):
    table = e.rows(inbox, "grids")
    table[0][3] = "覆盖\n小区数（个）"
    e.write(inbox, "grids", table)


@case("english_headers_any_case", "用英文列名，大小写不一")
def _(inbox):
    table = e.rows(inbox, "grids")
    table[0] = ["Grid_Code", "COMMUNITY_CODE", "district_code", "Compounds"]
    e.write(inbox, "grids", table)


@case("total_row_at_the_bottom", "表末有一行“合计”", notes=1)
def _(inbox):
    table = e.rows(inbox, "workforce")
    e.write(inbox, "workforce", table + [["合计"] + ["0"] * (len(table[0]) - 1)])


@case("signature_footer", "表末写着“填表人：张三 联系电话：…”", notes=1)
def _(inbox):
    table = e.rows(inbox, "workforce")
    e.write(inbox, "workforce", table + [[], ["填表人：张三    审核人：李四    联系电话：0471-1234567"]])


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


@case("district_code_merged_down", "旗县区代码一列按区合并单元格（每区两行）")
def _(inbox):
    table = e.rows(inbox, "units")
    merges = [(r, 4, r + 1, 4, table[r][4]) for r in range(1, len(table), 2)]
    e.to_xlsx(inbox, "units", merge=merges)


@case("instructions_sheet_first", "工作簿第一个工作表是“填报说明”，数据在第二个", notes=1)
def _(inbox):
    e.to_xlsx(inbox, "grids", sheets_before=["填报说明"])


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


# ------------------------------------------------------------------ plausibility
def _fewer_workers(frames):
    _set(frames, "workforce", "community_workers", 30)


def _thirty_workers_everywhere(inbox):
    table = e.rows(inbox, "workforce")
    i = e.col(table, "社区工作者")
    for r in table[1:]:
        r[i] = "30"
    e.write(inbox, "workforce", table)


case("stock_falls_too_far", "各区社区工作者都从 50 报成了 30（填错了列）",
     refused=[("implausible_change", None, None, "community_workers"),
              ("implausible_change", None, None, "workers_per_10k_urban")])(_thirty_workers_everywhere)
case("accepted_change", "同样的下降，但确属实际变化：--accept-change 后发布并记录",
     meant=_fewer_workers, accept=("community_workers", "workers_per_10k_urban"))(_thirty_workers_everywhere)


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
     dict(meant=lambda f: _set(f, "service_sites", "couriers_served", 1000, ("district_code", "150102")))),
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

for _name, _story, _cell, _expected in ONE_CELL:
    case(_name, _story, **_expected)(lambda inbox, cell=_cell: e.set_cell(inbox, *cell))

assert len({c.name for c in CASES}) == len(CASES)
