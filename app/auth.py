"""Who is signed in, with which roles, and the audit hook: the Streamlit side. app/signin.py draws
the forms; grassroots/access/accounts.py, sessions.py and audit.py do the work; app/server.py is
the HTTP side: the cookie, and what it guards.

Configuration is Streamlit's secrets (`.streamlit/secrets.toml`; `.streamlit/secrets.toml.example`
shows every key). No `[grassroots_auth]` section: the app stays open as a demo and says so in the
sidebar. With it, every page — whatever URL opened it — shows only the sign-in form until a user
has signed in, by one of:
  - "local": the accounts file (`python -m grassroots accounts …`), argon2 hashes, throttled;
  - "oidc": Streamlit's `st.login` against the department's identity provider (`[auth]` section);
    the provider's e-mail must be an account of the accounts file, which gives its roles.

A sign-in is bound to the browser, not to the Streamlit session: once the password (or the
provider) is accepted, the browser receives an HttpOnly, SameSite=Strict cookie holding a random
token (grassroots/access/sessions.py explains the hand-over), and every run checks that the connection
presents the token of a live session of that user. A session resumed by another client — one
that has only the session id, say from an upload URL — presents no token and is signed out at
once, and the attempt is audited. The sign-in lasts while the browser keeps the cookie (reloads
and new tabs included), up to `session_hours`, and ends after `idle_minutes` without a run, with
the sidebar's sign-out, or at the next click once the account is disabled or removed (the
accounts file is read on every run, so role changes apply at the next click too).

Tests and other deployments point Streamlit at their own secrets file (`STREAMLIT_SECRETS_FILES`
or `--secrets.files`; AppTest: `at.secrets`); relative paths in it are under the data folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import streamlit as st

from app.navigation import PageSpec
from grassroots.access import accounts, sessions
from grassroots.store import snapshots
from grassroots.access.audit import Actor, AuditLog

SECTION = "grassroots_auth"
DESK_SECTION = "grassroots_desk"
USER_KEY = "auth_user"
SESSION_KEY = "auth_session"  # the sessions-store id the signed-in user of this Streamlit session holds
TICKET_KEY = "auth_ticket"  # a sign-in waiting for the page's script to fetch its cookie
COOKIE = "grassroots_session"
CLIENT_HEADER = "X-Grassroots-Client"  # set by app/server.py from the peer (and trusted proxies only)
BIND_PATH = "/_grassroots/session"
SIGN_OUT_PATH = "/_grassroots/sign-out"


@dataclass(frozen=True)
class User:
    username: str
    name: str
    roles: frozenset[str]
    district: str | None = None
    method: str = "local"  # local | oidc | open

    @property
    def viewer(self) -> str:
        """Who, as the watermark names them: "周敏 (zhou)", or the account name alone."""
        return f"{self.name} ({self.username})" if self.name and self.name != self.username else self.username

    @property
    def is_open(self) -> bool:
        return self.method == "open"

    @property
    def district_only(self) -> str | None:
        """The one district a district clerk (with no city-wide role) sees."""
        if "district_clerk" in self.roles and not (self.roles & accounts.CITY_WIDE):
            return self.district
        return None

    @property
    def screen_only(self) -> bool:
        """The wall screen's account: it sees the wall, reads and writes nothing else (no downloads, no 督办)."""
        return self.roles == {"screen"}

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
    sessions_db: Path
    key_file: Path
    idle_minutes: float
    session_hours: float
    policy: accounts.Policy
    trusted_proxies: tuple[str, ...]
    oidc_provider: str | None
    max_upload_mb: int

    @property
    def store(self) -> sessions.Store:
        return sessions.Store(self.sessions_db)

    @property
    def idle_s(self) -> float:
        return self.idle_minutes * 60


def _section(name: str) -> dict | None:
    try:
        return dict(st.secrets[name]) if name in st.secrets else None
    except Exception:  # no secrets file at all, or one that does not parse: treated as absent
        return None


def _path(value: str | None, default: str) -> Path:
    path = Path(value) if value else Path(default)
    return path if path.is_absolute() else snapshots.data_dir() / path


def trusted_proxies(raw: dict) -> tuple[str, ...]:
    """Addresses whose X-Real-IP / X-Forwarded-For are believed: `trusted_proxies`, none by default.
    The older `trust_proxy_headers = true` means nginx on this machine (127.0.0.1 and ::1)."""
    listed = raw.get("trusted_proxies")
    if isinstance(listed, (list, tuple)):
        return tuple(str(a).strip() for a in listed if str(a).strip())
    return ("127.0.0.1", "::1") if raw.get("trust_proxy_headers") is True else ()


