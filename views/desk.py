"""数据报送: a district clerk hands in the week's files and sees at once every problem of them, submits
the week for review and answers 督办 tasks; the city clerk sees every district's reports of the week,
reviews each district (approve, or return with a reason) and publishes (grassroots/desk/ does the work;
app/loop_ui.py draws the review and the tasks)."""

from collections import Counter

import streamlit as st

from app import auth, loop_ui
from grassroots.outputs import escape
from grassroots.catalogue.i18n import t
from grassroots import desk
from grassroots.desk import review
from grassroots.desk.week import files_of
from grassroots.store import snapshots
from grassroots.store.pipeline import stored_figures
from grassroots.catalogue import figures, pages, tables
from grassroots.access.audit import LOCAL_TZ
from grassroots.push import compose, deliver

user = auth.signed_in()
if not user.roles & {"clerk", "district_clerk"}:  # the frame refuses the page already; never write by accident
    st.stop()
lang = auth.language()
T = lambda key, **kw: t(key, lang, **kw)  # noqa: E731
city = "clerk" in user.roles
base, log, today = snapshots.data_dir(), auth.audit_log(), auth.today()
names = desk.district_names(lang)
SYMBOLS = {"ok": "✓", "problems": "⚠", "missing": "—"}
PROBLEM_COLUMNS = {k: T(f"col_{v}") for k, v in
                   (("file", "file"), ("row", "row"), ("column", "column"), ("problem", "problem"), ("todo", "todo"), ("rule", "rule"))}


def problem_table(problems) -> None:
    """A table that wraps its text: a clerk reads every message and what to do in full, in the page's
    language (desk.problem_frame renders each problem from the catalogue). st.table reads Markdown,
    and messages quote the districts' cells: every cell is escaped."""
    frame = desk.problem_frame(problems[:200], lang)
    st.table({PROBLEM_COLUMNS[c]: [escape.markdown(v) for v in frame[c].to_list()] for c in frame.columns})
    if len(problems) > 200:
        st.caption(T("desk_more_problems", n=len(problems) - 200))


when = loop_ui.when


def file_table(cells) -> None:
    """A district's reports of the week: state, file, who handed it in and when."""
    states = {s: T(f"desk_state_{s}") for s in SYMBOLS}
    st.dataframe({T("col_report"): [desk.report_label(c.report, lang) for c in cells],
                  T("col_state"): [states[c.state] + (f" {c.problems}" if c.problems else "") for c in cells],
                  T("col_file"): [c.file or "—" for c in cells], T("col_by"): [c.by or "—" for c in cells],
                  T("col_at"): [when(c.at) for c in cells]}, hide_index=True, width="stretch", height="content")


st.title(pages.title("desk", lang))
st.caption(T("desk_lead"))
published = {s.as_of for s in snapshots.list_snapshots(base)}
weeks = desk.open_weeks(base, today, published_too=city)
top = st.columns([1, 1, 2] if city else [1, 3])
as_of = top[0].selectbox(T("desk_week"), weeks, key="desk_week", format_func=lambda d: T(
    "desk_week_option", date=d.isoformat(), state=T("desk_week_published") if d in published else ""))
if city:
    district = top[1].selectbox(T("desk_place"), [*names, None], key="desk_place",
                                format_func=lambda c: names[c] if c else T("desk_city"))
else:
    district = user.district
    top[1].markdown(f"&nbsp;  \n{T('desk_for', name=names.get(district, district))}")
    loop_ui.district_review(base, as_of, district, lang, today)
    loop_ui.todo(base, district, names, lang, today)

# ------------------------------------------------------------------ upload
st.subheader(T("desk_upload"))
pick, blank = st.columns([4, 1], vertical_alignment="bottom")
report = pick.selectbox(T("desk_report"), [r.name for r in desk.reports_for(district)], key=f"desk_report_{bool(district)}",
                        format_func=lambda r: desk.report_label(r, lang))
blank.download_button(T("desk_template"), desk.template(report), file_name=f"{report}.xlsx", icon=":material/download:",
                      mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="desk_template")
with st.form("desk_form", clear_on_submit=True):  # the file goes once submitted; the report stays chosen
    upload = st.file_uploader(T("desk_file"), key="desk_file", max_upload_size=auth.max_upload_mb(),
                              help=T("desk_file_help", mb=auth.max_upload_mb()))
    submitted = st.form_submit_button(T("desk_submit"), type="primary", icon=":material/upload:")
