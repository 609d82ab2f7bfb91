"""The messy corpus: what arrives in the inbox — completeness, the files themselves, CSV layouts."""

from __future__ import annotations

import os

import polars as pl

from . import edits as e
from .case import ANY, case


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