def settings() -> Settings | None:
    """The sign-in configuration, or None for the open demo mode."""
    raw = _section(SECTION)
    desk = _section(DESK_SECTION) or {}
    if raw is None:
        return None
    methods = tuple(m for m in raw.get("methods", ["local"]) if m in ("local", "oidc")) or ("local",)
    policy = accounts.Policy(max_failures=int(raw.get("max_failures", 5)),
                             name_max_failures=int(raw.get("name_max_failures", 30)),
                             client_max_failures=int(raw.get("client_max_failures", 20)),
                             base_wait_s=float(raw.get("wait_seconds", 30)))
    audit_db = _path(raw.get("audit_db"), "audit.sqlite")
    return Settings(methods, _path(raw.get("accounts_file"), accounts.FILE), audit_db,
                    _path(raw.get("sessions_db"), str(audit_db.with_name(sessions.FILE))),
                    _path(raw.get("key_file"), str(audit_db.with_name(".signin-key"))),
                    float(raw.get("idle_minutes", 30)), float(raw.get("session_hours", 12)), policy,
                    trusted_proxies(raw), raw.get("oidc_provider") or None, int(desk.get("max_upload_mb", 20)))


def watermark_on() -> bool:
    """The watermark (outputs/watermark.py) is on unless `[grassroots_display] watermark = false`."""
    return bool((_section("grassroots_display") or {}).get("watermark", True))


def audit_log() -> AuditLog:
    cfg = settings()
    return AuditLog(cfg.audit_db if cfg else snapshots.data_dir() / "audit.sqlite")


def push_settings():
    """The [push] section (grassroots/push/config.py), or None; a wrong section raises PushConfigError."""
    from grassroots import desk
    from grassroots.push import config

    return config.parse(_section("push"), set(desk.district_codes()))


def max_upload_mb() -> int:
    cfg = settings()
    return cfg.max_upload_mb if cfg else int((_section(DESK_SECTION) or {}).get("max_upload_mb", 20))


def client_address() -> str:
    """The client as app/server.py established it: the peer's address, or the address a trusted
    proxy reports (`trusted_proxies`; none by default). Never a header the browser chose: the
    server replaces any header of that name. Without app/server.py in front (AppTest, or a bare
    `streamlit run dashboard.py`) the client is "local"."""
    address = st.context.headers.get(CLIENT_HEADER)
    return address[:64] if isinstance(address, str) and address else "local"


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
    return Actor(user.username, tuple(sorted(user.roles)), user.district, client_address())


def record(action: str, outcome: str, **detail) -> None:
    """Audit an action of the current user (the SQL box, a refused page …)."""
    try:
        audit_log().record(actor(), action, outcome, **detail)
    except (OSError, sqlite3.Error):  # a read-only, full or locked data folder must not take the page down
        pass


def presented_token() -> str | None:
    """The credential the browser of this connection presents (its HttpOnly cookie)."""
    token = st.context.cookies.get(COOKIE)
    return token if isinstance(token, str) and token else None


def _from_account(account: accounts.Account, method: str) -> User:
    return User(account.username, account.name, frozenset(account.roles), account.district, method)


def _clear_session() -> None:
    from app import server

    server.BINDINGS.unbind(_streamlit_session_id())
    for key in list(st.session_state.keys()):
        if key != "lang":
            del st.session_state[key]


def _forced_out(who: str, reason: str, notice: str = "signed_out", action: str = "sign_out",
                outcome: str = "forced") -> None:
    """End what this Streamlit session held, say why on the sign-in form, and audit it."""
    try:
        audit_log().record(Actor(who, (), None, client_address()), action, outcome, reason=reason)
    except (OSError, sqlite3.Error):
        pass
    _clear_session()
    st.session_state["auth_notice"] = notice


