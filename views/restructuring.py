"""治理单元优化: streets per district and the approval of the plans, the 2023 → now crosswalk,
communities and grids down to the community, enforcement items and staff moved down."""

import polars as pl
import streamlit as st

from app import drawn, ui
from app.drawn import cards
from grassroots.catalogue.tables import TABLES

ctx = ui.context()
ui.header(ctx, "restructuring", "restructuring_lead")
now, before = ui.headline_values(ctx)
cards.row(ctx, ["streets_now", "districts_plan_approved", "communities", "grids",
                    "enforcement_items_after", "staff_posts_moved_down"], now, before)
names, short = ui.name_col(ctx), ui.short_col(ctx)

streets = ctx.run("streets_by_district", district_code=ctx.district)
with ui.row([1, 1]) as (left, right):
    with left:
        ui.heading(ctx.t("streets_by_district"))
        with_streets = streets.filter((pl.col("streets_planned") > 0) | (pl.col("streets_now") > 0))
        if with_streets.height:
            ui.chart(ctx, drawn.grouped_bars(with_streets, short, {
                c: ui.col(ctx, c, "district_restructuring") for c in ("streets_before", "streets_now", "streets_planned")},
                unit=ctx.t("unit_count"), lang=ctx.lang), "district_restructuring")
            ui.figure_line(ctx, ["streets_baseline", "streets_now", "streets_target"], now)
        else:
            ui.note(ctx.t("empty_reason", reason=ctx.t("no_streets_here")))
    with right:
        ui.heading(ctx.t("plan_table"))
        ui.table(ctx, streets.filter(pl.col("plan_status") != "none"), [
            ui.field(ctx, "district_name", "districts", expr=pl.col(names)),
            ui.field(ctx, "plan_status", "district_restructuring", expr=ui.choices(ctx, "plan_status", "district_restructuring")),
            ui.field(ctx, "plan_approved_on", "district_restructuring", missing="—"),
            *[ui.field(ctx, c, "district_restructuring") for c in ("streets_before", "streets_now", "streets_planned")],
        ], name="plans", title=ctx.t("plan_table"), source=ctx.label(TABLES["district_restructuring"]))

history = ctx.run("restructuring_history", district_code=ctx.district)
crosswalk = ctx.run("street_crosswalk", district_code=ctx.district)
with ui.block():
    ui.heading(ctx.t("approval_timeline"))
    if history.height:
        ui.chart(ctx, drawn.district_lines(history, "snapshot_date", "streets_now", short, unit=ctx.t("unit_count"), step=True, lang=ctx.lang),
                 "district_restructuring")
    else:
        ui.note(ctx.t("empty_reason", reason=ctx.t("no_streets_here")))
    ui.heading(ctx.t("crosswalk"))
    ui.caption(ctx.t("crosswalk_lead"))
    ui.table(ctx, crosswalk, [
        ui.field(ctx, "district_name", "districts", expr=pl.col(names)),
        ui.field(ctx, "old_street_name", "street_crosswalk"),
        ui.field(ctx, "new_street_name", "street_crosswalk"),
        ui.field(ctx, "relation", "street_crosswalk", expr=ui.choices(ctx, "relation", "street_crosswalk")
                 + pl.when(pl.col("is_demo_invented")).then(pl.lit(f"（{ctx.t('demo_inferred')}）")).otherwise(pl.lit(""))),
    ], name="crosswalk", title=ctx.t("crosswalk"), source=ctx.label(TABLES["street_crosswalk"]), height=300)

ui.heading(ctx.t("drilldown"))
district_codes = ctx.districts["district_code"].to_list()
choice = st.container(horizontal=True, gap="small")
if not ctx.district:
    with choice:
        drill_district = ui.folded_select(ctx.t("drill_district"), ctx.t("drill_district"), district_codes,
                                          "drill_district", format_func=ctx.district_label)
else:
    drill_district = ctx.district
by_street = ctx.run("units_by_street", district_code=drill_district)
if by_street.height == 0:
    st.info(ctx.t("empty_reason", reason=ctx.t("no_streets_here")))
else:
    street_codes = by_street["street_code"].to_list()
    street_names = dict(zip(street_codes, by_street["street_name"]))
    with choice:
        street = ui.folded_select(ctx.t("drill_street"), ctx.t("drill_street"), street_codes, f"street_{drill_district}",
                                  street_names.get, url_key="street")
    ui.remember("street", street)
    with ui.row([3, 2]) as (col_chart, col_table):
        with col_chart:
            ui.chart(ctx, drawn.grouped_bars(by_street, "street_name", {
                     c: ui.col(ctx, c, "district_restructuring") for c in ("grids", "communities", "villages")},
                     unit=ctx.t("unit_count"), lang=ctx.lang), "units, grids")
        with col_table:
            members = ctx.run("communities_of_street", street_code=street, district_code=drill_district)
            ui.table(ctx, members, [
                ui.field(ctx, "unit_name", "units"),
                ui.field(ctx, "unit_level", "units", expr=ui.choices(ctx, "unit_level", "units")),
                ui.field(ctx, "grids", "district_restructuring"),
                ui.field(ctx, "compounds", "grids"),
                ui.field(ctx, "has_affairs_list", "units"),
                ui.field(ctx, "is_demo_invented", "units"),
            ], name="members", title=f"{ctx.t('drilldown')} · {street_names[street]}",
                source=ctx.label(TABLES["units"]), height=max(300, 34 * by_street.height))

with ui.block():
    ui.heading(ctx.t("enforcement"))
    with ui.row([1, 1]) as (col_items, col_posts):
        with col_items:
            ui.chart(ctx, drawn.before_after([ctx.t("items")], [now.get("enforcement_items_before")], [now.get("enforcement_items_after")],
                     (ctx.t("before"), ctx.t("after")), unit=ctx.t("items"), lang=ctx.lang), "city_indicators")
            ui.figure_line(ctx, ["enforcement_items_before", "enforcement_items_after"], now)
        with col_posts:
            posts = streets.filter(pl.col("posts_moved_down") > 0)
            ui.chart(ctx, drawn.district_bars(posts, "posts_moved_down", short, unit=ctx.t("posts"), lang=ctx.lang), "district_restructuring")
