"""Streamlit pieces of the district loop: the review on the data desk (the district's and the
city's), the 督办 to-dos and a task's story, the task line and the flag control beside a figure.
grassroots/desk does the work and guards every act; a button here passes on the version of the
item the user saw (its callback's arguments are taken when the page is drawn), so an act on an
item someone changed since is told so and the new state shown.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

import polars as pl
import streamlit as st

from app import auth
from grassroots.access.audit import LOCAL_TZ
from grassroots.catalogue import figures, fmt
from grassroots.catalogue.i18n import t
from grassroots.catalogue.loop import ACTIONS, STATES, state_label
from grassroots.desk import district_names, loop, review, tasks
from grassroots.outputs import escape
from grassroots.store import statedb

RESULT = "loop_outcome"
STATE_COLOURS = {"missing": "gray", "submitted": "blue", "returned": "red", "approved": "green",
                 "open": "orange", "answered": "blue", "unmet": "red", "closed": "green"}


def when(moment) -> str:
    return moment.astimezone(LOCAL_TZ).strftime("%m-%d %H:%M") if moment else "—"


def _act(action_id: str, fold: Callable[[list], str], do: Callable[[], loop.Outcome]) -> None:
    """A button's callback: do the act, keep what came of it for the next run to show."""
    try:
        out = do()
    except PermissionError:  # the page offers no act a role lacks; a forged request ends here, audited
        st.session_state[RESULT] = (action_id, False, "not_allowed", None)
        return
    st.session_state[RESULT] = (action_id, out.ok, out.reason, fold(out.events) if out.events else None)


def outcome(lang: str) -> None:
    """What came of the last act (once, where the page first asks): done, or why not and the state
    the item is in now."""
    shown = st.session_state.pop(RESULT, None)
    if not shown:
        return
    action_id, ok, reason, state = shown
    label = state_label(ACTIONS[action_id].item, state, lang) if state else "—"
    if ok:
        st.success(t("loop_done", lang, action=ACTIONS[action_id].text(lang)), icon=":material/task_alt:")
    elif reason == "not_allowed":
        st.error(t("page_refused_short", lang), icon=":material/block:")
    else:
        st.warning(t(f"loop_refused_{reason}", lang, state=label, mb=auth.max_upload_mb()), icon=":material/sync_problem:")


def badge(item: str, state: str, lang: str) -> str:
    return f":{STATE_COLOURS[state]}-badge[{state_label(item, state, lang)}]"


# ------------------------------------------------------------------ review: the district's side
def rounds(r: review.Review, lang: str) -> None:
    with st.expander(t("loop_rounds", lang)):
        if not r.rounds:
            st.caption(t("loop_no_rounds", lang))
        for x in r.rounds:
            decision = (t("loop_round_pending", lang) if x.decision is None else
                        t(f"loop_round_{x.decision}", lang, by=x.decided_by, at=when(x.decided_at),
                          reason=escape.markdown(x.reason)))
            st.markdown("- " + t("loop_round_line", lang, n=x.number, by=x.submitted_by, at=when(x.submitted_at),
                                 decision=decision))


def district_review(base, as_of: dt.date, district: str, lang: str, today: dt.date) -> None:
    """The district clerk's review: the city's reason at once if returned, the state, submitting."""
    audit = auth.audit_log()
    r = review.review(loop.loop_log(audit), as_of, district)
    st.subheader(t("loop_review", lang))
    outcome(lang)
    if r.state == "returned":
        st.error(t("loop_returned", lang, n=len(r.rounds), reason=escape.markdown(r.reason)), icon=":material/undo:")
    left, right = st.columns([3, 1], vertical_alignment="center")
    left.markdown(t("loop_state_line", lang, state=badge("review", r.state, lang)) + "  \n" + t("loop_review_lead", lang))
    if r.state in ACTIONS["submit"].starts:
        actor = auth.actor()
        right.button(ACTIONS["submit"].text(lang), type="primary", icon=":material/send:", key="loop_submit",
                     on_click=_act, args=("submit", lambda ev: review.fold(as_of, district, ev).state,
                                          lambda: review.submit(base, as_of, district, r.version, actor=actor,
                                                                audit=audit, today=today)))
    rounds(r, lang)