def current_user() -> User | None:
    """The signed-in user (OPEN_USER without auth), or None: then only the sign-in form may be shown.

    Checked on every run: the connection's cookie names a live session; that session is the one
    this Streamlit session was signed in with; its account still exists, is enabled and has a role."""
    cfg = settings()
    if cfg is None:
        return OPEN_USER
    if st.session_state.pop("auth_logout_oidc", False):
        st.logout()
        return None
    held: User | None = st.session_state.get(USER_KEY)
    check = cfg.store.check(presented_token(), idle_s=cfg.idle_s)
    if not check.ok:
        if check.state in ("idle", "expired"):
            _forced_out(check.session.username, check.state, "timed_out", "session_timeout", "ok")
        elif held is not None:  # a signed-in session whose connection no longer shows its credential
            _forced_out(held.username, f"credential_{check.state}")
        if "oidc" in cfg.methods and check.state != "idle" and st.user.get("is_logged_in"):
            _oidc_sign_in(cfg)
        return None
    session = check.session
    if held is not None and (held.username != session.username or st.session_state.get(SESSION_KEY) != session.id):
        _forced_out(held.username, "credential_mismatch")
        return None
    if session.method == "oidc" and str(st.user.get("email") or "").lower() != session.username.lower():
        cfg.store.end(session.id, "oidc_ended")
        _forced_out(session.username, "oidc_ended")
        return None
    # The accounts file is read on every run: a disabled or removed account, or changed roles,
    # take effect at the user's next click, not at their next sign-in.
    account = accounts.load(cfg.accounts_file).get(session.username.lower())
    if account is None or account.disabled or not account.roles:
        cfg.store.end(session.id, "removed" if account is None else "disabled")
        _forced_out(session.username, "removed" if account is None else "disabled")
        return None
    user = _from_account(account, session.method)
    st.session_state.pop(TICKET_KEY, None)  # the browser has its cookie: the hand-over is done
    st.session_state[USER_KEY] = user
    st.session_state[SESSION_KEY] = session.id
    from app import server  # the HTTP side guards this Streamlit session's uploads by the same token

    server.BINDINGS.bind(_streamlit_session_id(), session.token_hash)
    return user


def _streamlit_session_id() -> str | None:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx else None


def _begin(cfg: Settings, account: accounts.Account, method: str) -> None:
    """The password or the provider said yes: a session, and its ticket for the page's script."""
    ticket = cfg.store.start(account.username, method, client_address(), lifetime_s=cfg.session_hours * 3600)
    _clear_session()
    st.session_state[TICKET_KEY] = ticket


def _oidc_sign_in(cfg: Settings) -> None:
    """The provider's identity, if its token is still valid and it names an enabled account."""
    expires = st.user.get("exp")
    if isinstance(expires, (int, float)) and expires < time.time():
        st.logout()
        return
    if st.session_state.get(TICKET_KEY):
        return
    email = str(st.user.get("email") or "").strip()
    account = accounts.load(cfg.accounts_file).get(email.lower()) if email else None
    if account is None or account.disabled or not account.roles:
        if not st.session_state.get("auth_oidc_refused"):
            st.session_state["auth_oidc_refused"] = True
            audit_log().record(Actor(account.username if account else "?", (), None, client_address()),
                               "sign_in", "failed", method="oidc", reason="no_account" if account is None else "disabled")
        return
    audit_log().record(Actor(account.username, tuple(sorted(account.roles)), account.district, client_address()),
                       "sign_in", "ok", method="oidc")
    _begin(cfg, account, "oidc")


def guarded(make: Callable[[], bytes], what: str) -> Callable[[], bytes]:
    """A download's bytes, made on click only for the browser that may still have them.

    A download button's callable runs on its own thread when clicked, without a script run: the
    frame's check does not run first. So the callable checks for itself, at the click: the
    Streamlit session's current connection presents the credential the page was drawn for, that
    session is live, and the account is enabled with the roles and district it had. The bytes are
    then registered to that credential, and app/server.py serves the file only to it."""
    cfg = settings()
    if cfg is None:
        return make
    user: User = st.session_state.get(USER_KEY) or OPEN_USER
    sid = _streamlit_session_id()
    from app import server

    bound = server.BINDINGS.token_of(sid)
    who = actor(user)

    def made() -> bytes:
        reason = server.download_refusal(cfg, sid, bound, user)
        if reason:
            try:
                AuditLog(cfg.audit_db).record(who, "download", "refused", what=what, reason=reason)
            except (OSError, sqlite3.Error):
                pass
            raise PermissionError(f"download refused: {reason}")
        data = make()
        server.BINDINGS.own(hashlib.sha256(data if isinstance(data, bytes) else str(data).encode()).hexdigest(), bound)
        return data

    return made


def allowed(spec: PageSpec, user: User) -> bool:
    return bool(spec.allowed_roles & user.roles)


def today() -> dt.date:
    return dt.date.today()
