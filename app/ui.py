"""Streamlit pieces every page shares: the sidebar state, the freshness line, tables and downloads.

The frame (dashboard.py) calls `sidebar()` once per run; pages call `context()` to read what
was chosen. Choices live in st.query_params too, so a link opens the same view.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass, replace
from typing import Iterator

import polars as pl
import streamlit as st

from grassroots.catalogue import cards, figures, fmt, pages, tables as schema, units
from app import auth, loop_ui
from app.drawn import later, table as drawn_table
from app.drawn.frame import esc, icon, side_line
from app.drawn.cards import figure_label, figure_value  # noqa: F401  pages write figures as the cards do
from app.marks import viewer_of
from grassroots.outputs import escape, exports, watermark
from grassroots.catalogue.i18n import t as _t
from grassroots.checks.reconcile import reconciliation
from grassroots.store import snapshots, warehouse
from grassroots.store.snapshots import Snapshot
from grassroots.access.scope import CITY, Scope
from grassroots.access.scope import of as scope_of
from queries import run, snapshot_list

DISTRICT_COLUMNS = {"district_code": pl.String, "district_name": pl.String, "district_name_en": pl.String,
                    "district_short": pl.String, "district_short_en": pl.String, "unit_type": pl.String,
                    "display_order": pl.Int64}
PARAMS = ("snapshot", "district", "lang")


@dataclass(frozen=True)
class Context:
    lang: str
    snapshot: Snapshot
    district: str | None  # None = whole city
    districts: pl.DataFrame  # district_code, district_name, district_name_en, display_order
    scope: Scope = CITY  # what the signed-in user may see (grassroots/access/scope.py), never from the URL

    def run(self, query: str, **params) -> pl.DataFrame:
        """A named query on this page's snapshot, within the user's scope."""
        return run(query, self.snapshot, scope=self.scope, **params)

    def t(self, key: str, **kw) -> str:
        return _t(key, self.lang, **kw)

    def label(self, item, heading: bool = False) -> str:
        """The name of a catalogue table or column, a figure or a measure, in the chosen language
        (`heading`: capitalised in English, for a heading or a widget)."""
        return schema.label(item, self.lang, heading)

    def unit(self, unit_zh: str) -> str:
        """A catalogue unit in the chosen language ("" in English for a measure word: a count)."""
        return unit_zh if self.lang == "zh" else units.english(unit_zh)

    def unit_word(self, unit_zh: str) -> str:
        """A unit as a word a table cell shows: in English "count" for a measure word (个, 项 …)."""
        return units.card_text(unit_zh, self.lang)

    def column_labels(self, table) -> dict[str, str]:
        return {c.name: self.label(c) for c in table.columns}

    @property
    def as_of(self):
        return self.snapshot.as_of

    def district_label(self, code: str | None) -> str:
        if code is None:
            return self.t("whole_city")
        row = self.districts.filter(pl.col("district_code") == code)
        return row["district_name_en" if self.lang == "en" else "district_name"][0] if row.height else code


def kept(key: str, valid: list, default, url_key: str | None = None, fixed=None) -> int:
    """The index of the choice a folded selectbox `key` shows, kept in plain session state too
    (`_kept_<key>`): Streamlit drops the value of a widget the browser has not drawn (one folded
    under a closed button) when the page is switched, so each run gives the widget its index from
    here. A link's value (`url_key`, by default `key`) is taken when nothing is kept yet; `fixed`,
    when given, is the choice whatever was kept (the wall's newest snapshot)."""
    store = f"_kept_{key}"
    if fixed is not None:
        st.session_state.pop(key, None)
        st.session_state[store] = fixed
    elif key in st.session_state and st.session_state[key] in valid:  # the widget's value, while Streamlit holds it
        st.session_state[store] = st.session_state[key]
    else:
        st.session_state.pop(key, None)  # dropped, or no longer one of the options
        if store not in st.session_state or st.session_state[store] not in valid:
            wanted = st.query_params.get(url_key or key)
            st.session_state[store] = wanted if wanted in valid else default
    return valid.index(st.session_state[store])


def _seed_from_url(key: str, valid: list[str], default: str) -> None:
    """First run of a session: take the value of `key` (the language) from the URL when it is a valid one."""
    if key not in st.session_state:
        wanted = st.query_params.get(key)
        st.session_state[key] = wanted if wanted in valid else default


def sidebar(only_district: str | None = None, latest: bool = False) -> Context | None:
    """The shared choices; `only_district` (a district clerk's) leaves that district the only one;
    `latest` (the wall screen) always shows the newest healthy snapshot.

    Drawn light, because every page's first load waits for it: the language is one button (it
    switches to the other), the snapshot and district are two selectboxes folded under one button
    that names the current choice ("全市 · 2026-11-20"), and the demo mark is one line. Two
    selectboxes and a radio drawn open cost a page about a third of an empty page's time to ready
    in Chromium; folded, the selectboxes are sent only while the button is open (opening it reruns
    the page; see folded_select), so ten years of weekly snapshots are not 520 options on every
    load (README, "In the browser")."""
    _seed_from_url("lang", ["zh", "en"], "zh")
    lang = st.session_state["lang"]
    listed = snapshot_list()
    with st.sidebar:
        other = "en" if lang == "zh" else "zh"
        st.button("English" if other == "en" else "中文", key="lang_switch", type="tertiary",
                  icon=":material/translate:", help=_t("language", lang),
                  on_click=lambda: st.session_state.update(lang=other))
        if not listed:
            st.query_params["lang"] = lang
            return None
        dates = [s.as_of.isoformat() for s in reversed(listed)]
        damaged = {s.as_of.isoformat() for s in listed if not s.ok}
        healthy = [d for d in dates if d not in damaged]
        newest = healthy[0] if healthy else dates[0]
        at_snapshot = kept("snapshot", dates, newest, fixed=newest if latest else None)  # the wall: always the newest
        chosen = snapshots.verified(next(s for s in listed if s.as_of.isoformat() == dates[at_snapshot]))
        districts = run("districts", chosen, scope=CITY) if chosen.ok else pl.DataFrame(schema=DISTRICT_COLUMNS)
        codes = [only_district] if only_district else ["all", *districts["district_code"].to_list()]
        names = dict(zip(districts["district_code"], districts["district_name_en" if lang == "en" else "district_name"]))
        at_district = kept("district", codes, codes[0])  # a link outside the allowed ones gets the first
        district_name = lambda c: _t("whole_city", lang) if c == "all" else names[c]  # noqa: E731
        with st.popover(f"{district_name(codes[at_district])} · {dates[at_snapshot]}", on_change="rerun",
                        icon=":material/tune:", width="stretch", key=CHOICES, help=_t("choices_help", lang)) as fold:
            if fold.open:
                st.selectbox(_t("snapshot", lang), dates, index=at_snapshot, key="snapshot",
                             format_func=lambda d: _t("snapshot_option_damaged" if d in damaged else "snapshot_option", lang, date=d))
                st.selectbox(schema.label(schema.column("district_name", "districts"), lang, heading=True), codes,
                             index=at_district, key="district", format_func=district_name)
        if chosen.is_demo:  # HTML, not a Markdown caption: one less element to parse on every page's load
            st.html(side_line(f'<span class="gk-badge gk-demo">{icon("science")} {esc(_t("demo_badge", lang))}</span> '
                              f'{esc(_t("demo_note", lang))}'))
    district = codes[at_district]
    for key, value in zip(PARAMS, (dates[at_snapshot], district, lang)):  # a link reopens this view
        st.query_params[key] = value
    ctx = Context(lang, chosen, None if district == "all" else district, districts, scope_of(only_district))
    st.session_state["ctx"] = ctx
    return ctx


def context() -> Context:
    ctx = st.session_state.get("ctx")
    if ctx is None:
        st.info(_t("no_snapshot", st.session_state.get("lang", "zh")))
        st.stop()
    if not ctx.snapshot.ok:  # never read a snapshot that fails its manifest; the others keep serving
        st.error(ctx.t("snapshot_damaged", date=ctx.as_of.isoformat(), files="、".join(ctx.snapshot.damaged)),
                 icon=":material/report:")
        st.stop()
    return ctx


# This run's page: where its tables' downloads go (a row under its header) and which they are.
# The frame starts and ends each page (page_started, page_ended); one script run is one thread.
_page = threading.local()


def page_started() -> None:
    _page.bar, _page.tables, _page.cells, _page.parts = None, [], [], 0


def page_ended(lang: str) -> None:
    """The page's tables' downloads, folded under one button under its header (下载 · 3): drawn
    open, or one fold per table, they cost the page's first load (README, "In the browser")."""
    bar, tables = getattr(_page, "bar", None), getattr(_page, "tables", [])
    _page.bar, _page.tables = None, []
    if bar is not None and tables:
        with bar, st.popover(f"{_t('download', lang)} · {len(tables)}", icon=":material/download:",
                                          type="tertiary", key="page_downloads", help=_t("download_page_help", lang)):
            for draw in tables:
                draw()


def header(ctx: Context, page: str, lead_key: str | None = None) -> None:
    """A page's title (the catalogue's), its lead sentence and the freshness line, as one HTML block
    (Streamlit's title, caption and Markdown line were three elements to build, the title with its
    anchor link); then the place of its downloads."""
    title = pages.title(page, ctx.lang) if page in pages.TITLES else ctx.t(page)
    lead = f'<div class="gp-cap">{esc(ctx.t(lead_key))}</div>' if lead_key else ""
    st.html(f'<h1 class="gk-h1">{esc(title)}</h1>{lead}{freshness(ctx)}')
    _page.bar = st.container(horizontal=True, gap="small", vertical_alignment="center")  # the brief's buttons, then 下载 · N
    loop_ui.notes(ctx)  # what came of a 督办 act; “玉泉区：沿用上期数据”


def freshness(ctx: Context) -> str:
    """The freshness line's HTML: demo mark, as-of and publish dates, the check, the code version on
    hover; and the large changes confirmed at publication, when there were any."""
    m = ctx.snapshot.manifest
    validation = m.get("validation", {})
    line = ctx.t("freshness", as_of=ctx.as_of.isoformat(), published=m.get("published_at", "—")[:16].replace("T", " "),
                 passed=ctx.t("passed" if validation.get("passed") else "failed"), files=validation.get("files", "—"))
    prefix = f'<b class="gk-demo">{esc(ctx.t("demo_badge"))}</b> · ' if ctx.snapshot.is_demo else ""
    version = m.get("code_version")  # on hover, as a link's title: no tooltip widget to load
    out = (f'<div class="gk-fresh" id="freshness">{prefix}{icon("schedule")} {esc(line)}'
           + (f' <a href="#freshness" title="{esc(version)}">{icon("info")}</a>' if version else "") + "</div>")
    accepted = [c for c in m.get("accepted_changes") or []  # a district role sees its own district's only
                if ctx.scope.city or c.get("district") == ctx.scope.district]
    if accepted:
        changes = ctx.t("list_sep").join(f"{figure_label(ctx, c['figure'])} {fmt.number(c['from'], ctx.lang)} → "
                           f"{fmt.number(c['to'], ctx.lang)}{'（' + ctx.district_label(c['district']) + '）' if c['district'] else ''}"
                           for c in accepted if c["figure"] in figures.FIGURES)
        out += f'<div class="gp-cap">{icon("verified")} {esc(ctx.t("accepted_changes", changes=changes))}</div>'
    return out


def definitions_version(ctx: Context) -> None:
    """Which definitions the stored figures were computed by; a warning when the code's differ."""
    stored = ctx.snapshot.definitions or "—"
    current = warehouse.definitions_version()
    if stored == current:
        st.caption(f":material/rule: {ctx.t('figures_version', version=stored)}")
    else:
        st.warning(ctx.t("figures_version_stale", stored=stored, current=current), icon=":material/rule:")


def headline(ctx: Context, city_wide: bool = False) -> pl.DataFrame:
    """figure_id, value (this week), value_before (last week as published), before_date."""
    return ctx.run("headline_figures", district_code=None if city_wide else ctx.district)


def headline_values(ctx: Context, city_wide: bool = False) -> tuple[dict[str, float], dict[str, float]]:
    """(this week's figures, last week's), for the chosen district or the city."""
    frame = headline(ctx, city_wide)
    now = {f: v for f, v in zip(frame["figure_id"], frame["value"]) if v is not None}
    before = {f: v for f, v in zip(frame["figure_id"], frame["value_before"]) if v is not None}
    return now, before


def city_reference(ctx: Context, figure_id: str) -> tuple[float | None, str]:
    """The city's value of a figure as a reference line, and its label. A district role's scope
    holds no city-wide computation: it gets the value of the published report (public), so named."""
    if ctx.scope.city:
        value = headline_values(ctx, city_wide=True)[0].get(figure_id)
        return value, ctx.t("city_figure", value=fmt.number(value, ctx.lang))
    published = ctx.run("published_figures").filter(pl.col("figure_id") == figure_id)["published_value"]
    value = published[0] if published.len() else None
    return value, ctx.t("city_figure_published", value=fmt.number(value, ctx.lang))


def report_check(ctx: Context, published: pl.DataFrame | None = None) -> tuple[pl.DataFrame, int, str]:
    """The city's figures against the published report (city scope only): table, how many differ, verdict."""
    published = ctx.run("published_figures") if published is None else published
    table = reconciliation(published, headline(ctx, city_wide=True).select("figure_id", "value"))
    bad = table.filter(~pl.col("matches")).height
    return table, bad, ctx.t("reconciliation_some_differ" if bad else "reconciliation_all_match", bad=bad, n=table.height)


def compared_with(ctx: Context):
    """The date of the week the changes are measured against (None for the first snapshot)."""
    frame = headline(ctx)
    return frame["before_date"][0] if frame.height else None


def col(ctx: Context, name: str, table: str | None = None) -> str:
    """The label of a column a user sees, from the catalogue (grassroots/catalogue/tables/)."""
    return ctx.label(schema.column(name, table))


def choices(ctx: Context, name: str, table: str, alias: str | None = None) -> pl.Expr:
    """The column's codes shown as their labels (plan_status 'approved' → 已获批复), as a Polars
    expression with a fixed mapping: no Python call per row (map_elements would hold the GIL inside
    Polars' thread pool and can deadlock with another session's st.dataframe)."""
    c = schema.column(name, table)
    mapping = {v: (en if ctx.lang == "en" else zh) for v, zh, en in c.choice_labels}
    return pl.col(name).replace_strict(mapping, default=pl.col(name).cast(pl.String), return_dtype=pl.String).alias(
        alias or ctx.label(c))


def formatted(ctx: Context, frame: pl.DataFrame, name: str, alias: str) -> pl.Series:
    """A numeric column as people read it (1.58万, 6,158), formatted in plain Python, not in Polars' pool."""
    return pl.Series(alias, [fmt.number(v, ctx.lang) for v in frame[name].to_list()], dtype=pl.String)


def name_col(ctx: Context) -> str:
    """The district-name column of query results, for tables."""
    return "district_name_en" if ctx.lang == "en" else "district_name"


def short_col(ctx: Context) -> str:
    """The short district-name column of query results, for chart axes (土左旗, 经开区 …)."""
    return "district_short_en" if ctx.lang == "en" else "district_short"


def heading(text: str) -> None:
    """A section's heading, drawn as HTML: Streamlit's own (its anchor link and hover icon, which no
    reader uses here) costs each page's first load more, measured in Chromium."""
    _emit(f'<h3 class="gk-title">{esc(text)}</h3>')


def chart(ctx: Context, drawing: str, source: str) -> None:
    """A chart drawn on the server (app/drawn/) and its source line under it, one element."""
    _emit(drawing + f'<div class="gc-src">{esc(ctx.t("chart_source", source=source))}</div>')


def note(text: str) -> None:
    """Why a panel is empty ("本区没有街道"), in the colours of Streamlit's st.info."""
    _emit(f'<div class="gp-note">{esc(text)}</div>')


def strong(text: str) -> None:
    """A panel's bold title, smaller than a heading (st.markdown's **…**, as plain text)."""
    _emit(f'<p class="gp-strong">{esc(text)}</p>')


def caption(text: str) -> None:
    """A line of small grey text under a chart, as st.caption draws it (plain text, no Markdown)."""
    _emit(f'<div class="gp-cap">{esc(text)}</div>')


# ------------------------------------------------------------------ a row of panels, one element
class _Cell:
    """One panel of a row, or a block: what heading, chart, note, caption, figure_line, table and a
    row draw while it is open (`with left:`) goes into it instead of onto the page."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def __enter__(self) -> _Cell:
        _page.cells = [*getattr(_page, "cells", []), self]
        return self

    def __exit__(self, *_) -> None:
        _page.cells = _page.cells[:-1]


@contextlib.contextmanager
def row(widths: list[float]) -> Iterator[list[_Cell]]:
    """Panels side by side (a chart and its table, two charts), drawn as one HTML block when the
    row closes. Streamlit's st.columns is a block, a column per panel and an element per heading,
    chart and line: each one the browser builds on a page's first load (README, "In the browser").
    Below 640 px the panels stack, as st.columns does. Only the drawing functions of this module
    go into a panel; a Streamlit widget inside `with cell:` would be drawn above the row."""
    cells = [_Cell() for _ in widths]
    yield cells
    columns = " ".join(f"minmax(0,{w:g}fr)" for w in widths)
    _emit(f'<div class="gp-row" style="grid-template-columns:{columns}">'
          + "".join(f'<div class="gp-cell">{"".join(c.parts)}</div>' for c in cells) + "</div>")


@contextlib.contextmanager
def block() -> Iterator[None]:
    """A section drawn as one HTML element: its heading, caption, chart or table, and rows, as they
    are drawn inside `with ui.block():` (see row)."""
    cell = _Cell()
    with cell:
        yield
    _emit("".join(cell.parts))


# How many of a page's parts (a row, a block, a chart or table of its own) are drawn with the page;
# the rest are drawn by the browser after its first screen (app/drawn/later.py). The first part
# sits under the header and the cards, on the first screen of a laptop; whatever else is on the
# screen is drawn as soon as its placeholder is laid out.
FIRST_SCREEN_PARTS = 1


def _emit(html: str) -> None:
    """Into the open panel of a row, or onto the page as its own element: one of its first parts,
    or one drawn after the first screen."""
    cells = getattr(_page, "cells", None)
    if cells:
        cells[-1].parts.append(html)
        return
    shown = getattr(_page, "parts", 0)
    _page.parts = shown + 1
    if shown < FIRST_SCREEN_PARTS:
        st.html(html)
    else:
        st.html(later.wrap(html), unsafe_allow_javascript=True)


def interactive_chart(ctx: Context, fig, source: str) -> None:
    """A Plotly figure (the exploration's, app/charts.py) and its source."""
    st.plotly_chart(fig, width="stretch", config={"displayModeBar": False})
    st.caption(ctx.t("chart_source", source=source))


CHOICES = "choices"  # the sidebar's fold: the snapshot and the district


def fold_key(key: str) -> str:
    """The key of the fold (its button) a folded selectbox `key` is drawn in."""
    return f"{key}_fold"


def folded_select(button: str, label: str, options: list, key: str, format_func=str, url_key: str | None = None,
                  default=None):
    """A selectbox folded under one button that names the choice ("观察点 · OP07 …"), as the
    sidebar's choices are: drawn open, a selectbox costs a page's first load about a tenth of an
    empty page's time in Chromium. The selectbox is sent only while its button is open (opening it
    reruns the page): a closed one still cost each load its options, 2,000 observation points
    at (100, 520). A link's value (`url_key`, by default `key`) is taken when it is one of the
    options (kept); else `default`, or the first. Returns the choice, open or not."""
    at = kept(key, options, options[0] if default is None else default, url_key=url_key)
    with st.popover(f"{button} · {format_func(options[at])}", icon=":material/tune:", key=fold_key(key),
                    on_change="rerun") as fold:
        if fold.open:
            st.selectbox(label, options, index=at, key=key, format_func=format_func)
    return options[at]  # the widget's value when it is drawn (kept reads it), the kept one when not


def remember(key: str, value) -> None:
    """Keep a page-level choice in the URL so a link reopens it."""
    if value is None:
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = value


# ------------------------------------------------------------------ tables with their downloads
def field(ctx: Context, name: str, table: str | None = None, *, expr: pl.Expr | None = None, label: str | None = None,
          missing: str = "", screen=None) -> exports.Field:
    """A column of a table a user sees and downloads: label, unit and 口径 from the catalogue.
    `expr` computes it from the query's frame (default: the column `name`)."""
    c = schema.column(name, table)
    return exports.Field(label or ctx.label(c, heading=True), pl.col(name) if expr is None else expr, unit=ctx.unit(c.unit),
                         card=cards.of_column(c, schema.TABLES[table] if table else None),
                         missing=missing, screen=screen)


def export_meta(ctx: Context, title: str, source: str = "") -> exports.Meta:
    m = ctx.snapshot.manifest
    return exports.Meta(title=title, as_of=ctx.as_of, district=ctx.district_label(ctx.district),
                        published=m.get("published_at", "")[:16].replace("T", " "), demo=ctx.snapshot.is_demo,
                        lang=ctx.lang, source=source)


def table(ctx: Context, frame: pl.DataFrame, fields: list[exports.Field], *, name: str, title: str,
          source: str = "", height: int | str = "auto", sortable: bool = False,
          rows: int | None = drawn_table.ROWS) -> pl.DataFrame:
    """The fields as a table, with its Excel and CSV downloads below; returns the values shown.
    Drawn as HTML (app/drawn/table.py) on the leader pages, its first `rows` rows (None: every row,
    for a table the catalogue bounds); `sortable`, the analysts' pages, an st.dataframe that sorts
    and scrolls any number of rows."""
    values = exports.values(frame, fields)
    shown = exports.screen(values, fields)
    if sortable:
        if getattr(_page, "cells", None):
            raise ValueError(f"{name}: a sortable table is a Streamlit element, drawn outside ui.row and ui.block")
        st.dataframe(shown, hide_index=True, width="stretch", height=height)
    else:
        _emit(drawn_table.html(shown, [f.card.text(ctx.lang) if f.card else "" for f in fields], height=height,
                               more=ctx.t("table_more", rows=rows), grouped=[bool(f.unit) for f in fields], rows=rows))
    downloads(ctx, values, fields, name=name, title=title, source=source)
    return values


def downloads(ctx: Context, values: pl.DataFrame, fields: list[exports.Field], *, name: str, title: str,
              source: str = "") -> None:
    """The two download buttons of a table. The bytes are made only when a button is clicked
    (a callable, run on its own thread), and a download does not rerun the page. The wall screen's
    account takes nothing away."""
    if auth.signed_in().screen_only:
        return
    meta = export_meta(ctx, title, source)
    viewer = viewer_of(ctx.lang)

    def xlsx() -> bytes:  # marked with who clicked, when (outputs/watermark.py); CSV stays plain data
        mark = watermark.now(viewer, ctx.as_of) if viewer else None
        return exports.xlsx(values, fields, replace(meta, made_by=mark))

    # what the buttons hand over, by table: a page test rebuilds the bytes and compares them with the screen
    st.session_state.setdefault("downloads", {})[name] = (values, fields, meta)
    help_text = ctx.t("download_help", as_of=ctx.as_of.isoformat(), district=meta.district)

    def draw() -> None:
        st.caption(title)
        row = st.container(horizontal=True, gap="small")
        row.download_button(ctx.t("download_xlsx"), auth.guarded(xlsx, f"{name}.xlsx"),
                            file_name=exports.file_name(meta, "xlsx"), mime=exports.XLSX_MIME, key=f"dl_{name}_xlsx",
                            on_click="ignore", icon=":material/download:", type="tertiary", help=help_text)
        row.download_button(ctx.t("download_csv"), auth.guarded(lambda: exports.csv(values, fields), f"{name}.csv"),
                            file_name=exports.file_name(meta, "csv"), mime=exports.CSV_MIME, key=f"dl_{name}_csv",
                            on_click="ignore", icon=":material/download:", type="tertiary", help=help_text)

    if getattr(_page, "bar", None) is not None:  # the page's one download button, drawn when it has run
        _page.tables.append(draw)
    else:  # a page without the shared header (the desk's, the audit log's): under the table
        with st.popover(ctx.t("download"), icon=":material/download:", type="tertiary", key=f"dl_{name}", help=help_text):
            draw()


def md(text) -> str:
    """District text (names, titles) inside Markdown, shown literally (grassroots/outputs/escape.py)."""
    return escape.markdown(text)


def figure_line(ctx: Context, ids: list[str], now: dict) -> None:
    """Published figures a chart draws, as words under it ('街道办事处（调整前） 31个 · …'),
    so every figure of an area can be read, and checked, on its page."""
    caption(" · ".join(f"{figure_label(ctx, i)} {figure_value(ctx, i, now.get(i))}" for i in ids))


def brief_downloads(ctx: Context) -> None:
    """周报 for the chosen snapshot and district: the PDF (one A4 page) and its Excel version.
    Made on click on the server from the pages' queries (grassroots/outputs/brief.py), cached per snapshot."""
    from grassroots.outputs import brief

    if auth.signed_in().screen_only:  # the wall screen's account takes nothing away
        return
    snapshot, district, lang, scope = ctx.snapshot, ctx.district, ctx.lang, ctx.scope
    meta = export_meta(ctx, ctx.t("brief_file"))
    viewer = viewer_of(lang)

    def made(kind: str) -> bytes:
        mark = watermark.now(viewer, snapshot.as_of) if viewer else None
        return brief.made(snapshot, district, lang, kind, scope, mark=mark)
    row = getattr(_page, "bar", None) or st.container(horizontal=True, gap="small", vertical_alignment="center")
    row.download_button(ctx.t("brief_button"), auth.guarded(lambda: made("pdf"), "brief.pdf"),
                            file_name=exports.file_name(meta, "pdf"), mime=brief.PDF_MIME, key="brief_pdf",
                            on_click="ignore", type="primary", icon=":material/picture_as_pdf:",
                            help=ctx.t("brief_button_help"))
    row.download_button(ctx.t("brief_download_xlsx"), auth.guarded(lambda: made("xlsx"), "brief.xlsx"),
                             file_name=exports.file_name(meta, "xlsx"), mime=exports.XLSX_MIME, key="brief_xlsx",
                             on_click="ignore", type="secondary", icon=":material/table_view:",
                             help=ctx.t("brief_button_help"))
