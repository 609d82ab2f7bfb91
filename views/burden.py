"""减负: the task book over time and by lead unit, affairs lists before/after, signs removed,
the observation points (table, small multiples, a detail view per point), negative cases."""

import polars as pl
import streamlit as st

from app import drawn, ui
from app.drawn import cards
from grassroots.catalogue import figures, tables as schema
from grassroots.catalogue.tables import TABLES

ctx = ui.context()
ui.header(ctx, "burden", "burden_lead")
now, before = ui.headline_values(ctx)
cards.row(ctx, ["task_book_done", "community_affairs_after", "village_affairs_after", "villages_with_list",
                    "signs_removed", "wall_rules_removed", "observation_points", "negative_cases_notified"], now, before)
names = ui.name_col(ctx)

with ui.row([1, 1]) as (left, right):
    with left:
        ui.heading(ctx.t("task_progress"))
        history = ctx.run("task_book_history")
        status = schema.column("status", "task_book")
        ui.chart(ctx, drawn.stacked_area(history, "snapshot_date", {
            k: status.choice_label(k, ctx.lang) for k in ("done", "in_progress", "not_started")},
            [drawn.STATUS_COLOURS[k] for k in ("done", "in_progress", "not_started")], unit=ctx.t("tasks"), lang=ctx.lang), "task_book")
    with right:
        ui.heading(ctx.t("tasks_by_unit"))
        by_unit = ctx.run("tasks_by_unit")
        ui.chart(ctx, drawn.stacked_bars(by_unit, "lead_unit", {"done": status.choice_label("done", ctx.lang),
                                                                  "remaining": ctx.t("task_remaining")},
                 [drawn.STATUS_COLOURS["done"], drawn.STATUS_COLOURS["not_started"]], unit=ctx.t("tasks"), lang=ctx.lang), "task_book")
        ui.figure_line(ctx, ["task_book_tasks", "task_book_units"], now)

with ui.row([1, 1]) as (left, right):
    with left:
        ui.heading(ctx.t("affairs_lists"))
        ui.chart(ctx, drawn.before_after(
            [ui.figure_label(ctx, "community_affairs_after"), ui.figure_label(ctx, "village_affairs_after")],
            [now.get("community_affairs_before"), now.get("village_affairs_before")],
            [now.get("community_affairs_after"), now.get("village_affairs_after")],
            (ctx.t("before"), ctx.t("after")), unit=ctx.t("items"), lang=ctx.lang), "city_indicators")
        ui.figure_line(ctx, ["community_affairs_reduction_pct", "village_affairs_reduction_pct", "community_affairs_before",
                             "village_affairs_before", "guidance_catalogs", "communities_with_list"], now)
    with right:
        ui.heading(ctx.t("signage"))
        signage = ctx.run("signage_by_district", district_code=ctx.district)
        ui.chart(ctx, drawn.grouped_bars(signage, ui.short_col(ctx), {
                 c: ui.col(ctx, c, "signage_cleanup") for c in ("signs_removed", "wall_rules_removed")},
                 unit=ctx.t("unit_count"), lang=ctx.lang), "signage_cleanup")

# The report's 20 points fit one screen of small charts; with more (a larger programme, or the demo
# at scale) the rising points come first and the rest by burden, every point stays in the table.
MAX_PANELS = 20
MAX_NAMED = 10  # rising points named in the warning; the table flags every one
# Weeks drawn: the reform's half year in the small charts, a year for one point; the whole history
# is in Explore (observation_weekly). Ten years of weeks in a 150-px chart would be a smudge.
PANEL_WEEKS, DETAIL_WEEKS = 26, 52
rise_pct = figures.load_targets()["observation"]["rising_pct"]
points = ctx.run("observation_points_latest", district_code=ctx.district, rise_pct=rise_pct)
with ui.block():
    ui.heading(ui.figure_label(ctx, "observation_points"))
    ui.caption(ctx.t("points_lead", n=points.height, pct=rise_pct))
if points.height == 0:
    st.info(ctx.t("empty_reason", reason=ctx.t("no_points_here")))
    st.stop()
