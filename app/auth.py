"""Sign-in, roles and the audit hook: the Streamlit side (grassroots/accounts.py and audit.py do the work).

Configuration is Streamlit's secrets (`.streamlit/secrets.toml`; `.streamlit/secrets.toml.example`
shows every key). No `[grassroots_auth]` section: the app stays open as a demo and says so in the
sidebar. With it, every page — whatever URL opened it — shows only the sign-in form until a user
has signed in, by one of:
  - "local": the accounts file (`python -m grassroots.accounts …`), argon2 hashes, throttled;
  - "oidc": Streamlit's `st.login` against the department's identity provider (`[auth]` section);
    the provider's e-mail must be an account of the accounts file, which gives its roles.
A local sign-in lasts for the browser session (a reload signs in again); an OIDC one as long as
the provider's identity token (its `exp`, which Streamlit does not check itself). Either ends
after `idle_minutes` without a rerun, with the sidebar's sign-out button, and at the next click
once the account is disabled in the accounts file (read on every run, so role changes apply too).

Tests and other deployments point Streamlit at their own secrets file (`STREAMLIT_SECRETS_FILES`
or `--secrets.files`; AppTest: `at.secrets[...]`); relative paths in it are under the data folder.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from app import escape
from app.i18n import t
from app.navigation import PageSpec
from grassroots import accounts, snapshots
from grassroots.audit import Actor, AuditLog

SECTION = "grassroots_auth"
DESK_SECTION = "grassroots_desk"
USER_KEY = "auth_user"
SEEN_KEY = "auth_seen"


@dataclass(frozen=True)
class User:
    username: str
    name: str
    roles: frozenset[str]
    district: str | None = None
    method: str = "local"  # local | oidc | open

    @property
    def is_open(self) -> bool:
        return self.method == "open"

    @property
    def district_only(self) -> str | None:
        """The one district a district clerk (with no city-wide role) sees."""
        if "district_clerk" in self.roles and not (self.roles & accounts.CITY_WIDE):
            return self.district
        return None

    def roles_label(self, lang: str) -> str:
        names = [accounts.ROLES[r][1 if lang == "en" else 0] for r in accounts.ROLES if r in self.roles]
        return ("、" if lang == "zh" else ", ").join(names)


# The open demo mode: what `make run` always showed, leader and analyst pages, nothing that writes.
OPEN_USER = User("anonymous", "", frozenset({"leader", "analyst"}), None, "open")


@dataclass(frozen=True)
class Settings:
    methods: tuple[str, ...]
    accounts_file: Path
    audit_db: Path
    idle_minutes: float
    policy: accounts.Policy
    trust_proxy_headers: bool
    oidc_provider: str | None
    max_upload_mb: int


def _section(name: str) -> dict | None:
    try:
        return dict(st.secrets[name]) if name in st.secrets else None
    except Exception:  # no secrets file at all, or one that does not parse: treated as absent
        return None


def _path(value: str | None, default: str) -> Path:
    path = Path(value) if value else Path(default)
    return path if path.is_absolute() else snapshots.data_dir() / path


def settings() -> Settings | None:
    """The sign-in configuration, or None for the open demo mode."""
    raw = _section(SECTION)
    desk = _section(DESK_SECTION) or {}
    if raw is None:
        return None
    methods = tuple(m for m in raw.get("methods", ["local"]) if m in ("local", "oidc")) or ("local",)
    policy = accounts.Policy(max_failures=int(raw.get("max_failures", 5)),
                             client_max_failures=int(raw.get("client_max_failures", 20)),
                             base_wait_s=float(raw.get("wait_seconds", 30)))
    return Settings(methods, _path(raw.get("accounts_file"), accounts.FILE), _path(raw.get("audit_db"), "audit.sqlite"),
                    float(raw.get("idle_minutes", 30)), policy, bool(raw.get("trust_proxy_headers", False)),
                    raw.get("oidc_provider") or None, int(desk.get("max_upload_mb", 20)))


def audit_log() -> AuditLog:
    cfg = settings()
    return AuditLog(cfg.audit_db if cfg else snapshots.data_dir() / "audit.sqlite")


def max_upload_mb() -> int:
    cfg = settings()
    return cfg.max_upload_mb if cfg else int((_section(DESK_SECTION) or {}).get("max_upload_mb", 20))


def client_address(trust_proxy: bool = False) -> str:
    """The client as the app sees it. Behind nginx every client is the proxy, unless the proxy's
    headers are trusted: X-Real-IP as deploy/nginx sets it, else the last X-Forwarded-For hop (the
    one our proxy appended; the earlier ones are whatever the browser sent)."""
    if trust_proxy:
        headers = st.context.headers
        real = headers.get("X-Real-IP")
        hops = [h.strip() for h in str(headers.get("X-Forwarded-For") or "").split(",") if h.strip()]
        forwarded = real if isinstance(real, str) and real.strip() else (hops[-1] if hops else None)
        if forwarded:
            return forwarded.strip()[:64]
    address = st.context.ip_address
    return address if isinstance(address, str) and address else "local"  # None on localhost (and in AppTest)


def language() -> str:
    """The language before the sidebar exists: the session's choice, else the link's."""
    if st.session_state.get("lang") in ("zh", "en"):
        return st.session_state["lang"]
    wanted = st.query_params.get("lang")
    return wanted if wanted in ("zh", "en") else "zh"


def signed_in() -> User:
    """The user the frame let through (OPEN_USER in the open demo mode)."""
    return st.session_state.get(USER_KEY) or OPEN_USER


def actor(user: User | None = None) -> Actor:
    user = user or st.session_state.get(USER_KEY) or OPEN_USER
    cfg = settings()
    return Actor(user.username, tuple(sorted(user.roles)), user.district,
                 client_address(cfg.trust_proxy_headers if cfg else False))


def record(action: str, outcome: str, **detail) -> None:
    """Audit an action of the current user (the SQL box, a refused page …)."""
    try:
        audit_log().record(actor(), action, outcome, **detail)
    except OSError:  # a read-only or full data folder must not take the page down
        pass


def _from_account(account: accounts.Account, method: str) -> User:
    return User(account.username, account.name, frozenset(account.roles), account.district, method)


def _clear_session() -> None:
    for key in list(st.session_state.keys()):
        if key != "lang":
            del st.session_state[key]


def current_user() -> User | None:
    """The signed-in user (OPEN_USER without auth), or None: then only the sign-in form may be shown."""
    cfg = settings()
    if cfg is None:
        return OPEN_USER
    if st.session_state.pop("auth_logout_oidc", False):
        st.logout()
        return None
    user: User | None = st.session_state.get(USER_KEY)
    if user is None and "oidc" in cfg.methods and st.user.get("is_logged_in"):
        user = _oidc_user(cfg)
    if user is None:
        return None
    # The accounts file is read on every run: a disabled or removed account, or changed roles,
    # take effect at the user's next click, not at their next sign-in.
    account = accounts.load(cfg.accounts_file).get(user.username.lower())
    if account is None or account.disabled or not account.roles:
        record("sign_out", "forced", reason="removed" if account is None else "disabled")
        _clear_session()
        st.session_state["auth_notice"] = "signed_out"
        return None
    if (frozenset(account.roles), account.district) != (user.roles, user.district):
        user = _from_account(account, user.method)
        st.session_state[USER_KEY] = user
    now = time.time()
    seen = st.session_state.get(SEEN_KEY, now)
    if now - seen > cfg.idle_minutes * 60:
        record("session_timeout", "ok", idle_minutes=round((now - seen) / 60))
        method = user.method
        _clear_session()
        st.session_state["auth_notice"] = "timed_out"
        if method == "oidc":
            st.logout()
        return None
    st.session_state[SEEN_KEY] = now
    return user


def _oidc_user(cfg: Settings) -> User | None:
    """The provider's identity, if its token is still valid and it names an enabled account."""
    expires = st.user.get("exp")
    if isinstance(expires, (int, float)) and expires < time.time():
        st.logout()
        return None
    email = str(st.user.get("email") or "").strip()
    account = accounts.load(cfg.accounts_file).get(email.lower()) if email else None
    if account is None or account.disabled or not account.roles:
        if not st.session_state.get("auth_oidc_refused"):
            st.session_state["auth_oidc_refused"] = True
            audit_log().record(Actor(account.username if account else "?", (), None, client_address(cfg.trust_proxy_headers)),
                               "sign_in", "failed", method="oidc", reason="no_account" if account is None else "disabled")
        return None
    user = _from_account(account, "oidc")
    st.session_state[USER_KEY] = user
    st.session_state[SEEN_KEY] = time.time()
    record("sign_in", "ok", method="oidc")
    return user


