"""减负: the task book over time and by lead unit, affairs lists before/after, signs removed,
the 20 observation points (table, small multiples, a detail view per point), negative cases."""

import polars as pl
import streamlit as st

from app import charts, ui
from grassroots import figures, fmt
from grassroots.schema import TABLES
from queries import run

ctx = ui.context()
ui.header(ctx, "page_burden", "burden_lead")
now, before = ui.headline_values(ctx)
ui.metric_row(ctx, ["task_book_done", "community_affairs_after", "village_affairs_after", "signs_removed",
                    "observation_points", "negative_cases_notified"], now, before)
names = ui.name_col(ctx)

left, right = st.columns(2)
with left:
    st.subheader(ctx.t("task_progress"))
    history = run("task_book_history", to_date=ctx.as_of)
    ui.chart(ctx, charts.stacked_area(history, "snapshot_date", {
        "done": ctx.t("task_done"), "in_progress": ctx.t("task_in_progress"), "not_started": ctx.t("task_not_started")},
        [charts.STATUS_COLOURS[k] for k in ("done", "in_progress", "not_started")], y_title=ctx.t("tasks")), "task_book")
with right:
    st.subheader(ctx.t("tasks_by_unit"))
    by_unit = run("tasks_by_unit", snapshot_date=ctx.as_of).with_columns(remaining=pl.col("tasks") - pl.col("done"))
    ui.chart(ctx, charts.stacked_bars(by_unit, "lead_unit", {"done": ctx.t("task_done"), "remaining": ctx.t("task_remaining")},
             [charts.STATUS_COLOURS["done"], charts.STATUS_COLOURS["not_started"]], x_title=ctx.t("tasks"), height=520), "task_book")

left, right = st.columns(2)
with left:
    st.subheader(ctx.t("affairs_lists"))
    ui.chart(ctx, charts.before_after(
        [ctx.t("community_affairs"), ctx.t("village_affairs")],
        [now.get("community_affairs_before"), now.get("village_affairs_before")],
        [now.get("community_affairs_after"), now.get("village_affairs_after")],
        (ctx.t("before"), ctx.t("after")), y_title=ctx.t("items")), "city_indicators")
    st.caption(ctx.t("affairs_caption", c=fmt.number(now.get("community_affairs_reduction_pct")),
                     v=fmt.number(now.get("village_affairs_reduction_pct"))))
with right:
    st.subheader(ctx.t("signage"))
    signage = run("signage_by_district", snapshot_date=ctx.as_of)
    if ctx.district:
        signage = signage.filter(pl.col("district_code") == ctx.district)
    ui.chart(ctx, charts.grouped_bars(ui.short_names(ctx, signage), "district_label", {"signs_removed": ctx.t("signs"), "wall_rules_removed": ctx.t("wall_rules")},
             y_title=ctx.t("unit_count")), "signage_cleanup")

rise_pct = figures.load_targets()["observation"]["rising_pct"]
st.subheader(ctx.t("points"))
st.caption(ctx.t("points_lead", pct=rise_pct))
points = run("observation_points_latest", snapshot_date=ctx.as_of, district_code=ctx.district, rise_pct=rise_pct)
if points.height == 0:
    st.info(ctx.t("empty_reason", reason=ctx.t("no_points_here")))
    st.stop()
rising = points.filter(pl.col("total_rises").fill_null(False))
if rising.height:
    st.warning(ctx.t("points_rising", n=rising.height, names="、".join(
        f"{p}（{u}）" for p, u in zip(rising["point_id"], rising["unit_name"]))))
else:
    st.success(ctx.t("points_none_rising"))
labels = ctx.column_labels(TABLES["observation_weekly"])
st.dataframe(points.select(
    pl.col("point_id").alias(ctx.t("col_point")), pl.col("unit_name").alias(ctx.t("col_unit")),
    pl.col(names).alias(ctx.t("col_district")),
    *[pl.col(c).alias(labels[c]) for c in ("tasks_pushed_down", "forms_ledgers", "certificates", "meetings",
                                            "work_chat_groups", "inspections")],
    pl.col("burden_total").alias(ctx.t("col_burden_total")), pl.col("burden_change").alias(ctx.t("col_burden_change")),
    pl.when(pl.col("total_rises")).then(pl.lit(ctx.t("flag_rising"))).otherwise(pl.lit("")).alias(ctx.t("col_flag")),
), hide_index=True, width="stretch")

history = run("observation_history", snapshot_date=ctx.as_of, point_id=None).filter(
    pl.col("point_id").is_in(points["point_id"].to_list()))
totals = history.group_by("point_id", "week_ending").agg(pl.col("amount").sum())
st.markdown(f"**{ctx.t('points_multiples')}**")
titles = {p: f"{p} {u}" for p, u in zip(points["point_id"], points["unit_name"].fill_null(""))}
ui.chart(ctx, charts.small_multiples(totals, "point_id", "week_ending", "amount",
         {p: t.removesuffix("居委会")[:12] for p, t in titles.items()},
         flagged=set(rising["point_id"].to_list())), "observation_weekly")

st.subheader(ctx.t("point_detail"))
point_ids = points["point_id"].to_list()
wanted = st.query_params.get("point")
point = st.selectbox(ctx.t("choose_point"), point_ids, index=point_ids.index(wanted) if wanted in point_ids else 0,
                     format_func=titles.get, key="point")
ui.remember("point", point)
detail = history.filter(pl.col("point_id") == point).with_columns(
    pl.col("indicator").replace_strict(labels, default=pl.col("indicator")).alias("indicator_label"))
left, right = st.columns([3, 2])
with left:
    st.markdown(f"**{ctx.t('point_history', name=titles[point])}**")
    ui.chart(ctx, charts.small_multiples(detail, "indicator_label", "week_ending", "amount", {}, columns=3,
             height_per_row=170), "observation_weekly")
with right:
    st.markdown(f"**{ctx.t('cases_near')}**")
    cases = run("negative_cases", snapshot_date=ctx.as_of, district_code=None)
    street_of_point = points.filter(pl.col("point_id") == point)["parent_code"][0]
    near = cases.filter((pl.col("point_id") == point) | (pl.col("parent_code") == street_of_point))
    if near.height:
        st.dataframe(near.select(
            pl.col("case_id").alias(ctx.t("col_case")), pl.col("notified_on").cast(pl.String).alias(ctx.t("col_date")),
            pl.col("unit_name").alias(ctx.t("col_unit")), pl.col("category").alias(ctx.t("col_category"))),
            hide_index=True, width="stretch")
    else:
        st.info(ctx.t("no_cases_near"))

st.subheader(ctx.t("cases"))
shown = cases if ctx.district is None else cases.filter(pl.col("district_code") == ctx.district)
st.dataframe(shown.select(
    pl.col("case_id").alias(ctx.t("col_case")), pl.col("notified_on").cast(pl.String).alias(ctx.t("col_date")),
    pl.col(names).alias(ctx.t("col_district")), pl.col("unit_name").alias(ctx.t("col_unit")),
    pl.col("category").alias(ctx.t("col_category")), pl.col("point_id").fill_null("").alias(ctx.t("col_point")),
), hide_index=True, width="stretch")
