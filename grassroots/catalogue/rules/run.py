"""The rules of the run (grassroots/store/pipeline.py) and of the data desk (grassroots/desk/upload.py)."""

from __future__ import annotations

from grassroots.catalogue.rules.declare import W, _rule
from grassroots.catalogue.rules.intake import BIG_HINT, CONTACT

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