rising = points.filter(pl.col("total_rises"))
if rising.height:
    named = "、".join(f"{p}（{ui.md(u)}）" for p, u in zip(rising["point_id"][:MAX_NAMED], rising["unit_name"][:MAX_NAMED]))
    more = rising.height - MAX_NAMED
    st.warning(ctx.t("points_rising", n=rising.height, names=named + (ctx.t("and_more", n=more) if more > 0 else "")))
else:
    st.success(ctx.t("points_none_rising"))
labels = ctx.column_labels(TABLES["observation_weekly"])
ui.table(ctx, points, [
    ui.field(ctx, "point_id", "observation_points"),
    ui.field(ctx, "unit_name", "units"),
    ui.field(ctx, "district_name", "districts", expr=pl.col(names)),
    *[ui.field(ctx, c, "observation_weekly") for c in ("tasks_pushed_down", "forms_ledgers", "certificates", "meetings",
                                                       "work_chat_groups", "inspections")],
    ui.field(ctx, "burden_total"), ui.field(ctx, "burden_change"),
    ui.field(ctx, "total_rises", expr=pl.when(pl.col("total_rises")).then(pl.lit(ctx.t("flag_rising"))).otherwise(pl.lit(""))),
], name="points", title=ui.figure_label(ctx, "observation_points"), source=ctx.label(TABLES["observation_weekly"]))

totals = ctx.run("observation_totals", district_code=ctx.district, rise_pct=rise_pct, max_points=MAX_PANELS,
             weeks=PANEL_WEEKS)
titles = {p: f"{p} {u}" for p, u in zip(points["point_id"], points["unit_name"].fill_null(""))}
with ui.block():
    ui.strong(ctx.t("points_multiples", weeks=PANEL_WEEKS))
    if points.height > MAX_PANELS:
        ui.caption(ctx.t("points_multiples_some", n=points.height, shown=MAX_PANELS))
    ui.chart(ctx, drawn.small_multiples(totals, "point_id", "week_ending", "burden_total",
             {p: titles[p].removesuffix("居委会") for p in totals["point_id"].unique(maintain_order=True)},
             flagged=set(rising["point_id"].to_list()) & set(totals["point_id"].to_list()), lang=ctx.lang), "observation_weekly")

ui.heading(ctx.t("point_detail"))
point_ids = points["point_id"].to_list()
point = ui.folded_select(ctx.t("point_choice"), ctx.t("choose_point"), point_ids, "point", titles.get)
ui.remember("point", point)
detail = ctx.run("observation_history", point_id=point, weeks=DETAIL_WEEKS, district_code=ctx.district).with_columns(
    pl.col("indicator").replace_strict(labels, default=pl.col("indicator")).alias("indicator_label"))
with ui.row([3, 2]) as (left, right):
    with left:
        ui.strong(ctx.t('point_history', name=titles[point], weeks=DETAIL_WEEKS))
        ui.chart(ctx, drawn.small_multiples(detail, "indicator_label", "week_ending", "amount", {}, lang=ctx.lang),
                 "observation_weekly")
    with right:
        ui.strong(ctx.t("cases_near"))
        near = ctx.run("cases_near_point", point_id=point, district_code=ctx.district)
        if near.height:
            ui.table(ctx, near, [ui.field(ctx, c, t) for c, t in (
                ("case_id", "negative_cases"), ("notified_on", "negative_cases"), ("unit_name", "units"),
                ("category", "negative_cases"))], name="cases_near", title=f"{ctx.t('cases_near')} · {titles[point]}",
                source=ctx.label(TABLES["negative_cases"]))
        else:
            ui.note(ctx.t("no_cases_near"))

cases = ctx.run("negative_cases", district_code=ctx.district)
with ui.block():
    ui.heading(ctx.t("cases"))
    ui.table(ctx, cases, [
        ui.field(ctx, "case_id", "negative_cases"),
        ui.field(ctx, "notified_on", "negative_cases"),
        ui.field(ctx, "district_name", "districts", expr=pl.col(names)),
        ui.field(ctx, "unit_name", "units"),
        ui.field(ctx, "category", "negative_cases"),
        ui.field(ctx, "point_id", "negative_cases"),
    ], name="cases", title=ctx.t("cases"), source=ctx.label(TABLES["negative_cases"]))