def sign_in_page(lang: str) -> None:
    """The only thing a signed-out visitor sees, on any page."""
    cfg = settings()
    st.title(t("app_title", lang))
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
    outcome = accounts.sign_in(accounts.load(cfg.accounts_file), username, password,
                               client=client_address(cfg.trust_proxy_headers), log=audit_log(), policy=cfg.policy)
    if outcome.outcome == "ok":
        _clear_session()
        st.session_state[USER_KEY] = _from_account(outcome.account, "local")
        st.session_state[SEEN_KEY] = time.time()
        st.rerun()
    elif outcome.outcome == "throttled":
        st.error(t("signin_throttled", lang, seconds=int(outcome.wait_s) + 1), icon=":material/timer:")
    elif outcome.outcome == "disabled":
        st.error(t("signin_disabled", lang), icon=":material/block:")
    else:
        st.error(t("signin_failed", lang), icon=":material/error:")


def _sign_out() -> None:
    user = st.session_state.get(USER_KEY)
    if user is not None:
        record("sign_out", "ok", method=user.method)
    oidc = (user is not None and user.method == "oidc") or bool(st.user.get("is_logged_in"))
    _clear_session()
    st.session_state["auth_notice"] = "signed_out"
    if oidc:
        st.session_state["auth_logout_oidc"] = True


def sidebar(user: User, lang: str) -> None:
    """Who is signed in and the sign-out button, or the open mode's line."""
    with st.sidebar:
        st.divider()
        if user.is_open:
            st.caption(f":material/lock_open: {t('open_mode', lang)}")
            return
        who = escape.markdown(user.name or user.username)
        where = f" · {_district_name(user.district, lang)}" if user.district and "district_clerk" in user.roles else ""
        st.caption(f":material/person: **{who}** · {user.roles_label(lang)}{where}")
        st.button(t("sign_out", lang), on_click=_sign_out, icon=":material/logout:", key="sign_out", width="stretch")


def _district_name(code: str, lang: str) -> str:
    from grassroots.desk import district_names

    return district_names(lang).get(code, code)


def allowed(spec: PageSpec, user: User) -> bool:
    return bool(spec.allowed_roles & user.roles)


def refuse(spec: PageSpec, user: User, lang: str) -> None:
    """A page opened by its address that the user's roles do not include."""
    record("page_refused", "refused", page=spec.url_path)
    needed = "、".join(accounts.ROLES[r][1 if lang == "en" else 0] for r in accounts.ROLES if r in spec.allowed_roles)
    st.title(t(spec.title_key, lang))
    st.error(t("page_refused", lang, page=t(spec.title_key, lang), roles=user.roles_label(lang) or "—", needed=needed),
             icon=":material/block:")
    st.stop()


def today() -> dt.date:
    return dt.date.today()
