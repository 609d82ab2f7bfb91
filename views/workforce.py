"""队伍建设: recruitment by year and channel, the career path, workers per 10,000 urban residents."""

import polars as pl

from app import drawn, ui
from app.drawn import cards
from grassroots.catalogue import figures, fmt, tables as schema

ctx = ui.context()
ui.header(ctx, "workforce", "workforce_lead")
now, before = ui.headline_values(ctx)
cards.row(ctx, ["graduates_recruited_4y", "masters_specialists", "community_staff_total", "community_workers",
                    "workers_per_10k_urban", "workers_two_committees_pct", "workers_heads", "workers_heads_pct"], now, before)

with ui.row([1, 1]) as (left, right):
    with left:
        ui.heading(ctx.t("recruitment_by_year"))
        by_year = ctx.run("recruitment_by_year", district_code=ctx.district).with_columns(pl.col("year").cast(pl.String))
        channel = schema.column("channel", "recruitment")
        ui.chart(ctx, drawn.grouped_bars(by_year, "year", {c: channel.choice_label(c, ctx.lang) for c in ("graduate_exam", "masters_city_post")},
                 unit=ctx.t("people"), lang=ctx.lang), "recruitment")
    with right:
        ui.heading(ctx.t("career_path"))
        stages = ["community_workers", "workers_in_two_committees", "workers_heads"]
        labels = [*(ui.figure_label(ctx, s) for s in stages), ui.col(ctx, "civil_and_institution"),
                  ui.figure_label(ctx, "deputy_section_promotions")]
        values = [now.get(s) or 0 for s in stages] + [
            (now.get("civil_servants_targeted") or 0) + (now.get("institution_staff_targeted") or 0),
            now.get("deputy_section_promotions") or 0]
        ui.chart(ctx, drawn.funnel(labels, values, lang=ctx.lang), "workforce")
        ui.figure_line(ctx, ["workers_in_two_committees", "civil_servants_targeted", "institution_staff_targeted",
                             "deputy_section_promotions"], now)
        ui.caption(ctx.t("career_note"))

# the comparison is between districts (a district role's scope leaves its own district only)
all_districts = ctx.run("workforce_by_district", district_code=None)
city, city_label = ui.city_reference(ctx, "workers_per_10k_urban")
target = figures.load_targets()["targets"]["workers_per_10k_urban"]["target"]
fig = drawn.district_bars(all_districts.filter(pl.col("workers_per_10k").is_not_null()), "workers_per_10k", ui.short_col(ctx),
                           unit=ctx.t("per_10k_axis"), lang=ctx.lang, reference=city, reference_label=city_label,
                           target=target, target_label=f"{ctx.t('target')} {target}")
staff = ctx.run("workforce_by_district", district_code=ctx.district)
with ui.block():
    ui.heading(ctx.t("per_10k_by_district"))
    ui.chart(ctx, fig, "workforce")
    ui.caption(ctx.t("per_10k_note"))
    ui.heading(ctx.t("workforce_table"))
    ui.table(ctx, staff, [
        ui.field(ctx, "district_name", "districts", expr=pl.col(ui.name_col(ctx))),
        *[ui.field(ctx, c, "workforce") for c in ("community_workers", "community_staff_total")],
        ui.field(ctx, "workers_per_10k", missing="—"),
        *[ui.field(ctx, c, "workforce") for c in ("in_two_committees", "heads")],
        ui.field(ctx, "civil_and_institution", expr=pl.col("civil_servants_targeted") + pl.col("institution_staff_targeted")),
        ui.field(ctx, "deputy_section_promotions", "workforce"),
    ], name="workforce", title=ctx.t("workforce_table"), source=ctx.label(schema.TABLES["workforce"]))