# ------------------------------------------------------------------ review: the city's side
def review_board(as_of: dt.date, names: dict[str, str], lang: str) -> dict[str, review.Review]:
    """Districts × review state, with rounds and the last reason."""
    revs = review.reviews(loop.loop_log(auth.audit_log()), as_of, list(names))
    st.subheader(t("loop_board", lang))
    outcome(lang)
    short = district_names(lang, short=True)  # a phone's width
    st.dataframe({t("loop_col_district", lang): [short.get(d, names[d]) for d in revs],
                  t("loop_col_state", lang): [state_label("review", r.state, lang) for r in revs.values()],
                  t("loop_col_rounds", lang): [len(r.rounds) for r in revs.values()],
                  t("loop_col_reason", lang): [next((x.reason for x in reversed(r.rounds) if x.reason), "—")
                                               for r in revs.values()]},
                 hide_index=True, width="stretch", height="content")
    st.caption(t("loop_board_caption", lang))
    return revs


def review_district(revs: dict[str, review.Review], cells, check, previous_figures: pl.DataFrame | None,
                    names: dict[str, str], lang: str, draw_files: Callable[[list, list], None]) -> None:
    """One district under review: its headline figures against last week, its files and warnings,
    approve or return with a reason."""
    waiting = [d for d, r in revs.items() if r.state == "submitted"]
    if not waiting:
        st.caption(t("loop_nothing_to_review", lang))
    as_of = next(iter(revs.values())).as_of  # a week's own picker: another week's states never show in it
    district = st.selectbox(t("loop_pick", lang), waiting + [d for d in revs if d not in waiting], key=f"loop_pick_{as_of}",
                            format_func=names.get)
    r = revs[district]
    st.markdown(badge("review", r.state, lang))
    st.markdown(f"**{t('loop_figures', lang, name=names[district])}**")
    if check.figures is None:
        st.caption(t("loop_figures_wait", lang))
    else:
        st.dataframe(figure_comparison(check.figures, previous_figures, district, lang), hide_index=True,
                     width="stretch", height="content")
    st.markdown(f"**{t('loop_files', lang)}**")
    mine = [c for c in cells if c.district == district]
    draw_files(mine, [p for c in mine if c.file for p in check.of_file(c.file, district)]
               + [p for p in check.week_level + check.warnings if p.district == district])
    audit, actor = auth.audit_log(), auth.actor()
    fold = lambda ev: review.fold(r.as_of, district, ev).state  # noqa: E731
    left, right = st.columns(2)
    if r.state in ACTIONS["approve"].starts:
        left.button(ACTIONS["approve"].text(lang), type="primary", icon=":material/check:", key=f"loop_approve_{district}",
                    on_click=_act, args=("approve", fold, lambda: review.approve(r.as_of, district, r.version,
                                                                                  actor=actor, audit=audit)))
    if r.state in ACTIONS["return"].starts:
        with right.form(f"loop_return_{district}", clear_on_submit=True, border=False):
            st.text_area(t("loop_reason", lang), key=f"loop_reason_{district}", height=68)
            st.form_submit_button(ACTIONS["return"].text(lang), icon=":material/undo:", on_click=_act, args=(
                "return", fold, lambda: review.send_back(r.as_of, district, r.version,
                                                         st.session_state.get(f"loop_reason_{district}", ""),
                                                         actor=actor, audit=audit)))
    rounds(r, lang)


def figure_comparison(now: pl.DataFrame, before: pl.DataFrame | None, district: str, lang: str) -> pl.DataFrame:
    """The headline figures of a district this week (the week's check) and last week (as published)."""
    ids = [f for area in figures.load_targets()["headline"].values() for f in area]
    this = dict(now.filter(pl.col("district_code") == district).select("figure_id", "value").iter_rows())
    last = dict(before.filter(pl.col("district_code") == district).select("figure_id", "value").iter_rows()) \
        if before is not None else {}
    label = lambda f: figures.FIGURES[f].en if lang == "en" else figures.FIGURES[f].zh  # noqa: E731
    change = [None if this.get(f) is None or last.get(f) is None else this[f] - last[f] for f in ids]
    return pl.DataFrame({t("loop_col_figure", lang): [label(f) for f in ids],
                         t("loop_col_now", lang): [fmt.number(this.get(f), lang) for f in ids],
                         t("loop_col_before", lang): [fmt.number(last.get(f), lang) for f in ids],
                         t("loop_col_change", lang): [fmt.delta(c, lang) if c else "—" for c in change]})


# ------------------------------------------------------------------ 督办 tasks
def task_title(task: tasks.Task, names: dict[str, str], lang: str) -> str:
    f = figures.FIGURES[task.figure]
    return t("task_what", lang, figure=f.en if lang == "en" else f.zh, district=names.get(task.district, task.district),
             how=t("task_at_most" if task.at_most else "task_at_least", lang),
             expected=fmt.with_unit(task.expected, f.unit_zh, f.unit_en, lang), due=task.due.strftime("%m-%d"))


