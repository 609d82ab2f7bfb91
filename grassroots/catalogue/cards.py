"""The 口径 card: what a figure or a column means, where it comes from, how it is computed, who
answers for it and how often it changes. One card type, made here from the catalogue (figures,
columns) or for a computed value (the exploration's groups, an analyst's SQL), and drawn the
same way on every page, in every export and in the brief, in Chinese or English.
"""

from __future__ import annotations

from dataclasses import dataclass

from grassroots.catalogue import figures, units
from grassroots.catalogue.tables import Column, Table

Text = tuple[str, str]  # (Chinese, English)

HEADINGS: dict[str, Text] = {
    "meaning": ("业务含义", "Meaning"),
    "source": ("数据来源", "Source"),
    "rule": ("计算规则", "Calculation"),
    "owner": ("责任部门", "Responsible"),
    "frequency": ("更新频率", "Updated"),
}
DEPARTMENT: Text = ("市委社会工作部", "Municipal Social Work Department")
WEEKLY: Text = ("每周", "Weekly")
COMPUTED: Text = ("由看板查询根据已发布快照计算（queries/）", "Computed by the dashboard's queries from the published snapshot")
FREQUENCY: dict[str, Text] = {
    "report": ("每周（全量报送）", "Weekly (full statement)"),
    "event": ("每周（当周新增）", "Weekly (the week's new events)"),
    "reference": ("随系统更新", "With each release"),
}
KIND_RULE: dict[str, Text] = {
    "report": ("各旗县区（或市级）每周报送的当期值", "The current value each district (or the city) reports every week"),
    "event": ("逐条报送，每周新增累计", "Reported one by one; each week's new ones are added up"),
    "reference": ("参考数据，随系统发布", "Reference data, shipped with the system"),
}


def pick(text: Text, lang: str) -> str:
    """The text in the language, Chinese where the English is not written yet."""
    return text[1] if lang == "en" and text[1] else text[0]


@dataclass(frozen=True)
class Card:
    meaning: Text
    source: Text
    rule: Text
    owner: Text = DEPARTMENT
    frequency: Text = WEEKLY

    def lines(self, lang: str = "zh") -> list[tuple[str, str]]:
        """(heading, text) in the language, in the card's fixed order."""
        return [(pick(HEADINGS[part], lang), pick(getattr(self, part), lang)) for part in HEADINGS]

    def text(self, lang: str = "zh") -> str:
        """The card as one line of plain text (a table header's hover)."""
        return "；".join(f"{h}：{text}" for h, text in self.lines(lang))

    def markdown(self, lang: str = "zh", title: str | None = None, escape=lambda s: s) -> str:
        """The card as Markdown paragraphs (the pages' popovers and help texts)."""
        lines = [f"**{escape(title)}**"] if title else []
        return "\n\n".join([*lines, *(f"**{h}**：{escape(text)}" for h, text in self.lines(lang))])


def of_figure(figure_id: str) -> Card:
    f = figures.FIGURES[figure_id]
    owner, source = figures.AREA_DEFAULTS[f.area]
    return Card((f.meaning, f.meaning_en), f.source or source, (f.rule, f.rule_en), f.owner or owner, f.frequency)


def of_column(column: Column, table: Table | None) -> Card:
    """The card of a reported column (its table's source and kind), or of one the queries compute."""
    if table is None:
        return Card((column.zh, column.en), COMPUTED, (column.definition, column.definition_en))
    rule_zh, rule_en = KIND_RULE[table.kind]
    if column.choice_labels:
        rule_zh += "；取值：" + "、".join(f"{zh}（{v}）" for v, zh, _ in column.choice_labels)
        rule_en += "; values: " + ", ".join(f"{en} ({v})" for v, _, en in column.choice_labels)
    if column.unit:
        rule_zh += f"；单位：{units.card_text(column.unit, 'zh')}"
        rule_en += f"; unit: {units.card_text(column.unit, 'en')}"
    owner = figures.AREA_DEFAULTS[table.area][0] if table.area in figures.AREA_DEFAULTS else DEPARTMENT
    source = (f"{table.zh}（{table.name}）：{table.source}", f"{table.en} ({table.name}): {table.source_en or table.source}")
    return Card((column.definition, column.definition_en), source, (rule_zh, rule_en), owner, FREQUENCY[table.kind])
