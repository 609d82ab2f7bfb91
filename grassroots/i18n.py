"""Every user-facing string of the app, in Chinese first and English. Labels of tables, columns
and figures live in schema.py and figures.py; this file holds the rest."""

from __future__ import annotations

LANGS = ("zh", "en")

STRINGS: dict[str, tuple[str, str]] = {
    # frame
    "app_title": ("呼和浩特市“减负赋能”基层治理看板", "Hohhot grassroots governance dashboard"),
    "app_subtitle": ("市委社会工作部", "Municipal Social Work Department"),
    "demo_badge": ("示例数据", "Demo data"),
    "demo_note": ("本看板显示的是示例数据：区划名称与代码真实，其余为模拟，最新一期与公开报道数字一致。",
                  "Demo data: real division names and codes; the rest is simulated, and the latest week matches the published report."),
    "snapshot": ("数据期次", "Snapshot"),
    "snapshot_option": ("截至 {date}", "as of {date}"),
    "district": ("旗县区", "District"),
    "whole_city": ("全市", "Whole city"),
    "language": ("语言 / Language", "语言 / Language"),
    "freshness": ("数据截至 {as_of} · 发布于 {published} · 校验{passed} · {files} 个报送文件",
                  "Data as of {as_of} · published {published} · validation {passed} · {files} report files"),
    "passed": ("通过", "passed"),
    "failed": ("未通过", "failed"),
    "no_snapshot": ("尚无已发布的快照。请先运行 `make run`（自动生成示例数据）或 `python refresh.py`。",
                    "No snapshot has been published yet. Run `make run` (builds demo data) or `python refresh.py`."),
    # pages
    "page_overview": ("总览", "Overview"),
    "page_restructuring": ("治理单元优化", "Unit restructuring"),
    "page_burden": ("减负", "Burden reduction"),
    "page_workforce": ("队伍建设", "Workforce pipeline"),
    "page_cogovernance": ("共治与志愿服务", "Co-governance & volunteers"),
    # overview
    "overview_lead": ("各项改革目标的进展、本周变化与公开报道核对", "Where each goal stands, what moved this week, and the check against the published report"),
    "status_done": ("已完成", "Done"),
    "status_on_track": ("推进中", "On track"),
    "status_behind": ("滞后", "Behind"),
    "status_info": ("监测", "Monitored"),
    "target": ("目标", "Target"),
    "baseline": ("基数", "Baseline"),
    "progress": ("进度", "Progress"),
    "vs_last_week": ("较上期", "vs last week"),
    "no_change": ("无变化", "no change"),
    "first_snapshot": ("首期", "first snapshot"),
    "status_rule": ("状态规则（{version}）：进度 ≥ {done:.0%} 为已完成，≥ {on_track:.0%} 为推进中，否则为滞后；进度 =（当前 − 基数）÷（目标 − 基数）。依据：{basis}",
                    "Status rule ({version}): progress ≥ {done:.0%} done, ≥ {on_track:.0%} on track, else behind; progress = (value − baseline) ÷ (target − baseline). Basis: {basis}"),
    "definition": ("口径", "Definition"),
    "card_meaning": ("业务含义", "Meaning"),
    "card_source": ("数据来源", "Source"),
    "card_rule": ("计算规则", "Calculation"),
    "card_owner": ("责任部门", "Responsible"),
    "card_frequency": ("更新频率", "Updated"),
    "reconciliation": ("与公开报道核对", "Check against the published report"),
    "reconciliation_lead": ("公开报道（市委社会工作部供稿）中的每个数字与本期快照计算值逐项对照。",
                            "Every figure of the published report beside the value this snapshot gives."),
    "reconciliation_all_match": ("{n} 项全部一致", "all {n} figures match"),
    "reconciliation_some_differ": ("{bad} / {n} 项不一致", "{bad} of {n} figures differ"),
    "col_figure": ("指标", "Figure"),
    "col_published": ("公开报道", "Published"),
    "col_snapshot": ("本期快照", "Snapshot"),
    "col_unit": ("单位", "Unit"),
    "col_match": ("一致", "Match"),
    "match_yes": ("✓ 一致", "✓ match"),
    "match_no": ("✗ 不一致", "✗ differs"),
    "district_note": ("已选 {district}：市级指标（执法事项、事务清单、任务书）仍为全市数。",
                      "{district} selected: city-level figures (enforcement items, affairs lists, task book) stay city-wide."),
    "empty_reason": ("所选期次或旗县区没有这项数据：{reason}", "No data for this snapshot or district: {reason}"),
}


def t(key: str, lang: str = "zh", **fmt) -> str:
    zh, en = STRINGS[key]
    text = en if lang == "en" else zh
    return text.format(**fmt) if fmt else text
