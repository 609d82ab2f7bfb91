"""数据探索: any dataset of the snapshot (or its history), filtered, grouped by one or two
dimensions, one measure and aggregation; every choice from the catalogue, the view in the URL."""


import polars as pl
import streamlit as st

from app import auth, charts, drawn, ui
from grassroots.outputs import exports
from grassroots.catalogue import cards, figures, fmt
from grassroots.catalogue.i18n import t
from grassroots.outputs import privacy
from grassroots.catalogue.explore import AGGREGATIONS, DATASETS, DIMENSIONS, EXPLORE_PARAMS, View
from grassroots.catalogue.tables import TABLES, column
from grassroots.sandbox import sql as sandbox
from queries import snapshot_list

ctx = ui.context()
ui.header(ctx, "explore", "explore_lead")
zh = ctx.lang == "zh"

# The query, the SQL box's switch and the chart's kind, and the filters, folded under two buttons:
# drawn open, their widgets cost the page's first load about half an empty page's time in Chromium
# (README, "In the browser"). The caption under them says what is shown.
folds = st.container(horizontal=True, gap="small")
query_fold = folds.popover(ctx.t("explore_query"), icon=":material/tune:", key="x_query_fold")
with query_fold:
    sql_mode = st.toggle(ctx.t("sql_toggle"), key="sql_mode")
if sql_mode:
    st.caption(ctx.t("sql_lead", rows=sandbox.ROW_LIMIT, seconds=f"{sandbox.TIMEOUT_S:g}"))
    with st.expander(ctx.t("sql_tables")):
        st.markdown("\n".join(f"- `{t.name}` {t.zh}：{', '.join(t.column_names)}" for t in TABLES.values()))
    with st.form("sql_form"):
        sql = st.text_area(ctx.t("sql_input"), key="sql_text", height=140,
                           placeholder="select team_id, count(*) as cases from legal_aid_cases group by team_id")
        submitted = st.form_submit_button(ctx.t("sql_run"), type="primary")
    if submitted:
        try:
            answer = sandbox.run_sql(sql, ctx.snapshot)
        except sandbox.SandboxError as err:
            auth.record("sql_query", "refused", sql=sql[:4000], snapshot=ctx.as_of.isoformat(), rule=err.rule)
            st.error(err.message_zh if zh else err.message_en)
        else:
            auth.record("sql_query", "ok", sql=sql[:4000], snapshot=ctx.as_of.isoformat(), rows=answer.frame.height)
            st.caption(ctx.t("sql_result", n=answer.frame.height, seconds=answer.elapsed_s))
            if answer.truncated:
                st.warning(ctx.t("sql_truncated", rows=sandbox.ROW_LIMIT))
            sql_card = cards.Card(*(tuple(t(k, lang) for lang in ("zh", "en"))
                                    for k in ("sql_toggle", "export_source_default")), (sql.strip(),) * 2,
                                  frequency=tuple(t("sql_once", lang) for lang in ("zh", "en")))
            ui.table(ctx, answer.frame, [exports.Field(c, pl.col(c), card=sql_card) for c in answer.frame.columns],
                     name="sql", title=ctx.t("sql_toggle"), sortable=True)
    st.divider()


def label(pair):
    return pair[0] if zh else pair[1]


def measure_label(m) -> str:
    name, unit = label((m.zh, m.en)), ctx.unit(m.unit)
    if not unit or name == unit:
        return name
    return f"{name}（{unit}）" if zh else f"{name} ({unit})"


# The URL is read once per session; afterwards the widgets hold the state and write it back.
if "explore_view" not in st.session_state:
    start = View.from_params(st.query_params)
    if ctx.district and not start.districts:
        start.districts = [ctx.district]
    st.session_state["explore_view"] = start
view: View = st.session_state["explore_view"]

