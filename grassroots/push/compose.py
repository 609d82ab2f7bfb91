"""What a recipient receives for a week: the brief of its scope (the city, or its district only,
built with that district's scope so no other district's figure is in it, text or PDF), as

    title     【示例数据】“减负赋能”工作周报 · 新城区 · 2026-11-20   (the mark on demo data only)
    markdown  the title, 本周要情 (outputs/narrative.py), the headline figures with status and change,
              and a link to the overview at that snapshot, district and language (the robots)
    text      the same as plain text (the mail's body), with the PDF brief attached

Counts of people below five print as "<5" exactly as on the overview (the same sentences and the
same figure numbers). Names typed by districts go into robot Markdown with the characters that
Markdown reads (* _ [ ] ( ) # ` < > ~ |) replaced by their full-width forms: the robots do not
honour backslash escapes.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
from dataclasses import dataclass

from grassroots.access.scope import of as scope_of
from grassroots.catalogue.i18n import t
from grassroots.outputs import brief as briefs, narrative, watermark
from grassroots.push.config import Recipient
from grassroots.store.snapshots import Snapshot

_ROBOT = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in "*_[]()#`<>~|"})


@dataclass(frozen=True)
class Composed:
    title: str
    markdown: str
    text: str
    attachment: tuple[str, bytes] | None = None


def robot_safe(text: str) -> str:
    return text.translate(_ROBOT)


def _line(sentence: narrative.Sentence, bold: bool) -> str:
    out = []
    for p in sentence:
        if isinstance(p, narrative.Num):
            out.append(f"**{p.text}**" if bold else p.text)
        elif isinstance(p, narrative.Name):
            out.append(robot_safe(p.text) if bold else p.text)
        else:
            out.append(p)
    return "".join(out)


def overview_url(base_url: str, as_of: str, district: str | None, lang: str) -> str:
    query = urllib.parse.urlencode({"snapshot": as_of, "district": district or "all", "lang": lang})
    return f"{base_url}/?{query}" if base_url else ""


def title(week: briefs.Brief) -> str:
    mark = f"【{t('demo_badge', week.lang)}】" if week.demo else ""
    return f"{mark}{t('brief_title', week.lang)} · {week.district_label} · {week.as_of}"


def brief_message(snapshot: Snapshot, to: Recipient, base_url: str, pdf: bool = True) -> Composed:
    """The week's brief for this recipient, built in its scope (a district's: that district only)."""
    return message_of(briefs.build(snapshot, to.district, to.lang, scope_of(to.district)), to, base_url, pdf)


def message_of(week: briefs.Brief, to: Recipient, base_url: str, pdf: bool = True) -> Composed:
    lang, head = to.lang, title(week)
    sentences = narrative.sentences(week)
    rows = []
    for area in week.areas:
        for row in area["rows"]:
            value, _, change = narrative.figure_nums(row, lang)
            rows.append((row.label, value.text, row.status_text if row.status != "info" else "", change.text))
    url = overview_url(base_url, week.as_of, to.district, lang)
    sep = "：" if lang == "zh" else ": "

    def figures(bold: bool) -> list[str]:
        return [f"- {label}{sep}{'**' + v + '**' if bold else v}" + (f" · {s}" if s else "") + f" · {c}"
                for label, v, s, c in rows]

    link_text = t("push_open_overview", lang, as_of=week.as_of)
    markdown = "\n".join([f"### {head}", f"**{t('narrative_title', lang)}**",
                          *(f"> {_line(s, True)}" for s in sentences), "",
                          f"**{t('brief_figures', lang)}**", *figures(True)])
    tail = f"\n\n[{link_text}]({url})" if url else ""
    text = "\n".join([head, "", t("narrative_title", lang), *(_line(s, False) for s in sentences), "",
                      t("brief_figures", lang), *figures(False)]) + (f"\n\n{link_text}：{url}" if url else "")
    if week.demo:
        text += "\n\n" + t("demo_note", lang)
    # the PDF carries the recipient's mark, as a download carries the reader's (outputs/watermark.py)
    mark = watermark.now(to.name, dt.date.fromisoformat(week.as_of))
    attachment = (briefs.file_name(week, "pdf"), briefs.pdf(week, mark)) if pdf else None
    return Composed(head, markdown + tail, text, attachment)


def when(stamp: str | None) -> str:
    """An outbox time (UTC ISO) as Beijing time, for people."""
    if not stamp:
        return "—"
    from grassroots.access.audit import LOCAL_TZ

    return dt.datetime.fromisoformat(stamp).astimezone(LOCAL_TZ).strftime("%m-%d %H:%M")