if submitted and upload is None:
    st.warning(T("desk_no_file"))
elif submitted:
    with st.spinner(T("desk_checking")):
        result = desk.hand_in(base, as_of, report, district, upload.getvalue(), upload.name, actor=auth.actor(user),
                              log=log, max_bytes=auth.max_upload_mb() << 20, today=today)
    st.session_state["desk_result"] = (as_of, report, upload.name, result)
shown = st.session_state.get("desk_result")
if shown and shown[0] == as_of:
    _, shown_report, original, result = shown
    original = escape.markdown(original)
    if result.accepted:
        st.success(T("desk_accepted", file=original, report=desk.report_label(shown_report, lang), stored=result.stored),
                   icon=":material/task_alt:")
        if result.replaced:
            st.caption(T("desk_replaced"))
    else:
        st.error(T("desk_refused", file=original, n=len(result.problems)), icon=":material/error:")
        problem_table(result.problems)
    if result.notes:
        st.caption(T("desk_notes") + T("list_sep").join(escape.markdown(str(n)) for n in result.notes))
    if result.others:
        st.warning(T("desk_others"), icon=":material/warning:")
        problem_table(result.others)
    if result.changes:
        st.info(T("desk_changes"), icon=":material/trending_down:")
        problem_table(result.changes)

# ------------------------------------------------------------------ the week's state
cells, check = desk.board(base, as_of, log, today=today)
if not city:
    cells = [c for c in cells if c.district == district]
counts = Counter(c.state for c in cells)
st.subheader(T("desk_board") if city else T("desk_status"))
st.caption(T("desk_summary", total=len(cells), ok=counts["ok"], problems=counts["problems"], missing=counts["missing"]))
if city:
    short = desk.district_names(lang, short=True)
    st.dataframe(desk.board_frame(cells, SYMBOLS, lang), hide_index=True, width="stretch", height="content",
                 column_config={"report": T("col_report"), "city": T("desk_city_short"), **short})
    st.caption(T("desk_board_caption"))
else:
    file_table(cells)
mine = {c.file for c in cells if c.file}
relevant = [p for p in check.relevant if city or any(desk.concerns(p, f, district) for f in mine)]
if relevant:
    st.markdown(f"**{T('desk_week_problems')}**")
    problem_table(relevant)
warned = [p for p in check.warnings if city or any(desk.concerns(p, f, district) for f in mine)]
if warned:
    st.markdown(f"**{T('desk_week_warnings')}**")
    problem_table(warned)
if city:  # the review of each district: its figures, files and warnings; approve, or return with a reason
    revs = loop_ui.review_board(as_of, names, lang)
    previous = snapshots.previous_snapshot(as_of, base)
    loop_ui.review_district(revs, cells, check, stored_figures(previous) if previous else None, names, lang,
                            lambda mine, problems: (file_table(mine), problem_table(problems) if problems else None))

with st.expander(T("desk_history")):
    uploads = [e for e in desk.receipts(log, as_of) if city or e["detail"].get("district") == district]
    if uploads:
        st.dataframe({T("col_at"): [when(e["at"]) for e in uploads], T("col_by"): [e["user"] for e in uploads],
                      T("col_report"): [desk.report_label(e["detail"]["report"], lang) for e in uploads],
                      tables.label(tables.column("district_name", "districts"), lang, heading=True): [names.get(e["detail"].get("district"), T("desk_city")) for e in uploads],
                      T("col_original"): [e["detail"].get("original", "") for e in uploads],
                      T("col_outcome"): [T(f"outcome_{e['outcome']}") for e in uploads]}, hide_index=True, width="stretch")
    else:
        st.caption(T("desk_no_history"))