def task_state(task: tasks.Task, today: dt.date, lang: str) -> str:
    """督办中 · 截止 12-15, red once overdue, as a Markdown badge."""
    colour, text = task_badge(task, today, lang)
    return f":{colour}-badge[{text}]"


def task_badge(task: tasks.Task, today: dt.date, lang: str) -> tuple[str, str]:
    """(colour, text) of a task's badge: 督办中 · 截止 12-15, red once overdue."""
    if task.state == "closed":
        return STATE_COLOURS["closed"], state_label("task", "closed", lang)
    due = t("task_due", lang, due=task.due.strftime("%m-%d"))
    colour = "red" if task.overdue(today) or task.state == "unmet" else STATE_COLOURS[task.state]
    late = f" · {t('task_overdue', lang)}" if task.overdue(today) else ""
    return colour, f"{state_label('task', task.state, lang)} · {due}{late}"


def task_story(task: tasks.Task, names: dict[str, str], lang: str, today: dt.date, base) -> None:
    """What was asked, answered and found, then what the user may do next (answer, or close)."""
    lines = [t("task_flagged", lang, by=task.flagged_by, at=when(task.flagged_at), note=escape.markdown(task.note))]
    for a in task.answers:
        lines.append(t("task_answered", lang, by=a.by, at=when(a.at), text=escape.markdown(a.text))
                     + (f"（{t('task_attached', lang, name=escape.markdown(a.file['original']))}）" if a.file else ""))
    for c in task.checks:
        f = figures.FIGURES[task.figure]
        lines.append(t("task_checked", lang, snapshot=c["snapshot"], value=fmt.with_unit(c["value"], f.unit_zh, f.unit_en, lang),
                       met=t("task_met" if c["met"] else "task_not_met", lang)))
    if task.closed_how:
        lines.append(t("task_closed_data", lang) if task.closed_how == "data" else
                     t("task_closed_hand", lang, by=task.closed_by, note=escape.markdown(task.close_note)))
    st.markdown("\n".join(f"- {line}" for line in lines))
    for i, a in enumerate(x for x in task.answers if x.file):  # made on click, for the browser that may still have it
        st.download_button(t("task_attached", lang, name=a.file["original"]), auth.guarded(
            lambda f=a.file: tasks.attachment(base, task.id, f), f"task {task.id} {a.file['original']}"),
            file_name=a.file["original"], key=f"task_dl_{task.id}_{i}", on_click="ignore", icon=":material/attach_file:",
            type="tertiary")
    actor, audit = auth.actor(), auth.audit_log()
    fold = lambda ev: tasks.fold(ev).state  # noqa: E731
    if task.state in ACTIONS["answer"].starts and loop.may("answer", actor, task.district):
        with st.form(f"task_answer_{task.id}", clear_on_submit=True):
            st.text_area(t("task_answer_text", lang), key=f"task_text_{task.id}", height=80)
            st.file_uploader(t("task_file", lang), key=f"task_file_{task.id}", max_upload_size=auth.max_upload_mb())
            st.form_submit_button(ACTIONS["answer"].text(lang), type="primary", icon=":material/task_alt:",
                                  on_click=_act, args=("answer", fold, lambda: _answer(base, task, actor, audit)))
    if task.state in ACTIONS["close"].starts and loop.may("close", actor, task.district):
        with st.form(f"task_close_{task.id}", clear_on_submit=True, border=False):
            st.text_input(t("task_close_note", lang), key=f"task_note_{task.id}")
            st.form_submit_button(ACTIONS["close"].text(lang), icon=":material/done_all:", on_click=_act, args=(
                "close", fold, lambda: tasks.close(task.id, task.version, st.session_state.get(f"task_note_{task.id}", ""),
                                                   actor=actor, audit=audit)))


def _answer(base, task: tasks.Task, actor, audit) -> loop.Outcome:
    upload = st.session_state.get(f"task_file_{task.id}")
    return tasks.answer(base, task.id, task.version, st.session_state.get(f"task_text_{task.id}", ""), actor=actor,
                        audit=audit, file=(upload.name, upload.getvalue()) if upload is not None else None,
                        max_bytes=auth.max_upload_mb() << 20)


