"""总览: 本周要情 (the week in sentences, each number hovering its 口径 and query), one row of headline
cards per area, what moved this week, the check against the published report."""

import html

import polars as pl
import streamlit as st

from app import loop_ui, ui
from app.drawn import cards
from grassroots.catalogue import figures, fmt
from grassroots.catalogue.tables import AREAS, TABLES
from grassroots.outputs import brief, narrative
from grassroots.outputs.escape import markdown
from grassroots.push import alerts

ALERTS_SHOWN = 5


def week_changes(ctx: ui.Context, now: dict, before: dict) -> list[str]:
    """'公益志愿服务 +16场次'-style phrases for every catalogued figure that moved since last week."""
    out = []
    for figure_id, f in figures.FIGURES.items():
        if figure_id in now and figure_id in before and now[figure_id] is not None and before[figure_id] is not None:
            change = now[figure_id] - before[figure_id]
            if change:
                unit = f.unit_en if ctx.lang == "en" else f.unit_zh
                spaced = " " + unit if unit and unit != "%" and ctx.lang == "en" else unit  # +16 sessions, +16场次
                out.append(f"{ui.figure_label(ctx, figure_id)} {fmt.delta(change, ctx.lang)}{spaced}")
    return out


ctx = ui.context()
ui.header(ctx, "app_title", "overview_lead")
ui.brief_downloads(ctx)
if ctx.district:
    st.caption(ctx.t("district_note", district=ctx.district_label(ctx.district)))
ui.definitions_version(ctx)


def linked(num: narrative.Num) -> str:
    """A number of 本周要情: bold, its 口径 and query in the link's hover title."""
    return f'<a href="#narrative" title="{html.escape(narrative.source(num, ctx.lang))}"><b>{html.escape(num.text)}</b></a>'


# one HTML element: its title and sentences as paragraphs in a box (no bordered container, no Markdown to parse)
lines = narrative.sentences(brief.build(ctx.snapshot, ctx.district, ctx.lang, ctx.scope))
st.html(f'<div class="gp-box" id="narrative"><p><b>{html.escape(ctx.t("narrative_title"))}</b></p>'
        + "".join(f"<p>{narrative.as_html(line, linked)}</p>" for line in lines) + "</div>")

now, before = ui.headline_values(ctx)
rules = alerts.load()
fired = alerts.on_snapshot(ctx.snapshot, ctx.district, rules)
for alert in fired[:ALERTS_SHOWN]:
    st.warning(ctx.t("alert_line", rule=alert.rule_name(ctx.lang, rules), id=alert.rule, version=alert.version,
                     text=markdown(alert.text(ctx.lang))), icon=":material/notifications_active:")
    if alert.figure:
        loop_ui.alert_to_task(ctx, alert.figure, now.get(alert.figure))
if len(fired) > ALERTS_SHOWN:
    st.caption(ctx.t("alert_more", n=len(fired) - ALERTS_SHOWN))

config = figures.load_targets()
previous = ui.compared_with(ctx)
if previous:
    moved = week_changes(ctx, now, before)
    points = ctx.run("observation_points_latest", district_code=ctx.district,
                 rise_pct=config["observation"]["rising_pct"])
    rising = int(points["total_rises"].sum())
    if rising:
        moved.append(ctx.t("week_rising_points", n=rising))
    st.info(ctx.t("week_moved", date=previous.isoformat(), items=ctx.t("list_sep").join(moved)) if moved
            else ctx.t("week_nothing_moved", date=previous.isoformat()), icon=":material/update:")
cards.rows(ctx, [(AREAS[area][1 if ctx.lang == "en" else 0], ids) for area, ids in config["headline"].items()],
           now, before, config)

readable = lambda s: ui.formatted(ctx, s.to_frame(), s.name, s.name)  # noqa: E731  1.58万, as the cards say
published = ctx.run("published_figures")
fields = [
    ui.field(ctx, f"indicator_{'en' if ctx.lang == 'en' else 'zh'}", "published_figures"),
    ui.field(ctx, "value", "published_figures", expr=pl.col("published_value"), screen=readable),
    ui.field(ctx, "unit", "published_figures", screen=lambda s: s.replace_strict({u: ctx.unit_word(u) for u in s.drop_nulls().unique()}, default=None)),
]
with ui.block():
    ui.heading(ctx.t("reconciliation"))
    # the check is a city-wide computation; a district role's scope holds the report as published
    ui.caption(ctx.t("reconciliation_lead" if ctx.scope.city else "reconciliation_district_note"))
table = published
if ctx.scope.city:
    table, bad, verdict = ui.report_check(ctx, published)
    (st.error if bad else st.success)(verdict)
    fields[2:2] = [ui.field(ctx, "snapshot_value", screen=readable)]
    fields.append(ui.field(ctx, "matches", expr=pl.when(pl.col("matches")).then(pl.lit(ctx.t("match_yes")))
                           .otherwise(pl.lit(ctx.t("match_no")))))
ui.table(ctx, table, fields, name="reconciliation", title=ctx.t("reconciliation"),
         source=ctx.label(TABLES["published_figures"]), height=420, rows=None)
