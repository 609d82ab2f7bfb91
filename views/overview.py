"""总览: one row of headline cards per area, then the check against the published report."""

import polars as pl
import streamlit as st

from app import ui
from grassroots import figures, fmt
from grassroots.reconcile import reconciliation
from grassroots.schema import AREAS
from queries import run

ctx = ui.context()
ui.header(ctx, "app_title", "overview_lead")
if ctx.district:
    st.caption(ctx.t("district_note", district=ctx.district_label(ctx.district)))

now, before = ui.headline_values(ctx)
config = figures.load_targets()
if ctx.previous:
    moved = ui.week_changes(ctx, now, before)
    rising = run("observation_points_latest", snapshot_date=ctx.as_of, district_code=ctx.district,
                 rise_pct=config["observation"]["rising_pct"])["total_rises"].fill_null(False).sum()
    if rising:
        moved.append(ctx.t("week_rising_points", n=rising))
    previous = ctx.previous.as_of.isoformat()
    st.info(ctx.t("week_moved", date=previous, items="；".join(moved)) if moved
            else ctx.t("week_nothing_moved", date=previous), icon=":material/update:")
for area, ids in config["headline"].items():
    st.subheader(AREAS[area][1 if ctx.lang == "en" else 0])
    for column, figure_id in zip(st.columns(len(ids)), ids):
        with column:
            ui.figure_card(ctx, figure_id, now, before, config)

st.subheader(ctx.t("reconciliation"))
st.caption(ctx.t("reconciliation_lead"))
city_now = now if ctx.district is None else ui.headline_values(ctx, city_wide=True)[0]
table = reconciliation(run("published_figures", snapshot_date=ctx.as_of),
                       pl.DataFrame({"figure_id": list(city_now), "value": list(city_now.values())}))
bad = table.filter(~pl.col("matches")).height
if bad:
    st.error(ctx.t("reconciliation_some_differ", bad=bad, n=table.height))
else:
    st.success(ctx.t("reconciliation_all_match", n=table.height))
shown = table.select(
    pl.col("indicator_en" if ctx.lang == "en" else "indicator_zh").alias(ctx.t("col_figure")),
    pl.col("published_value").map_elements(lambda v: fmt.number(v, ctx.lang), return_dtype=pl.String).alias(ctx.t("col_published")),
    pl.col("snapshot_value").map_elements(lambda v: fmt.number(v, ctx.lang), return_dtype=pl.String).alias(ctx.t("col_snapshot")),
    pl.col("unit").alias(ctx.t("col_unit")),
    pl.when(pl.col("matches")).then(pl.lit(ctx.t("match_yes"))).otherwise(pl.lit(ctx.t("match_no"))).alias(ctx.t("col_match")),
)
st.dataframe(shown, hide_index=True, width="stretch", height=420)
