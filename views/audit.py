"""审计日志: who signed in, handed in, published, confirmed a change or queried, and with what outcome
(grassroots/access/audit.py: append-only, never a password or uploaded data). For the city clerk."""

import datetime as dt
import json

import streamlit as st

from app import auth
from grassroots.catalogue.i18n import STRINGS, t
from grassroots.access.accounts import ROLES
from grassroots.catalogue import pages
from grassroots.access.audit import LOCAL_TZ, now_utc

user = auth.signed_in()
if "clerk" not in user.roles:  # the frame refuses the page already; never show the log by accident
    st.stop()
lang = auth.language()
T = lambda key, **kw: t(key, lang, **kw)  # noqa: E731
ACTIONS = ["sign_in", "sign_out", "session_timeout", "session_takeover", "download", "upload", "publish", "override",
           "sql_query", "page_refused", "review", "task"]

st.title(pages.title("audit", lang))
st.caption(T("audit_lead"))
left, middle, right = st.columns([3, 1, 1])
actions = left.multiselect(T("audit_actions"), ACTIONS, key="audit_actions", placeholder=t("all", lang),
                           format_func=lambda a: T(f"action_{a}"))
who = middle.text_input(T("audit_user"), key="audit_user").strip()
days = right.selectbox(T("audit_days"), [1, 7, 30, 365], index=1, key="audit_days",
                       format_func=lambda n: T("audit_days_option", n=n))
events = auth.audit_log().events(actions=actions or None, user=who or None,
                                 since=now_utc() - dt.timedelta(days=days), limit=2000)
if not events:
    st.info(T("audit_empty"))
    st.stop()
st.caption(T("audit_count", n=len(events)))


def outcome(value: str) -> str:
    return T(f"outcome_{value}") if f"outcome_{value}" in STRINGS else value


st.dataframe({
    T("col_at"): [e["at"].astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M:%S") for e in events],
    T("audit_user"): [e["user"] for e in events],
    T("col_roles"): ["、".join(ROLES[r][1 if lang == "en" else 0] for r in e["roles"] if r in ROLES) for e in events],
    T("col_client"): [e["client"] or "—" for e in events],
    T("col_action"): [T(f"action_{e['action']}") if e["action"] in ACTIONS else e["action"] for e in events],
    T("col_outcome"): [outcome(e["outcome"]) for e in events],
    T("col_detail"): [json.dumps(e["detail"], ensure_ascii=False) for e in events],
}, hide_index=True, width="stretch")
