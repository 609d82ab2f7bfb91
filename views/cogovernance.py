"""共治与志愿服务: services per week, district and team; sites for couriers and riders;
part-time grid members; the named deliberation brands."""

import datetime as dt

import polars as pl

from app import drawn, ui
from app.drawn import cards
from grassroots.catalogue.tables import TABLES

ctx = ui.context()
ui.header(ctx, "cogovernance", "cogovernance_lead")
now, before = ui.headline_values(ctx)
cards.row(ctx, ["volunteer_sessions", "legal_aid_cases", "women_volunteer_corps", "women_volunteer_teams",
                    "party_service_centres", "red_bee_stations", "couriers_served", "new_employment_grid_members"], now, before)
services = {c: ui.col(ctx, c) for c in ("volunteer_sessions", "legal_aid_cases")}
short = ui.short_col(ctx)

per_week = ctx.run("services_by_week", district_code=ctx.district)
with ui.block():
    ui.heading(ctx.t("services_by_week"))
    if per_week.height:
        ui.chart(ctx, drawn.series_lines(per_week, "week_ending", services, unit=ctx.t("services"), lang=ctx.lang),
                 "volunteer_sessions, legal_aid_cases")

weeks = ui.folded_select(ctx.t("period"), ctx.t("period"), [4, 8, 0], "period", default=8,
                         format_func=lambda w: ctx.t(f"period_{w or 'all'}"))
since = ctx.as_of - dt.timedelta(days=7 * weeks - 1) if weeks else dt.date(1900, 1, 1)
served = ctx.run("services_since", district_code=ctx.district, since=since)  # districts, and their teams
with ui.row([2, 3]) as (left, right):
    with left:
        ui.heading(ctx.t("services_by_district"))
        by_district = served.filter(pl.col("is_district_total"))
        if by_district.height == 0:
            ui.note(ctx.t("no_services"))
        else:
            ui.chart(ctx, drawn.grouped_bars(by_district, short, services, unit=ctx.t("services"), lang=ctx.lang),
                     "volunteer_sessions, legal_aid_cases")
    with right:
        ui.heading(ctx.t("services_by_team"))
        teams = served.filter(~pl.col("is_district_total"))
        ui.table(ctx, teams, [
            ui.field(ctx, "team_name", "volunteer_teams"),
            ui.field(ctx, "team_kind", "volunteer_teams", expr=ui.choices(ctx, "team_kind", "volunteer_teams")),
            ui.field(ctx, "volunteer_sessions"), ui.field(ctx, "legal_aid_cases"),
        ], name="teams", title=f"{ctx.t('services_by_team')} · {ctx.t('period_' + str(weeks or 'all'))}",
            source=f"{ctx.label(TABLES['volunteer_sessions'])}、{ctx.label(TABLES['legal_aid_cases'])}", height=380)

sites = ctx.run("service_sites_by_district", district_code=ctx.district)
with ui.row([1, 1]) as (left, right):
    with left:
        ui.heading(ctx.t("stations"))
        ui.chart(ctx, drawn.grouped_bars(sites, short, {
            c: ui.col(ctx, c, "service_sites") for c in ("party_service_centres", "red_bee_stations", "mobile_party_stations")},
            unit=ctx.t("unit_count"), lang=ctx.lang), "service_sites")
        ui.figure_line(ctx, ["party_service_centres", "red_bee_stations", "mobile_party_branch_stations"], now)
    with right:
        ui.heading(ctx.t("couriers_members"))
        ui.chart(ctx, drawn.grouped_bars(sites, short, {
            c: ui.col(ctx, c, "service_sites") for c in ("couriers_served", "new_employment_grid_members")},
            unit=ctx.t("people"), lang=ctx.lang), "service_sites")

brands = ctx.run("deliberation_brands")
with ui.block():
    ui.heading(ctx.label(TABLES["deliberation_brands"], heading=True))
    ui.table(ctx, brands, [
        ui.field(ctx, "brand_name", "deliberation_brands", expr=pl.col("brand_name_en" if ctx.lang == "en" else "brand_name")),
        ui.field(ctx, "place", expr=pl.format("{} {} {}", ui.name_col(ctx), "parent_name", "unit_name")),
    ], name="brands", title=ctx.label(TABLES["deliberation_brands"], heading=True), source=ctx.label(TABLES["deliberation_brands"]))
