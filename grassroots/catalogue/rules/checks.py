"""The rules of the week's reports and of last week against this week (grassroots/checks/)."""

from __future__ import annotations

from grassroots.catalogue.rules.words import _movers
from grassroots.catalogue.rules.declare import W, _rule, Wording

# ---- the week's reports (grassroots/checks/validate.py)
_rule("missing_report", "缺少报表", "missing report", W(
    "缺少报表“{table:report}”（{table}.csv 或 {table}.xlsx）", "请补交这张报表；本周没有数据的事项表也要交一个只有表头的文件",
    "the report “{table:report}” is missing ({table}.csv or {table}.xlsx)",
    "Hand in this report; an event report with no events this week still needs a file with just its header"))
_rule("unknown_district_file", "文件名中的旗县区代码不存在", "unknown district in the file name", W(
    "文件名中的旗县区代码“{district}”不存在", "按旗县区拆分的文件应命名为 报表名__旗县区代码，如 grids__150102.csv",
    "the district code “{district}” in the file name does not exist",
    "Name a district's file report__districtcode, e.g. grids__150102.csv"))
_rule("district_mismatch", "不是本旗县区的数据", "another district's row", {
    "": W("这是{district:district}（{district}）的文件，但这一行是 {value} 的数据", "请把这一行放到对应旗县区的文件里",
          "this file is {district:district}'s ({district}), but this row is {value}'s data",
          "Move this row to that district's file"),
    "file_name": W("文件名中的旗县区代码是 {value}，不是 {district}", "请确认上传的是本旗县区的文件",
                   "the district code in the file name is {value}, not {district}",
                   "Check that you are uploading your own district's file"),
})
_rule("duplicate_key", "重复报送", "duplicate", {
    "": W("主键 {value} 重复（与 {first_file} 第 {first_row} 行相同）", "同一条记录只能报送一次，请删除重复的行",
          "the key {value} appears twice (as in {first_file}, row {first_row})",
          "Each record is handed in once: delete the repeated row"),
    "published": W("主键 {value} 已在之前的快照 {previous} 中报送过", "事项表只报本周新发生的事项；以前报过的不要再报",
                   "the key {value} was handed in before, in the snapshot of {previous}",
                   "An event report holds only this week's new events: do not hand in earlier ones again"),
})
_COVER_HINT = ("请补上该旗县区的行（没有的数量填 0）；如该旗县区确已不再报送，请先联系市委社会工作部",
               "Add that district's rows (enter 0 for counts that are zero); if the district really no longer reports, "
               "contact the municipal social work department first")
_rule("incomplete_report", "缺少旗县区或指标", "incomplete report", {
    "": W("报表“{table:report}”缺少{district:district}（{district}）的数据：每个旗县区每周都要报送这张表", _COVER_HINT[0],
          "the report “{table:report}” has no data of {district:district} ({district}): every district hands in "
          "this report every week", _COVER_HINT[1]),
    "previous": W("报表“{table:report}”缺少{district:district}（{district}）的数据：上一期有该旗县区的数据，本期却没有",
                  _COVER_HINT[0], "the report “{table:report}” has no data of {district:district} ({district}): "
                  "last week had that district's data, this week does not", _COVER_HINT[1]),
    "indicator": W("报表“{table:report}”缺少指标“{value:indicator}”（{value}）", "每周都要报送全部市级指标",
                   "the report “{table:report}” lacks the indicator “{value:indicator}” ({value})",
                   "Hand in every city-level indicator every week"),
})
_CODE_HINT = ("请核对代码；代码须与本周名录一致", "Check the code; codes must match this week's lists")
_rule("unknown_code", "代码不存在", "unknown code", {  # variants: a column's `ref` (tables.py), and a brand's unit
    "district": W("未知的旗县区代码“{value}”", _CODE_HINT[0], "unknown district code “{value}”", _CODE_HINT[1]),
    "unit": W("未知的单位代码（治理单元名录）“{value}”", _CODE_HINT[0],
              "unknown unit code (list of governance units) “{value}”", _CODE_HINT[1]),
    "point": W("未知的观察点编号“{value}”", _CODE_HINT[0], "unknown observation point id “{value}”", _CODE_HINT[1]),
    "team": W("未知的队伍编号“{value}”", _CODE_HINT[0], "unknown team id “{value}”", _CODE_HINT[1]),
    "brand": W("议事协商品牌“{brand:brand}”所在单位 {value} 不在本周名录中", "名录中不能删除有议事协商品牌的村（社区）",
               "the unit {value} of the deliberation brand “{brand:brand}” is not in this week's list",
               "A village (community) with a deliberation brand cannot be deleted from the list"),
})
_rule("missing_parent", "上级单位不存在", "missing parent unit", W(
    "上级单位“{value}”不存在（{unit_name}）", "请核对上级单位代码",
    "the parent unit “{value}” does not exist ({unit_name})", "Check the parent unit's code"))
