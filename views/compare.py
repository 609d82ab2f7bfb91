"""快照对比: what changed between two snapshots, per table and per district, and which values
of past periods were revised. Its tables are drawn as HTML, as the leader pages' are (the first
rows; the downloads hold them all): the sortable grid's JavaScript cost every first load of the page."""

from pathlib import Path

import polars as pl
import streamlit as st

from app import ui
from queries import compare
from grassroots.catalogue.tables import TABLES
from queries import snapshot_list



@st.cache_resource(max_entries=16, show_spinner=False)
def diff(old_path: str, old_digest: str, new_path: str, new_digest: str) -> list[compare.TableDiff]:
    """The two snapshots' differences, kept per pair of snapshot contents (a republished
    snapshot has a new digest); shared between sessions and never modified."""
    return compare.diff_snapshots(Path(old_path), Path(new_path))


ctx = ui.context()
ui.header(ctx, "compare", "compare_lead")
zh = ctx.lang == "zh"
listed = snapshot_list()
dates = [s.as_of.isoformat() for s in listed]
if len(dates) < 2:
    st.info(ctx.t("empty_reason", reason=ctx.t("compare_same")))
    st.stop()

newer_default = ctx.as_of.isoformat()
previous = [d for d in dates if d < ctx.as_of.isoformat()]
older_default = previous[-1] if previous else dates[0]
at_old = ui.kept("cmp_old", dates, older_default, url_key="old")  # a link's pair on a first run
at_new = ui.kept("cmp_new", dates, newer_default, url_key="new")
# The pair folded under one button that names it, as the sidebar's choices are (app/ui.sidebar)
with st.popover(f"{ctx.t('compare_pair')} · {dates[at_old]} → {dates[at_new]}", icon=":material/compare_arrows:", key="cmp_pair"):
    old = st.selectbox(ctx.t("compare_old"), dates, index=at_old, key="cmp_old")
    new = st.selectbox(ctx.t("compare_new"), dates, index=at_new, key="cmp_new")
ui.remember("old", old)
ui.remember("new", new)
if old == new:
    st.warning(ctx.t("compare_same"))
    st.stop()
if old > new:
    old, new = new, old
by_date = {s.as_of.isoformat(): s for s in listed}
diffs = diff(str(by_date[old].path), by_date[old].digest, str(by_date[new].path), by_date[new].digest)

revisions = [(d, d.revisions) for d in diffs if d.revisions.height]
district_names = dict(zip(ctx.districts["district_code"], ctx.districts[ui.name_col(ctx)]))
ui.heading(ctx.t("compare_revisions"))
if revisions:
    st.warning(ctx.t("compare_revisions_found", n=sum(r.height for _, r in revisions)))
    for d, rev in revisions:
        labels = ctx.column_labels(d.table)
        key = list(d.table.key)
        ui.table(ctx, rev, [
            ui.field(ctx, "table", expr=pl.lit(ctx.label(d.table))),
            ui.field(ctx, "district_name", "districts",
                     expr=pl.col("district").replace_strict(district_names, default=pl.col("district"))),
            ui.field(ctx, "record", expr=pl.concat_str([pl.col(k).cast(pl.String) for k in key], separator=" / ")),
            ui.field(ctx, "field", expr=pl.col("column").replace_strict(labels, default=pl.col("column"))),
            ui.field(ctx, "old"), ui.field(ctx, "new"),
        ], name=f"revisions_{d.table.name}", title=f"{ctx.t('compare_revisions')} · {ctx.label(d.table)} · {old} → {new}",
            source=ctx.label(d.table))
else:
    st.success(ctx.t("compare_no_revisions"))

ui.heading(ctx.t("compare_tables"))
summary = pl.DataFrame({
    "table": [ctx.label(d.table) for d in diffs],
    "rows_old": [d.rows_old for d in diffs],
    "rows_new": [d.rows_new for d in diffs],
    "added": [d.added.height for d in diffs],
    "removed": [d.removed.height for d in diffs],
    "changed": [d.changed_rows for d in diffs],
    "revised": [d.revisions.height for d in diffs],
})
ui.table(ctx, summary, [ui.field(ctx, c) for c in summary.columns], name="compare_tables",
         title=f"{ctx.t('compare_tables')} · {old} → {new}")

ui.heading(ctx.t("compare_districts"))
per_district = compare.by_district(diffs).join(
    ctx.districts.select("district_code", ui.name_col(ctx), "display_order"), on="district_code", how="left").sort("display_order")
ui.table(ctx, per_district, [
    ui.field(ctx, "district_name", "districts", expr=pl.col(ui.name_col(ctx))),
    *[ui.field(ctx, c) for c in ("added", "removed", "changed", "revised")],
], name="compare_districts", title=f"{ctx.t('compare_districts')} · {old} → {new}")

ui.heading(ctx.t("compare_changes"))
changed = [d for d in diffs if d.changes.height]
if changed:
    names = [d.table.name for d in changed]
    chosen = ui.folded_select(ctx.t("choose_table"), ctx.t("choose_table"), names, "cmp_table",
                              format_func=lambda n: ctx.label(TABLES[n]))
    d = next(d for d in changed if d.table.name == chosen)
    labels = ctx.column_labels(d.table)
    ui.table(ctx, d.changes, [
        ui.field(ctx, "record", expr=pl.concat_str([pl.col(k).cast(pl.String) for k in d.table.key], separator=" / ")),
        ui.field(ctx, "field", expr=pl.col("column").replace_strict(labels, default=pl.col("column"))),
        ui.field(ctx, "old"), ui.field(ctx, "new"),
    ], name="compare_changes", title=f"{ctx.t('compare_changes')} · {ctx.label(d.table)} · {old} → {new}",
        source=ctx.label(d.table))
