"""督办: every task a leader flagged, with filters by state, district (the sidebar's) and figure; each
opens to its story (asked, answered, what the published weeks showed) and to what the user may do
next: the owner district answers, a leader closes by hand. A district clerk sees their own district's
tasks only (grassroots/desk/tasks.py does the work, app/loop_ui.py draws a task)."""

import streamlit as st

from app import auth, loop_ui, ui
from grassroots.catalogue import figures
from grassroots.desk import tasks
from grassroots.store import snapshots

ctx = ui.context()
ui.header(ctx, "tasks", "tasks_lead")
user, today = auth.signed_in(), auth.today()
names = {c: ctx.district_label(c) for c in ctx.districts["district_code"]}
shown = [x for x in tasks.visible(loop_ui.current_tasks(), ctx.scope.district)
         if ctx.district is None or x.district == ctx.district]
states = loop_ui.all_states(ctx.lang)
flagged = sorted({x.figure for x in shown}, key=list(figures.FIGURES).index)
figure_name = lambda f: ctx.t("all") if f is None else ui.figure_label(ctx, f)  # noqa: E731
# Folded under one button that names them (drawn open, the two would cost a first load a fifth of an empty page)
if "tasks_state" in st.session_state:  # kept in plain state too: Streamlit drops a folded widget's value (ui.kept)
    st.session_state["_kept_tasks_state"] = st.session_state["tasks_state"]
picked = [s for s in st.session_state.get("_kept_tasks_state", []) if s in states]
at_figure = ui.kept("tasks_figure", [None, *flagged], None)
named = ctx.t("list_sep").join(states[s] for s in picked) or ctx.t("all")
with st.popover(f"{ctx.t('filters')} · {named} · {figure_name([None, *flagged][at_figure])}",
                icon=":material/filter_alt:", key="tasks_filters"):
    wanted = st.multiselect(ctx.t("tasks_filter_state"), list(states), default=picked, key="tasks_state",
                            format_func=states.get, placeholder=ctx.t("all"))
    figure = st.selectbox(ctx.t("tasks_filter_figure"), [None, *flagged], index=at_figure, key="tasks_figure",
                          format_func=figure_name)
shown = [x for x in shown if (not wanted or x.state in wanted) and (figure is None or x.figure == figure)]
if not shown:
    st.info(ctx.t("tasks_empty"))
    st.stop()
st.caption(ctx.t("tasks_count", n=len(shown), overdue=sum(x.overdue(today) for x in shown)))
for x in shown:
    with st.expander(loop_ui.task_title(x, names, ctx.lang), icon=":material/flag:"):
        st.markdown(loop_ui.task_state(x, today, ctx.lang))
        loop_ui.task_story(x, names, ctx.lang, today, snapshots.data_dir())