_rule("date_outside_week", "日期不在本周", "date outside the week", W(
    "日期 {value} 不在本周（{start} 至 {end}）内", "本表只报本周发生的事项",
    "the date {value} is not in this week ({start} to {end})", "This report holds only this week's events"))
_rule("date_after_as_of", "日期晚于截止日", "date after the as-of date", W(
    "日期 {value} 晚于报送截止日 {expected}", "请核对日期",
    "the date {value} is after the as-of date, {expected}", "Check the date"))
_rule("totals_mismatch", "与明细不一致", "totals differ", {
    "detail": W("汇总数 {value} 与{other:report}（{other}）明细 {expected} 不一致", "汇总表须与名录、网格明细一致，请核对",
                "the total {value} differs from the {expected} of the detail in {other:report} ({other})",
                "The totals must agree with the list of units and the grids' detail: check them"),
    "part": W("{column:column} {value} 大于 {whole:column} {expected}", "部分不能大于总数，请核对",
              "{column:column}, {value}, is more than {whole:column}, {expected}", "A part cannot be more than its whole: check them"),
    "after": W("{indicator} 调整后 {value:g} 多于调整前 {expected:g}", "请核对调整前后的数值",
               "{indicator}: {value:g} after the change is more than {expected:g} before it",
               "Check the values before and after"),
})
_rule("inconsistent", "前后矛盾", "inconsistent", W(
    "进度为已完成(done)时必须填写完成日期，未完成时不应填写", "请补填或删除完成日期",
    "a task that is done (done) needs its completion date, and one not done must have none",
    "Fill in or delete the completion date"))

# ---- last week against this week (grassroots/checks/plausibility.py)
_CHANGE = ("{district:scope}“{figure:figure}”由上期（{previous}）的 {before:number}{figure:unit} 变为 "
           "{after:number}{figure:unit}（{pct:+.1f}%），超出允许的每周变化（{limit_text}）{source}",
           "“{figure:figure}” ({district:scope}) went from {before:number}{figure:unit} last week ({previous}) to "
           "{after:number}{figure:unit} ({pct:+.1f}%), more than the weekly change allowed ({limit_text}){source}")
_GONE = ("{district:scope}“{figure:figure}”本期{now}，上期（{previous}）为 {before:number}{figure:unit}，"
         "超出允许的每周变化（指标不能降为 0 或消失）{source}",
         "“{figure:figure}” ({district:scope}) {now} this week, after {before:number}{figure:unit} last week "
         "({previous}): more than the weekly change allowed (a figure may not fall to 0 or vanish){source}")
_ACCEPT = ("请核对相关旗县区的报表是否漏报；如确属实际变化，请加 --accept-change {figure} 重新运行",
           "Check whether the districts' reports left rows out; if the change is real, run again with --accept-change {figure}")


def _change(limit: tuple[str, str] | None = None, now: tuple[str, str] | None = None) -> Wording:
    """A wording of a week-on-week change: a figure that moved beyond its band (`limit`), or is gone (`now`)."""
    if now is None:
        zh, en = (t.replace("{limit_text}", limit[i]) for i, t in enumerate(_CHANGE))
    else:
        zh, en = (t.replace("{now}", now[i]) for i, t in enumerate(_GONE))
    return W(zh, _ACCEPT[0], en, _ACCEPT[1])


_rule("implausible_change", "与上期相比变化过大", "implausible change", {
    "falls": _change(("每周下降不超过 {limit:g}%", "a fall of at most {limit:g}% a week")),
    "falls_any": _change(("不能下降", "it may not fall")),
    "rises": _change(("每周上升不超过 {limit:g}%", "a rise of at most {limit:g}% a week")),
    "vanishes": _change(now=("没有数据", "has no data")),
    "zero": _change(now=("为 0", "is 0")),
}, derive={"source": _movers}, optional=("movers", "moved"))
