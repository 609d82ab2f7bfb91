"""The sign-in forms: the page a signed-out visitor sees, the sidebar's line of who is signed in
with its sign-out button, and the refusal of a page the roles do not include. app/auth.py decides
who is signed in; these only draw and hand the answers to it."""

from __future__ import annotations

import html
import json
import sqlite3

import streamlit as st

from app.auth import (
    BIND_PATH, SESSION_KEY, SIGN_OUT_PATH, TICKET_KEY, USER_KEY, Settings, User, _begin, _clear_session,
    client_address, audit_log, record, settings,
)
from app.navigation import PageSpec
from grassroots.access import accounts
from grassroots.catalogue.i18n import t
from app.drawn.frame import esc, icon, side_line
from grassroots.outputs import escape


def _hand_over(ticket: str, lang: str) -> None:
    """The page's own script fetches the cookie with the one-time ticket, then reloads: the new
    connection carries the cookie. The token never appears in a URL or to a script (HttpOnly)."""
    st.info(t("signin_binding", lang), icon=":material/key:")
    st.html(f"""<script>
fetch({json.dumps(BIND_PATH)}, {{method: "POST", credentials: "same-origin", cache: "no-store",
  headers: {{"Content-Type": "text/plain"}}, body: {json.dumps(ticket)}}})
  .then(function (r) {{ if (r.ok) {{ window.location.reload(); }} else {{ document.getElementById("gr-bind").hidden = false; }} }})
  .catch(function () {{ document.getElementById("gr-bind").hidden = false; }});
</script><p id="gr-bind" hidden>{html.escape(t("signin_bind_failed", lang))}</p>""", unsafe_allow_javascript=True)


def page(lang: str) -> None:
    """The only thing a signed-out visitor sees, on any page."""
    cfg = settings()
    st.title(t("app_title", lang))
    ticket = st.session_state.pop(TICKET_KEY, None)
    if ticket:
        st.session_state[TICKET_KEY] = ticket  # kept until the reload: a rerun meanwhile shows it again
        _hand_over(ticket, lang)
        st.stop()
    if st.session_state.pop("auth_clear_cookie", False):
        st.html(f"<script>fetch({json.dumps(SIGN_OUT_PATH)}, {{method: 'POST', credentials: 'same-origin'}});</script>",
                unsafe_allow_javascript=True)
    if "lang" not in st.session_state:
        st.session_state["lang"] = lang
    st.radio(t("language", lang), ["zh", "en"], key="lang", horizontal=True,
             format_func=lambda v: "中文" if v == "zh" else "English")
    notice = st.session_state.pop("auth_notice", None)
    if notice == "timed_out":
        st.info(t("signin_timed_out", lang, minutes=f"{cfg.idle_minutes:g}"), icon=":material/schedule:")
    elif notice == "signed_out":
        st.info(t("signin_signed_out", lang), icon=":material/logout:")
    if "oidc" in cfg.methods:
        if st.user.get("is_logged_in"):  # the provider knows them, the accounts file does not
            st.error(t("signin_no_account", lang, email=escape.markdown(st.user.get("email") or "—")), icon=":material/block:")
            st.button(t("sign_out", lang), on_click=_sign_out, icon=":material/logout:")
        else:
            st.button(t("signin_oidc", lang), type="primary", icon=":material/badge:", key="signin_oidc",
                      on_click=lambda: st.login(cfg.oidc_provider) if cfg.oidc_provider else st.login())
    if "local" in cfg.methods:
        with st.form("signin", clear_on_submit=True, border=True):
            st.subheader(t("signin_title", lang))
            username = st.text_input(t("signin_user", lang), key="signin_user", autocomplete="username")
            password = st.text_input(t("signin_password", lang), type="password", key="signin_password",
                                     autocomplete="current-password")
            submitted = st.form_submit_button(t("signin_submit", lang), type="primary")
        if submitted:
            _local_sign_in(cfg, username, password, lang)
    st.caption(t("signin_note", lang))
    st.stop()


def _local_sign_in(cfg: Settings, username: str, password: str, lang: str) -> None:
    if not username.strip() or not password:
        st.error(t("signin_empty", lang))
        return
    try:
        key = accounts.secret_key(cfg.key_file)
        outcome = accounts.sign_in(accounts.load(cfg.accounts_file), username, password, client=client_address(),
                                   log=audit_log(), key=key, policy=cfg.policy)
    except (OSError, sqlite3.Error):  # the data folder cannot be written: nobody can be signed in safely
        st.error(t("signin_unavailable", lang), icon=":material/error:")
        return
    if outcome.outcome == "ok":
        _begin(cfg, outcome.account, "local")
        st.rerun()
    elif outcome.outcome == "disabled":
        st.error(t("signin_disabled", lang), icon=":material/block:")
    else:  # a wrong password, an unknown name and a throttled try read alike
        st.error(t("signin_failed", lang), icon=":material/error:")


def _sign_out() -> None:
    user = st.session_state.get(USER_KEY)
    cfg = settings()
    if user is not None:
        record("sign_out", "ok", method=user.method)
    if cfg is not None and st.session_state.get(SESSION_KEY) is not None:
        cfg.store.end(st.session_state[SESSION_KEY], "signed_out")
    oidc = (user is not None and user.method == "oidc") or bool(st.user.get("is_logged_in"))
    _clear_session()
    st.session_state["auth_notice"] = "signed_out"
    st.session_state["auth_clear_cookie"] = True
    if oidc:
        st.session_state["auth_logout_oidc"] = True


def sidebar(user: User, lang: str) -> None:
    """Who is signed in and the sign-out button, or the open mode's line."""
    with st.sidebar:
        if user.is_open:
            st.html(side_line(f'{icon("lock_open")} {esc(t("open_mode", lang))}'))
            return
        where = f" · {_district_name(user.district, lang)}" if user.district and "district_clerk" in user.roles else ""
        st.html(side_line(f'{icon("person")} <b>{esc(user.name or user.username)}</b> · {esc(user.roles_label(lang) + where)}'))
        st.button(t("sign_out", lang), on_click=_sign_out, icon=":material/logout:", key="sign_out", width="stretch")


def _district_name(code: str, lang: str) -> str:
    from grassroots.desk import district_names

    return district_names(lang).get(code, code)


def refuse(spec: PageSpec, user: User, lang: str) -> None:
    """A page opened by its address that the user's roles do not include."""
    record("page_refused", "refused", page=spec.url_path)
    needed = "、".join(accounts.ROLES[r][1 if lang == "en" else 0] for r in accounts.ROLES if r in spec.allowed_roles)
    st.title(spec.title(lang))
    st.error(t("page_refused", lang, page=spec.title(lang), roles=user.roles_label(lang) or "—", needed=needed),
             icon=":material/block:")
    st.stop()