# ------------------------------------------------------------------ publishing (city clerk)
if city:
    st.subheader(T("desk_publish"))
    st.caption(T("desk_publish_lead"))
    choices = desk.accept_choices(check.problems)
    accept = st.multiselect(T("desk_accept"), choices, key="desk_accept",
                            format_func=lambda f: f"{figures.FIGURES[f].en} ({f})" if lang == "en"
                            else f"{figures.FIGURES[f].zh}（{f}）") if choices else []
    force = st.checkbox(T("desk_force"), key="desk_force") if as_of in published else False
    pending = review.not_approved(log, as_of)
    carry = tuple(pending) if pending and st.checkbox(T("loop_carry", names=loop_ui.names_joined((names[d] for d in pending), lang)),
                                                      key="loop_carry") else ()
    held = {name for (_, d), name in check.files.items() if d in carry}  # replaced by last week's rows
    blocking = [p for p in relevant if not (p.rule == "implausible_change" and set(desk.accept_choices([p])) <= set(accept))
                and p.district not in carry and not (p.file and set(files_of(p)) <= held)]
    missing = sum(1 for c in cells if c.state == "missing" and c.district not in carry)
    reasons = [T("loop_reason_not_approved", n=len(pending))] if pending and not carry else []
    reasons += [T("desk_reason_missing", n=missing)] if missing else []
    reasons += [T("desk_reason_problems", n=len(blocking))] if blocking else []
    reasons += [T("desk_reason_future", date=as_of.isoformat())] if as_of > today else []
    reasons += [T("desk_reason_exists")] if as_of in published and not force else []
    if reasons:
        st.caption(T("desk_not_ready", reason=T("list_sep").join(reasons)))
    if st.button(T("desk_publish_button", date=as_of.isoformat()), type="primary", disabled=bool(reasons),
                 icon=":material/publish:", key="desk_publish"):
        with st.spinner(T("desk_publishing")):
            outcome = review.publish_week(base, as_of, actor=auth.actor(user), audit=log, accept=tuple(accept),
                                          force=force, carry=carry, today=today)
        if outcome.ok:
            v = outcome.manifest["validation"]
            st.success(T("desk_published", date=as_of.isoformat(), files=v["files"], rows=v["rows"]), icon=":material/verified:")
            try:  # the week's brief to the [push] recipients: a failure is the outbox's, never the publish's
                pushed = deliver.after_publish(base, auth.push_settings(), as_of.isoformat(), log, auth.actor(user),
                                               lang=lang)
            except Exception as err:  # noqa: BLE001 — a wrong [push] section
                pushed = [T("push_broken", error=f"{type(err).__name__}: {err}")]
            for line in pushed:
                st.caption(escape.markdown(line))
            if carry:
                st.caption(T("loop_carried", names=loop_ui.names_joined((names[d] for d in carry), lang)))
        else:
            st.error(T("desk_publish_refused", n=len(outcome.problems)), icon=":material/error:")
            problem_table(outcome.problems)

# ------------------------------------------------------------------ the push outbox (city clerk)
if city:
    st.subheader(T("desk_outbox"))
    try:
        push = auth.push_settings()
    except ValueError as err:  # PushConfigError: the [push] section names what is wrong
        push = None
        st.error(escape.markdown(str(err)), icon=":material/error:")
    rows = deliver.outbox_of(base, push).messages(week=as_of.isoformat()) if push else []
    if push is None:
        st.caption(T("desk_outbox_off"))
    elif not rows:
        st.caption(T("desk_outbox_empty"))
    else:
        st.dataframe({T("col_recipient"): [m.recipient for m in rows], T("col_channel"): [T(f"channel_{m.channel}") for m in rows],
                      T("col_subject"): [T("push_subject_brief") if m.subject == deliver.BRIEF else m.subject for m in rows],
                      T("col_push_state"): [T(f"push_state_{m.state}") for m in rows], T("col_attempts"): [m.attempts for m in rows],
                      T("col_last_error"): [m.last_error or "—" for m in rows],
                      T("col_next_try"): [compose.when(m.next_at or m.sent_at) for m in rows]},
                     hide_index=True, width="stretch", key="desk_outbox_table")
        pick_row, resend = st.columns([4, 1], vertical_alignment="bottom")
        chosen = pick_row.selectbox(T("desk_resend_pick"), [m.key for m in rows], key="desk_resend_pick",
                                    format_func=lambda k: " · ".join(k.split("|")[1:]))
        if resend.button(T("desk_resend"), key="desk_resend", icon=":material/send:"):
            for o in deliver.again(base, push, log, chosen, auth.actor(user)):
                (st.success if o.state == "sent" else st.warning)(escape.markdown(deliver.line(o, lang)))