with query_fold:
    view.dataset = st.selectbox(ctx.t("dataset"), list(DATASETS), index=list(DATASETS).index(view.dataset),
                                format_func=lambda k: label((DATASETS[k].zh, DATASETS[k].en)), key="x_dataset")
    view = view.normalised()
    ds = DATASETS[view.dataset]
    view.measure = st.selectbox(ctx.t("measure"), list(ds.measures), index=list(ds.measures).index(view.measure),
                                format_func=lambda k: measure_label(ds.measures[k]), key=f"x_measure_{view.dataset}")
    view.agg = st.selectbox(ctx.t("aggregation"), list(AGGREGATIONS), index=list(AGGREGATIONS).index(view.agg),
                            format_func=lambda k: label(AGGREGATIONS[k]), key="x_agg")
    view.history = st.toggle(ctx.t("history_mode"), value=view.history and ds.history, key="x_history",
                             disabled=not ds.history, help=None if ds.history else ctx.t("history_unavailable"))
    listed = snapshot_list()
    dates = [s.as_of for s in listed if s.as_of <= ctx.as_of]
    if view.history:
        start_at = view.snapshot_from if view.snapshot_from in dates else dates[0]
        view.snapshot_from = st.selectbox(ctx.t("history_from"), dates, index=dates.index(start_at), key="x_from")
    view = view.normalised()

    dims = [d for d in ds.dimensions if view.history or d != "snapshot"]

    def dim_label(key):
        if key == "none":
            return ctx.t("dim_none")
        if key == "category":
            return label(ds.category_label)
        if key == "subcategory":
            return label(ds.subcategory_label)
        return label(DIMENSIONS[key])

    view.dim1 = st.selectbox(ctx.t("dim1"), dims, index=dims.index(view.dim1), format_func=dim_label, key=f"x_dim1_{view.dataset}")
    second = ["none", *[d for d in dims if d != view.dim1]]
    view.dim2 = st.selectbox(ctx.t("dim2"), second, index=second.index(view.dim2) if view.dim2 in second else 0,
                             format_func=dim_label, key=f"x_dim2_{view.dataset}")
    interactive = st.toggle(ctx.t("explore_interactive"), value=st.query_params.get("interactive") == "1", key="x_interactive",
                            help=ctx.t("explore_interactive_help"))

with folds:
    with st.popover(ctx.t("filters") + (f" · {ctx.t('filters_on')}" if view.districts or view.streets or view.categories or view.date_from else ""),
                    icon=":material/filter_alt:", key="x_filters_fold"):
        codes = ctx.districts["district_code"].to_list()
        view.districts = st.multiselect(ctx.label(column("district_name", "districts"), heading=True), codes, default=[d for d in view.districts if d in codes],
                                        format_func=ctx.district_label, placeholder=ctx.t("all"), key="x_districts")
        options = View(**{**view.__dict__, "streets": [], "categories": [], "dim2": "none"})
        if "street" in ds.dimensions:
            street_names = ctx.run("explore", **View(**{**options.__dict__, "dim1": "street"}).query_params(ctx.as_of, dates[0], ctx.lang))["dim1"].to_list()
            view.streets = st.multiselect(ctx.label(column("street_name"), heading=True), street_names, default=[s for s in view.streets if s in street_names],
                                          placeholder=ctx.t("all"), key=f"x_streets_{view.dataset}")
        if "category" in ds.dimensions:
            categories = ctx.run("explore", **View(**{**options.__dict__, "dim1": "category"}).query_params(ctx.as_of, dates[0], ctx.lang))["dim1"].to_list()
            view.categories = st.multiselect(label(ds.category_label), categories, default=[c for c in view.categories if c in categories],
                                             placeholder=ctx.t("all"), key=f"x_categories_{view.dataset}")
        if ds.has_dates:
            chosen = st.date_input(ctx.t("filter_dates"), value=(view.date_from, view.date_to) if view.date_from and view.date_to else (),
                                   max_value=ctx.as_of, key=f"x_dates_{view.dataset}")
            view.date_from, view.date_to = (chosen[0], chosen[1]) if len(chosen) == 2 else (None, None)

