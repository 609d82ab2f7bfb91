"""快照对比: what changed between two snapshots, per table and per district, and which values
of past periods were revised."""

import polars as pl
import streamlit as st

from app import ui
from grassroots import compare
from grassroots.schema import TABLES
from queries import snapshot_list

ctx = ui.context()
ui.header(ctx, "page_compare", "compare_lead")
zh = ctx.lang == "zh"
listed = snapshot_list()
dates = [s.as_of.isoformat() for s in listed]
if len(dates) < 2:
    st.info(ctx.t("empty_reason", reason=ctx.t("compare_same")))
    st.stop()

newer_default = ctx.as_of.isoformat()
previous = [d for d in dates if d < ctx.as_of.isoformat()]
older_default = previous[-1] if previous else dates[0]
left, right = st.columns(2)
wanted_old, wanted_new = st.query_params.get("old"), st.query_params.get("new")
old = left.selectbox(ctx.t("compare_old"), dates, key="cmp_old",
                     index=dates.index(wanted_old if wanted_old in dates else older_default))
new = right.selectbox(ctx.t("compare_new"), dates, key="cmp_new",
                      index=dates.index(wanted_new if wanted_new in dates else newer_default))
ui.remember("old", old)
ui.remember("new", new)
if old == new:
    st.warning(ctx.t("compare_same"))
    st.stop()
if old > new:
    old, new = new, old
paths = {s.as_of.isoformat(): s.path for s in listed}
diffs = compare.diff_snapshots(paths[old], paths[new])

revisions = [(d, d.revisions) for d in diffs if d.revisions.height]
district_names = dict(zip(ctx.districts["district_code"], ctx.districts[ui.name_col(ctx)]))
st.subheader(ctx.t("compare_revisions"))
if revisions:
    st.warning(ctx.t("compare_revisions_found", n=sum(r.height for _, r in revisions)))
    for d, rev in revisions:
        labels = ctx.column_labels(d.table)
        key = list(d.table.key)
        st.dataframe(rev.select(
            pl.lit(ctx.label(d.table)).alias(ui.col(ctx, "table")),
            pl.col("district").replace_strict(district_names, default=pl.col("district")).alias(ui.col(ctx, "district_name", "districts")),
            pl.concat_str([pl.col(k).cast(pl.String) for k in key], separator=" / ").alias(ui.col(ctx, "record")),
            pl.col("column").replace_strict(labels, default=pl.col("column")).alias(ui.col(ctx, "field")),
            pl.col("old").alias(ui.col(ctx, "old")), pl.col("new").alias(ui.col(ctx, "new")),
        ), hide_index=True, width="stretch")
else:
    st.success(ctx.t("compare_no_revisions"))

st.subheader(ctx.t("compare_tables"))
summary = pl.DataFrame({
    ui.col(ctx, "table"): [ctx.label(d.table) for d in diffs],
    ui.col(ctx, "rows_old"): [d.rows_old for d in diffs],
    ui.col(ctx, "rows_new"): [d.rows_new for d in diffs],
    ui.col(ctx, "added"): [d.added.height for d in diffs],
    ui.col(ctx, "removed"): [d.removed.height for d in diffs],
    ui.col(ctx, "changed"): [d.changed_rows for d in diffs],
    ui.col(ctx, "revised"): [d.revisions.height for d in diffs],
})
st.dataframe(summary, hide_index=True, width="stretch")

st.subheader(ctx.t("compare_districts"))
per_district = compare.by_district(diffs).join(
    ctx.districts.select("district_code", ui.name_col(ctx), "display_order"), on="district_code", how="left").sort("display_order")
st.dataframe(per_district.select(
    pl.col(ui.name_col(ctx)).alias(ui.col(ctx, "district_name", "districts")),
    *[pl.col(c).alias(ui.col(ctx, c)) for c in ("added", "removed", "changed", "revised")],
), hide_index=True, width="stretch")

st.subheader(ctx.t("compare_changes"))
changed = [d for d in diffs if d.changes.height]
if changed:
    names = [d.table.name for d in changed]
    chosen = st.selectbox(ctx.t("choose_table"), names, key="cmp_table",
                          format_func=lambda n: ctx.label(TABLES[n]))
    d = next(d for d in changed if d.table.name == chosen)
    labels = ctx.column_labels(d.table)
    st.dataframe(d.changes.select(
        pl.concat_str([pl.col(k).cast(pl.String) for k in d.table.key], separator=" / ").alias(ui.col(ctx, "record")),
        pl.col("column").replace_strict(labels, default=pl.col("column")).alias(ui.col(ctx, "field")),
        pl.col("old").alias(ui.col(ctx, "old")), pl.col("new").alias(ui.col(ctx, "new")),
    ), hide_index=True, width="stretch")
