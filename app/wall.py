"""The wall screen: `?wall=1` on any leader page.

The department's office shows the dashboard on a wall screen. With `?wall=1` the frame draws no
sidebar, header or download buttons, sets the type larger, always shows the latest published
snapshot, and turns to the next page of the playlist (catalogue/pages.py: WALL_PAGES) every
`?every=` seconds (WALL_SECONDS by default; 10 to 600), scrolling a page taller than the screen
down to its end meanwhile. A small fragment looks every WALL_TICK seconds for a newer snapshot (a
publish is redrawn at once) and at the clock: the turns keep to a schedule (the first turn `every`
seconds after the wall opened, each next one `every` later), so a wall left running for a week
turns as often as the clock says, however long each page took to draw. The signed-in account is the
wall's (a leader's or a read-only one); sign-in rules are as for any page.
"""

from __future__ import annotations

import html
import time

import streamlit as st

from app import ui
from grassroots.catalogue.pages import WALL_PAGES, WALL_SECONDS
import queries

WALL_TICK = 2  # seconds between the wall's looks at its clock and for a newer snapshot
STYLE = ("<style>"
         "[data-testid=stSidebar],[data-testid=stSidebarCollapsedControl],[data-testid=stHeader],"
         "[data-testid=stToolbar],[data-testid=stDownloadButton],[data-testid=stBaseButton-primary],"
         "[data-testid=stPopover],.stDownloadButton{display:none!important}"
         "html{font-size:max(19px,1.05vw)}.block-container{max-width:none;padding:1.2rem 2.5rem}"
         ".gk-value{font-size:2.6rem}.gk-card details{display:none}"  # no one at the wall unfolds a 口径
         ".wall-bar{position:fixed;left:0;right:0;bottom:0;z-index:999991;padding:.35rem 2.5rem;"
         "background:#1f3b63;color:#fff;font-size:1.05rem;display:flex;gap:2rem}"
         ".wall-bar b{color:#ffd08a}.block-container{padding-bottom:3.5rem}"
         "</style>")


# A page taller than the screen scrolls down by itself while it is shown: SCROLL_WAIT_MS at the top,
# then down to its end, reached SCROLL_WAIT_MS before the next page (the cards and tables below the
# week's sentences are read too, with nobody at the screen).
SCROLL_WAIT_MS = 4000
SCROLL = ("<script>(() => { const every = %d, wait = " + str(SCROLL_WAIT_MS) + ", start = Date.now();"
          "clearInterval(window.__wallScroll); window.__wallScroll = setInterval(() => {"
          "const m = document.querySelector('[data-testid=stMain]'); if (!m) return;"
          "const span = m.scrollHeight - m.clientHeight; if (span <= 0) return;"
          "const t = (Date.now() - start - wait) / Math.max(every - 2 * wait, 1000);"
          "m.scrollTop = span * Math.min(Math.max(t, 0), 1); }, 100); })();</script>")


def on() -> bool:
    return st.query_params.get("wall") == "1"


def every() -> int:
    """Seconds per page, from the URL, kept within 10 and 600."""
    try:
        return min(max(int(st.query_params.get("every", WALL_SECONDS)), 10), 600)
    except ValueError:
        return WALL_SECONDS


def next_page(current: str) -> str:
    """The playlist's page after `current` (its first page after a page not on it)."""
    if current not in WALL_PAGES:
        return WALL_PAGES[0]
    return WALL_PAGES[(WALL_PAGES.index(current) + 1) % len(WALL_PAGES)]


def frame(pages: dict, current: str, ctx: ui.Context | None, lang: str) -> None:
    """Draw the wall's style and its bar, and start its clock on this page (called by dashboard.py
    after the sidebar, so `ctx` is the snapshot shown)."""
    seconds, now = every(), time.monotonic()
    st.html(STYLE + (bar(ctx) if ctx is not None and ctx.snapshot.ok else "") + SCROLL % (1000 * seconds),
            unsafe_allow_javascript=True)  # our own script only: the bar's text is escaped
    due = st.session_state.get("wall_next")
    if due is None or due < now - WALL_TICK or due > now + seconds:  # a wall opened (or its interval changed)
        st.session_state["wall_next"] = now + seconds
    _clock(pages, current, ctx.as_of.isoformat() if ctx else None, seconds)


def bar(ctx: ui.Context) -> str:
    """Always in view at the foot of the wall: the snapshot's date, the 示例数据 mark, the check
    against the published report."""
    parts = [html.escape(ctx.t("wall_as_of", date=ctx.as_of.isoformat()))]
    if ctx.snapshot.is_demo:
        parts.insert(0, f"<b>{html.escape(ctx.t('demo_badge'))}</b>")
    if ctx.scope.city:  # a district role's scope holds no city-wide computation
        parts.append(html.escape(ctx.t("wall_check", result=ui.report_check(ctx)[2])))
    return f'<div class="wall-bar">{"".join(f"<span>{p}</span>" for p in parts)}</div>'



@st.fragment(run_every=WALL_TICK)
def _clock(pages: dict, current: str, shown: str | None, seconds: int) -> None:
    listed = queries.snapshot_list()  # read through the module: what it is now, not at import
    newest = max((s.as_of.isoformat() for s in listed if s.ok), default=None)
    if newest is not None and newest != shown:
        st.rerun(scope="app")  # a publish: the frame shows the newest snapshot
    due = st.session_state.get("wall_next", 0.0)
    if time.monotonic() >= due:
        st.session_state["wall_next"] = due + seconds  # on schedule: a slow page does not push the next turn later
        keep = {k: st.query_params[k] for k in ("lang", "district", "every") if k in st.query_params}
        st.switch_page(pages[next_page(current)], query_params={**keep, "wall": "1"})
