"""本周要情: the week told in three to six sentences, made from what the brief already gathered
(grassroots/outputs/brief.py): the biggest moves, the targets reached, the figures behind, the
observation points to watch and the cases notified.

Every number in a sentence is a `Num`: its text, its value and where it came from (the query and
the figure or column), so the overview links each number to its 口径 and query, and a test parses
the numbers back out of the text and finds each one in the snapshot. Names typed by districts
(a point, a community) and the catalogue's figure labels (one reads "10,000") are `Name` parts:
shown as typed, escaped wherever they are shown, never read as a number. Counts of people below five are
shown as "<5" (outputs/privacy.py), on screen and in every push alike: both print these sentences.

The sentences are the catalogue's (i18n/push.toml, narrative_*), in Chinese or English.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING

from grassroots.catalogue import fmt
from grassroots.catalogue.figures import FIGURES
from grassroots.catalogue.i18n import t
from grassroots.outputs import privacy

if TYPE_CHECKING:  # the brief imports this module
    from grassroots.outputs.brief import Brief, FigureRow

MOVES = 3  # figures named in the "biggest moves" sentence
LISTED = 4  # figures named in the reached / behind sentences


@dataclass(frozen=True)
class Num:
    text: str  # as printed, unit included ("1.58万人", "+6 sessions", "<5")
    value: float | None  # the stored value it prints (None once suppressed)
    query: str  # the named query it comes from (queries/<query>.sql)
    field: str  # the figure id, or the query's column
    what: str = "value"  # value | value_before | change | count


@dataclass(frozen=True)
class Name:
    text: str  # a name: a district's, as typed, or a catalogue label


Part = str | Num | Name
Sentence = list[Part]


def _join(lang: str, items: list[list[Part]], sep: str | None = None) -> list[Part]:
    out: list[Part] = []
    sep = sep or ("、" if lang == "zh" else ", ")
    for i, item in enumerate(items):
        if i:
            out.append(sep)
        out += item
    return out


def _fill(key: str, lang: str, **slots: list[Part] | Part) -> Sentence:
    """The catalogue sentence `key` with each {slot} replaced by its parts."""
    marker = "\x00"
    text = t(key, lang, **{k: f"{marker}{k}{marker}" for k in slots})
    out: Sentence = []
    for i, piece in enumerate(text.split(marker)):
        if i % 2:
            value = slots[piece]
            out += value if isinstance(value, list) else [value]
        elif piece:
            out.append(piece)
    return out


def figure_nums(row: FigureRow, lang: str) -> tuple[Num, Num, Num]:
    """Value, last week's value and change of a headline figure, suppressed together when either
    week is a small count of people (a hidden value must not be back-solved from the change)."""
    f = FIGURES[row.id]
    hide = privacy.small_people(f.unit_zh, row.value) or privacy.small_people(f.unit_zh, row.before)
    value = Num(privacy.HIDDEN if hide else row.value_text, None if hide else row.value, "headline_figures", row.id)
    before_text = fmt.with_unit(row.before, f.unit_zh, f.unit_en, lang)
    before = Num(privacy.HIDDEN if hide else before_text, None if hide else row.before, "headline_figures", row.id,
                 "value_before")
    change = Num(privacy.HIDDEN if hide else row.change_text, None if hide else row.change, "headline_figures", row.id,
                 "change")
    return value, before, change


def sentences(brief: Brief) -> list[Sentence]:
    """The week's three to six sentences."""
    lang = brief.lang
    rows = list(brief.figures.values())
    out: list[Sentence] = []
    moved = [r for r in rows if r.change]
    if moved:
        moved.sort(key=lambda r: abs(r.change) / abs(r.before) if r.before else float("inf"), reverse=True)
        items = []
        for r in moved[:MOVES]:
            value, before, change = figure_nums(r, lang)
            items.append(_fill("narrative_move_item", lang, label=Name(r.label), before=before, value=value, change=change))
        out.append(_fill("narrative_moves", lang, items=_join(lang, items, "；" if lang == "zh" else "; ")))
    elif brief.previous:
        out.append(_fill("narrative_quiet", lang))
    else:
        out.append(_fill("narrative_first", lang))
    done = [r for r in rows if r.status == "done"]
    if done:
        out.append(_fill("narrative_done", lang, items=_join(lang, [[Name(r.label)] for r in done[:LISTED]]),
                         more=_more(len(done) - LISTED, lang)))
    behind = [r for r in rows if r.status == "behind"]
    if behind:
        items = [_fill("narrative_behind_item", lang, label=Name(r.label), value=figure_nums(r, lang)[0]) for r in behind[:LISTED]]
        out.append(_fill("narrative_behind", lang, items=_join(lang, items), more=_more(len(behind) - LISTED, lang)))
    if brief.rising:
        top = brief.rising[0]
        out.append(_fill("narrative_points", lang,
                         n=Num(str(len(brief.rising)), len(brief.rising), "observation_points_latest", "burden_change", "count"),
                         point=Name(top["point"]), unit=Name(top["unit"] or "—"),
                         change=Num(top["change"], _signed(top["change"]), "observation_points_latest", "burden_change")))
    else:
        out.append(_fill("narrative_points_none", lang))
    n = len(brief.cases)
    out.append(_fill("narrative_cases", lang, n=Num(str(n), n, "negative_cases", "case_id", "count"))
               if n else _fill("narrative_cases_none", lang))
    return out


def _more(n: int, lang: str) -> list[Part]:
    return [] if n <= 0 else _fill("narrative_more", lang, n=Num(str(n), n, "headline_figures", "status", "count"))


def _signed(text: str) -> float:
    """The value of a change as fmt.delta printed it (+12, −1.2万)."""
    return parse_number(text)


def parse_number(text: str) -> float:
    """A number as this module prints it: sign (+, −, -), grouping commas, decimals, 万."""
    text = text.strip().replace(",", "").replace("−", "-")
    scale = 10_000 if text.endswith("万") else 1
    return float(text.removesuffix("万").removeprefix("+")) * scale


# ------------------------------------------------------------------ rendering
def plain(sentence: Sentence) -> str:
    return "".join(p if isinstance(p, str) else p.text for p in sentence)


def as_html(sentence: Sentence, link=None) -> str:
    """HTML: every part escaped; each number bold, or `link(num)` for it (the overview's hover link)."""
    return "".join((link(p) if link else f"<b>{html.escape(p.text)}</b>") if isinstance(p, Num)
                   else html.escape(p if isinstance(p, str) else p.text) for p in sentence)


def source(num: Num, lang: str) -> str:
    """Where a number comes from, in words: the figure's or column's 计算规则 and its query."""
    from grassroots.catalogue import cards
    from grassroots.catalogue.tables import column, label

    if num.query == "headline_figures" and num.field in FIGURES:
        f = FIGURES[num.field]
        name, rule = (f.en if lang == "en" else f.zh), cards.pick(cards.of_figure(num.field).rule, lang)
    elif num.field == "status":
        from grassroots.catalogue.figures import load_targets

        config = load_targets()
        name, rule = t("brief_col_status", lang), t("status_rule", lang, version=config["version"], basis="targets.toml",
                                                    done=config["status"]["done_at"], on_track=config["status"]["on_track_at"])
    else:
        col = column(num.field, "negative_cases" if num.query == "negative_cases" else None)
        name, rule = label(col, lang, heading=True), (col.definition_en if lang == "en" else col.definition)
    return t("narrative_source", lang, label=name, rule=rule, query=f"queries/{num.query}.sql")
