"""共治与志愿服务: services per week, district and team; sites for couriers and riders;
part-time grid members; the named deliberation brands."""

import datetime as dt

import polars as pl
import streamlit as st

from app import charts, ui
from queries import run

ctx = ui.context()
ui.header(ctx, "page_cogovernance", "cogovernance_lead")
now, before = ui.headline_values(ctx)
ui.metric_row(ctx, ["volunteer_sessions", "legal_aid_cases", "women_volunteer_corps", "women_volunteer_teams",
                    "red_bee_stations", "new_employment_grid_members"], now, before)
services = {"volunteer_sessions": ctx.t("service_volunteer_sessions"), "legal_aid_cases": ctx.t("service_legal_aid_cases")}

st.subheader(ctx.t("services_by_week"))
weekly = run("services_by_week", snapshot_date=ctx.as_of, district_code=ctx.district)
per_week = (weekly.group_by("week_ending", "service").agg(pl.col("services").sum())
            .pivot("service", index="week_ending", values="services").fill_null(0).sort("week_ending"))
if per_week.height:
    fig = charts.grouped_bars(per_week.with_columns(pl.col("week_ending").cast(pl.String)), "week_ending",
                              {k: v for k, v in services.items() if k in per_week.columns}, y_title=ctx.t("services"))
    ui.chart(ctx, fig, "volunteer_sessions, legal_aid_cases")

weeks = st.segmented_control(ctx.t("period"), [4, 8, 0], default=8, key="period",
                             format_func=lambda w: ctx.t(f"period_{w or 'all'}"))
since = ctx.as_of - dt.timedelta(days=7 * weeks - 1) if weeks else dt.date(1900, 1, 1)
left, right = st.columns([2, 3])
with left:
    st.subheader(ctx.t("services_by_district"))
    recent = weekly.filter(pl.col("week_ending") >= since)
    if recent.height == 0:
        st.info(ctx.t("no_services"))
    else:
        by_district = ui.short_names(ctx, recent.group_by("district_code", "service").agg(pl.col("services").sum())
                                     .pivot("service", index="district_code", values="services").fill_null(0))
        by_district = by_district.join(ctx.districts.select("district_code", "display_order"), on="district_code").sort("display_order")
        ui.chart(ctx, charts.grouped_bars(by_district, "district_label",
                 {k: v for k, v in services.items() if k in by_district.columns}, y_title=ctx.t("services")),
                 "volunteer_sessions, legal_aid_cases")
with right:
    st.subheader(ctx.t("services_by_team"))
    teams = run("services_by_team", snapshot_date=ctx.as_of, district_code=ctx.district, since=since)
    st.dataframe(teams.select(
        pl.col("team_name").alias(ctx.t("col_team")),
        pl.col("team_kind").map_elements(lambda k: ctx.t(f"team_{k}"), return_dtype=pl.String).alias(ctx.t("col_team_kind")),
        pl.col("volunteer_sessions").alias(services["volunteer_sessions"]),
        pl.col("legal_aid_cases").alias(services["legal_aid_cases"]),
    ), hide_index=True, width="stretch", height=380)

sites = ui.short_names(ctx, run("service_sites_by_district", snapshot_date=ctx.as_of))
if ctx.district:
    sites = sites.filter(pl.col("district_code") == ctx.district)
left, right = st.columns(2)
with left:
    st.subheader(ctx.t("stations"))
    ui.chart(ctx, charts.grouped_bars(sites, "district_label", {
        "party_service_centres": ctx.t("site_centres"), "red_bee_stations": ctx.t("site_red_bee"),
        "mobile_party_stations": ctx.t("site_mobile")}, y_title=ctx.t("unit_count")), "service_sites")
with right:
    st.subheader(ctx.t("couriers_members"))
    ui.chart(ctx, charts.grouped_bars(sites, "district_label", {
        "couriers_served": ui.figure_label(ctx, "couriers_served"),
        "new_employment_grid_members": ui.figure_label(ctx, "new_employment_grid_members")},
        y_title=ctx.t("people")), "service_sites")

st.subheader(ctx.t("brands"))
brands = run("deliberation_brands", snapshot_date=ctx.as_of)
st.table(brands.select(
    pl.col("brand_name_en" if ctx.lang == "en" else "brand_name").alias(ctx.t("col_brand")),
    pl.format("{} {} {}", ui.name_col(ctx), "parent_name", "unit_name").alias(ctx.t("col_place")),
), hide_index=True)
