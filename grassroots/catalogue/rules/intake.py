"""The rules of reading: one cell, the header, a file, the inbox (grassroots/intake/)."""

from __future__ import annotations

from grassroots.catalogue.rules.words import _inside
from grassroots.catalogue.rules.declare import W, _rule

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