def todo(base, district: str, names: dict[str, str], lang: str, today: dt.date) -> None:
    """The owner district's open tasks on its desk."""
    st.subheader(t("task_todo", lang))
    outcome(lang)
    mine = [x for x in tasks.visible(tasks.tasks(loop.loop_log(auth.audit_log())), district) if x.state != "closed"]
    if not mine:
        st.caption(t("task_none_todo", lang))
    for x in mine:
        with st.expander(f"{task_title(x, names, lang)}", expanded=len(mine) == 1, icon=":material/flag:"):
            st.markdown(task_state(x, today, lang))
            task_story(x, names, lang, today, base)


def all_states(lang: str) -> dict[str, str]:
    return {s: state_label("task", s, lang) for s in STATES["task"]}


def names_joined(names, lang: str) -> str:
    return (", " if lang == "en" else "、").join(names)


def notes(ctx) -> None:
    """Under a page's freshness line: what came of the user's last act here, and the districts
    whose rows the desk carried over from last week."""
    outcome(ctx.lang)
    codes = [d for d in ctx.snapshot.manifest.get("carried_over") or [] if ctx.scope.city or d == ctx.scope.district]
    if codes:
        st.caption(f":material/history: {t('loop_carried', ctx.lang, names=names_joined(map(ctx.district_label, codes), ctx.lang))}")


# ------------------------------------------------------------------ beside a figure
_read: dict[str, tuple[tuple, list]] = {}  # loop file -> (its stat, its tasks): one read per change, not per card


def current_tasks() -> list[tasks.Task]:
    log = loop.loop_log(auth.audit_log())
    now = statedb.stamp(log.path)
    held = _read.get(str(log.path))
    if held is None or held[0] != now:
        held = (now, tasks.tasks(log))
        _read.clear()  # one data folder per process in service; tests switch folders
        _read[str(log.path)] = held
    return held[1]


def open_tasks(ctx, figure_id: str) -> list[tuple[str, str]]:
    """The figure's open tasks in the page's scope as (colour, text) badges, at most three; the
    city's name each task's district (督办中 · 截止 12-15 新城区)."""
    today = auth.today()
    mine = [x for x in current_tasks() if x.figure == figure_id and x.state != "closed"
            and (ctx.district is None or x.district == ctx.district) and (ctx.scope.city or x.district == ctx.scope.district)]
    out = []
    for x in mine[:3]:
        colour, text = task_badge(x, today, ctx.lang)
        out.append((colour, text + ("" if ctx.district else f" {ctx.district_label(x.district)}")))
    return out


def flags_shown() -> bool:
    """Whether the page offers the 督办 control: to a signed-in leader."""
    user = auth.signed_in()
    return "leader" in user.roles and not user.is_open


def alert_to_task(ctx, figure_id: str, value: float | None) -> None:
    """转为督办 under an alert about a figure, for a signed-in leader (the same form as a card's)."""
    if flags_shown():
        flag_control(ctx, figure_id, value, key=f"alert_flag_{figure_id}", label=t("alert_to_task", ctx.lang))


def flag_control(ctx, figure_id: str, value: float | None, key: str = "", label: str = "") -> None:
    lang, key = ctx.lang, key or f"flag_{figure_id}"
    how = t("task_at_most" if tasks.lower_is_better(figure_id) else "task_at_least", lang)
    codes = ctx.districts["district_code"].to_list()
    with st.popover(label or ACTIONS["flag"].text(lang), icon=":material/flag:", type="tertiary"):
        with st.form(key, clear_on_submit=True, border=False):
            st.number_input(t("task_expected", lang, how=how), value=value if ctx.district else None, key=f"{key}_expected",
                            format="%g", help=t("task_expected_help", lang))
            st.selectbox(t("task_owner", lang), codes, index=codes.index(ctx.district) if ctx.district in codes else None,
                         key=f"{key}_owner", format_func=ctx.district_label)
            st.date_input(t("task_due_date", lang), value=auth.today() + dt.timedelta(days=7), key=f"{key}_due")
            st.text_area(t("task_note", lang), key=f"{key}_note", height=68)
            st.form_submit_button(ACTIONS["flag"].text(lang), type="primary", on_click=_flag,
                                  args=(figure_id, key, ctx.as_of, auth.actor(), auth.audit_log()))


def _flag(figure_id: str, key: str, as_of: dt.date, actor, audit) -> None:
    expected, owner = st.session_state.get(f"{key}_expected"), st.session_state.get(f"{key}_owner")
    if expected is None or owner is None:
        st.session_state[RESULT] = ("flag", False, "needs_text", None)
        return
    _act("flag", lambda ev: tasks.fold(ev).state, lambda: tasks.flag(
        figure_id, owner, expected, st.session_state[f"{key}_due"], st.session_state.get(f"{key}_note", ""), as_of,
        actor=actor, audit=audit))
