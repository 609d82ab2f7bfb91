"""队伍建设: recruitment by year and channel, the career path, workers per 10,000 urban residents."""

import polars as pl
import streamlit as st

from app import charts, ui
from grassroots import figures, fmt
from queries import run

ctx = ui.context()
ui.header(ctx, "page_workforce", "workforce_lead")
now, before = ui.headline_values(ctx)
ui.metric_row(ctx, ["graduates_recruited_4y", "masters_specialists", "community_workers", "workers_per_10k_urban",
                    "workers_two_committees_pct", "workers_heads_pct"], now, before)

left, right = st.columns(2)
with left:
    st.subheader(ctx.t("recruitment_by_year"))
    recruits = run("recruitment_by_year", snapshot_date=ctx.as_of, district_code=ctx.district)
    by_year = (recruits.group_by("year", "channel").agg(pl.col("recruits").sum())
               .pivot("channel", index="year", values="recruits").fill_null(0).sort("year")
               .with_columns(pl.col("year").cast(pl.String)))
    channels = [c for c in ("graduate_exam", "masters_city_post") if c in by_year.columns]
    ui.chart(ctx, charts.grouped_bars(by_year, "year", {c: ctx.t(f"channel_{c}") for c in channels},
             y_title=ctx.t("people")), "recruitment")
with right:
    st.subheader(ctx.t("career_path"))
    stages = ["community_workers", "workers_in_two_committees", "workers_heads"]
    labels = [ctx.t("stage_workers"), ctx.t("stage_two_committees"), ctx.t("stage_heads"),
              ctx.t("stage_civil_institution"), ctx.t("stage_deputy_section")]
    values = [now.get(s) or 0 for s in stages] + [
        (now.get("civil_servants_targeted") or 0) + (now.get("institution_staff_targeted") or 0),
        now.get("deputy_section_promotions") or 0]
    ui.chart(ctx, charts.funnel(labels, values), "workforce")
    st.caption(ctx.t("career_note"))

st.subheader(ctx.t("per_10k_by_district"))
staff = run("workforce_by_district", snapshot_date=ctx.as_of)
with_residents = ui.short_names(ctx, staff.filter(pl.col("urban_residents") > 0))
city = ui.headline_values(ctx, city_wide=True)[0].get("workers_per_10k_urban")
target = figures.load_targets()["targets"]["workers_per_10k_urban"]["target"]
fig = charts.district_bars(with_residents, "workers_per_10k", "district_label", y_title=ctx.t("per_10k_axis"),
                           reference=city, reference_label=ctx.t("city_figure", value=fmt.number(city, ctx.lang)))
fig.add_hline(y=target, line_dash="dot", line_color="#7F8C8D",
              annotation_text=f"{ctx.t('target')} {target}", annotation_position="bottom right")
ui.chart(ctx, fig, "workforce")
st.caption(ctx.t("per_10k_note"))

st.subheader(ctx.t("workforce_table"))
shown = staff if ctx.district is None else staff.filter(pl.col("district_code") == ctx.district)
st.dataframe(shown.select(
    pl.col(ui.name_col(ctx)).alias(ctx.t("col_district")),
    pl.col("community_workers").alias(ui.figure_label(ctx, "community_workers")),
    pl.col("community_staff_total").alias(ui.figure_label(ctx, "community_staff_total")),
    pl.col("workers_per_10k").cast(pl.String).fill_null("—").alias(ui.figure_label(ctx, "workers_per_10k_urban")),
    pl.col("in_two_committees").alias(ctx.t("stage_two_committees")),
    pl.col("heads").alias(ctx.t("stage_heads")),
    (pl.col("civil_servants_targeted") + pl.col("institution_staff_targeted")).alias(ctx.t("stage_civil_institution")),
    pl.col("deputy_section_promotions").alias(ctx.t("stage_deputy_section")),
), hide_index=True, width="stretch")