st.session_state["explore_view"] = view
for key in EXPLORE_PARAMS:
    st.query_params.pop(key, None)
st.query_params.update(view.to_params())

result = ctx.run("explore", **view.query_params(ctx.as_of, dates[0], ctx.lang))
measure = ds.measures[view.measure]
if result.height == 0:
    st.info(ctx.t("explore_empty"))
    st.stop()
groups = ["dim1"] + (["dim2"] if view.dim2 != "none" else [])
value = result.select(*groups, pl.col(view.agg).cast(pl.Float64).alias("value"))
if measure.people and view.agg != "rows":
    value = privacy.suppress(value, "value", groups)
else:
    value = value.with_columns(suppressed=pl.lit(False))
st.caption(ctx.t("explore_result", n=value.height, measure=label((measure.zh, measure.en)), agg=label(AGGREGATIONS[view.agg])))

ui.remember("interactive", "1" if interactive else None)
plotted = value.with_columns(pl.when(pl.col("suppressed")).then(None).otherwise(pl.col("value")).alias("value"))
time_axis = view.dim1 in ("week", "month", "snapshot")
chart_args = dict(time_axis=time_axis, x="dim1", y="value", color="dim2" if view.dim2 != "none" else None,
                  labels={"dim1": dim_label(view.dim1), "dim2": dim_label(view.dim2), "value": measure_label(measure)})
if interactive:  # Plotly's zoom and hover, and a grid that sorts: their JavaScript only when asked for
    ui.interactive_chart(ctx, charts.explore_chart(plotted, **chart_args), view.dataset)
else:
    ui.chart(ctx, drawn.explore_chart(plotted, **chart_args, lang=ctx.lang, more=ctx.t("explore_chart_more")), view.dataset)
if measure.people and view.agg != "rows":
    st.caption(ctx.t("suppressed_note"))

table_card = cards.of_column(ds.table.column(view.measure), ds.table) if view.measure in ds.table.column_names else None
owner = figures.AREA_DEFAULTS.get(ds.table.area, (cards.DEPARTMENT,))[0]
source = (f"{ds.zh}（{ds.table.name}）：{ds.table.source}", f"{ds.en} ({ds.table.name}): {ds.table.source_en or ds.table.source}")
suppressed = tuple(t("suppressed_note", lang) for lang in ("zh", "en")) if measure.people and view.agg != "rows" else ("", "")
dim_card = lambda key: cards.Card((dim_label(key),) * 2, source,  # noqa: E731
                                  tuple(t("explore_group_rule", lang) for lang in ("zh", "en")), owner)
value_card = cards.Card(table_card.meaning if table_card else (measure.zh, measure.en), source,
                        tuple(a + (t("list_sep", lang) + s if s else "")
                              for a, s, lang in zip(AGGREGATIONS[view.agg], suppressed, ("zh", "en"))), owner)
hidden = privacy.HIDDEN if measure.people and view.agg != "rows" else "—"
ui.table(ctx, plotted, [
    exports.Field(dim_label(view.dim1), pl.col("dim1"), card=dim_card(view.dim1)),
    *([exports.Field(dim_label(view.dim2), pl.col("dim2"), card=dim_card(view.dim2))] if view.dim2 != "none" else []),
    exports.Field(f"{measure_label(measure)} · {label(AGGREGATIONS[view.agg])}", pl.col("value"), unit=ctx.unit(measure.unit),
                  card=value_card, missing=hidden,
                  screen=lambda s: pl.Series(s.name, [hidden if v is None else fmt.number(v, "en") for v in s.to_list()],
                                             dtype=pl.String)),
], name="explore", title=f"{label((ds.zh, ds.en))} · {measure_label(measure)}（{label(AGGREGATIONS[view.agg])}）",
    source=source, sortable=interactive)
st.caption(ctx.t("share_link"))
