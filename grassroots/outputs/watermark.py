"""Who was looking, when, at which snapshot: one mark, drawn on every screen, PDF and workbook.

Personnel figures are photographed and forwarded; the mark says whose view it was. It is made
when the view is drawn or the file is made (a download's click), never cached with the bytes:
the screen tiles it over the page (`css()`), the brief's PDF prints it across the page
(brief.typ), a workbook writes it above each table and in every printed page's header and
footer (exports.py). A pushed brief carries its recipient's name.
"""

from __future__ import annotations

import datetime as dt
import html
import urllib.parse
from dataclasses import dataclass

from grassroots.catalogue.i18n import t

TILE = (360, 200)  # the screen's tile: one line of the mark, tilted, every 360 × 200 px


@dataclass(frozen=True)
class Mark:
    viewer: str  # who: the signed-in account ("周敏（zhou）"), or a push recipient
    at: dt.datetime  # when the view was drawn or the file made
    as_of: dt.date | None  # which snapshot (None: a page drawn before any was published)

    def text(self, lang: str = "zh") -> str:
        at = self.at.strftime("%Y-%m-%d %H:%M")
        if self.as_of is None:
            return t("watermark_bare", lang, viewer=self.viewer, at=at)
        return t("watermark", lang, viewer=self.viewer, at=at, as_of=self.as_of.isoformat())


def now(viewer: str, as_of: dt.date | None) -> Mark:
    """The mark of a view drawn (or a file made) now, in the server's local time."""
    return Mark(viewer, dt.datetime.now().replace(second=0, microsecond=0), as_of)


def svg(text: str) -> str:
    """One tile of the screen's mark: the text, tilted, light grey (the text is escaped for XML)."""
    w, h = TILE
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}">'
            f'<text x="{w // 2}" y="{h // 2}" text-anchor="middle" transform="rotate(-18 {w // 2} {h // 2})" '
            f'font-family="sans-serif" font-size="13" fill="rgb(120,120,120)" fill-opacity="0.16">'
            f"{html.escape(text, quote=True)}</text></svg>")


def css(text: str) -> str:
    """A style sheet that lays the mark over the whole app, above every chart and table, without
    taking a click (pointer-events: none); on print too. The SVG goes in as a percent-encoded URL."""
    url = "data:image/svg+xml;charset=utf-8," + urllib.parse.quote(svg(text), safe="")
    return ("<style>.stApp::after{content:'';position:fixed;inset:0;pointer-events:none;z-index:999990;"
            f'background-image:url("{url}");background-repeat:repeat;'
            "-webkit-print-color-adjust:exact;print-color-adjust:exact}</style>")


def header_footer(text: str) -> str:
    """The mark as an Excel header or footer (centred, small, grey); "&" is Excel's code mark."""
    return "&C&8&K808080" + text.replace("&", "&&")
