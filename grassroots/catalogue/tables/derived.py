"""The columns queries compute rather than districts report."""

from __future__ import annotations

from grassroots.catalogue.tables.columns import Column, _c

# Columns that queries compute rather than districts report: their labels live here, beside the
# reported ones, so every column a user sees has one Chinese and one English label (a test checks).
DERIVED: dict[str, Column] = {c.name: c for c in (
    _c("street_name", "str", "街道（镇）", "Street / town", "", "社区、村所属的街道或镇",
       definition_en="The street or town a community or village belongs to"),
    _c("place", "str", "所在地", "Place", "", "旗县区、街道（镇）与村（社区）",
       definition_en="District, street (town) and village (community)"),
    _c("week", "str", "周（截至周五）", "Week (ending Friday)", "", "日期所在周的周五；周六、周日计入下一周",
       definition_en="The Friday of the date's week; Saturdays and Sundays count in the next week"),
    _c("month", "str", "月份", "Month", "", "日期所在月份", definition_en="The month of the date"),
    _c("snapshot", "str", "快照期次", "Snapshot", "", "数据截至日期（每周五发布一期）",
       definition_en="The date the data run to (one snapshot is published every Friday)"),
    _c("burden_total", "int", "本周负担合计", "Burden this week", "项次", "观察点六项负担指标之和",
       definition_en="Sum of the observation point's six burden indicators"),
    _c("burden_change", "int", "较上周", "vs last week", "项次", "本周负担合计减上周负担合计",
       definition_en="This week's burden total minus last week's"),
    _c("total_rises", "bool", "提示", "Flag", "", "负担合计较上周上升超过 targets.toml 设定的比例",
       definition_en="The burden total rose above last week's by more than the share set in targets.toml"),
    _c("workers_per_10k", "float", "每万城镇人口社区工作者", "Workers per 10,000 urban residents", "名",
       "社区工作者 ÷ 城镇常住人口 × 10000，保留一位小数",
       definition_en="Community workers ÷ urban resident population × 10000, rounded to one decimal place"),
    _c("volunteer_sessions", "int", "公益志愿服务（场次）", "Volunteer sessions", "场次", "所选时段内开展的场次",
       definition_en="Sessions held in the chosen period"),
    _c("legal_aid_cases", "int", "法律援助（件次）", "Legal-aid services", "件次", "所选时段内提供的件次",
       definition_en="Services provided in the chosen period"),
    _c("civil_and_institution", "int", "定向考录公务员、事业人员", "Civil servants & institution staff", "人",
       "面向村（社区）党组织书记定向考录的公务员与事业单位人员之和",
       definition_en="Civil servants plus public-institution staff recruited through examinations reserved for "
                     "village (community) party organisation secretaries"),
    _c("snapshot_value", "float", "本期快照", "Snapshot", "", "本期快照计算的数值",
       definition_en="The value computed from this snapshot"),
    _c("matches", "bool", "一致", "Match", "", "本期快照数值与公开报道相同",
       definition_en="This snapshot's value equals the published one"),
    _c("table", "str", "数据表", "Table", "", "快照中的数据表", definition_en="A table in the snapshot"),
    _c("rows_old", "int", "原行数", "Rows before", "行", "较早一期的行数", definition_en="Rows in the earlier snapshot"),
    _c("rows_new", "int", "现行数", "Rows after", "行", "较新一期的行数", definition_en="Rows in the later snapshot"),
    _c("added", "int", "新增", "Added", "行", "较新一期才有的记录", definition_en="Records only in the later snapshot"),
    _c("removed", "int", "删除", "Removed", "行", "较新一期不再有的记录", definition_en="Records no longer in the later snapshot"),
    _c("changed", "int", "变化", "Changed", "行", "两期都有、数值不同的记录",
       definition_en="Records in both snapshots whose values differ"),
    _c("revised", "int", "修订", "Revised", "处", "同一单位、同一期间的数值被改动",
       definition_en="Values of the same unit and period that were changed"),
    _c("record", "str", "记录", "Record", "", "记录的主键", definition_en="The record's key"),
    _c("field", "str", "字段", "Field", "", "变化的字段", definition_en="The field that changed"),
    _c("old", "str", "原值", "Before", "", "较早一期的数值", definition_en="The value in the earlier snapshot"),
    _c("new", "str", "新值", "After", "", "较新一期的数值", definition_en="The value in the later snapshot"),
)}
