"""The HTTP side of sign-in: what Streamlit's own server does not do for the app.

serve.py mounts this in front of dashboard.py (`st.App`): a middleware that every request and
websocket passes through, and two routes. With sign-in off (the open demo) it only establishes the
client's address and keeps /_stcore/metrics to this machine.

- **The client's address** is the peer's, unless the peer is a configured trusted proxy
  (`trusted_proxies`, none by default): then the address that proxy reports (X-Real-IP, else the
  last X-Forwarded-For hop it appended). The result replaces any `X-Grassroots-Client` header the
  browser sent; app/auth.py reads nothing else. Uvicorn, Streamlit's server, would otherwise
  believe X-Forwarded-For from any loopback client (its default `forwarded_allow_ips`): serve.py
  replaces that step with `NoProxyHeaders`, so the peer reaches this code as it connected.
- **POST /_grassroots/session** exchanges a one-time sign-in ticket for the session's token and
  sets it as an HttpOnly, SameSite=Strict cookie (Secure under https); **POST /_grassroots/sign-out**
  ends the presented session and clears the cookie. Both refuse another origin.
- **/media/…** (downloads) is served only to a browser presenting a live credential of an enabled
  account; a download's bytes only to the very credential they were made for (app/auth.guarded).
- **/_stcore/upload_file/<session>/…** only to the browser whose credential that Streamlit session
  was signed in with: a session id from a log grants no upload.
- **/_stcore/stream**: a reconnect naming a Streamlit session signed in with another credential is
  given a fresh session instead (and audited); the victim's session is not disturbed.
- **/_stcore/metrics** only with a live credential, or from this machine when sign-in is off.
"""

from __future__ import annotations

import hashlib
import ipaddress
import sqlite3
import threading
from collections import OrderedDict
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app import auth, held, page_html
from grassroots.access import accounts, sessions
from grassroots.access.audit import Actor, AuditLog


class Bindings:
    """Process-local: which credential each Streamlit session was signed in with, and which
    credential each download's bytes were made for. Bounded (least recently used go first)."""

    def __init__(self, size: int = 10_000):
        self._lock = threading.Lock()
        self._size = size
        self._sessions: OrderedDict[str, str] = OrderedDict()  # Streamlit session id -> token digest
        self._owners: OrderedDict[str, str] = OrderedDict()  # sha256 of a download -> token digest

    def _put(self, table: OrderedDict, key: str | None, value: str | None) -> None:
        if key is None or value is None:
            return
        with self._lock:
            table[key] = value
            table.move_to_end(key)
            while len(table) > self._size:
                table.popitem(last=False)

    def bind(self, session_id: str | None, token_hash: str | None) -> None:
        self._put(self._sessions, session_id, token_hash)

    def unbind(self, session_id: str | None) -> None:
        with self._lock:
            self._sessions.pop(session_id, None)

    def token_of(self, session_id: str | None) -> str | None:
        with self._lock:
            return self._sessions.get(session_id)

    def own(self, content_sha: str, token_hash: str | None) -> None:
        self._put(self._owners, content_sha, token_hash)

    def owner(self, content_sha: str) -> str | None:
        with self._lock:
            return self._owners.get(content_sha)


BINDINGS = Bindings()


# ------------------------------------------------------------------ the client's address
def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        ip = ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None
    return ip.ipv4_mapped or ip if isinstance(ip, ipaddress.IPv6Address) else ip


def _trusted(address: str, proxies: tuple[str, ...]) -> bool:
    ip = _address(address)
    if ip is None:
        return False
    for entry in proxies:
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def client_of(peer: str | None, headers: dict[str, str], proxies: tuple[str, ...]) -> tuple[str, bool]:
    """(client address, whether the browser's connection is https) for a request from `peer`."""
    ip = _address(peer or "")
    address = str(ip) if ip is not None else (peer or "local")
    if not proxies or not _trusted(address, proxies):
        return address, False
    https = headers.get("x-forwarded-proto", "").strip().lower() == "https"
    real = headers.get("x-real-ip", "").strip()
    if real and _address(real) is not None:
        return str(_address(real)), https
    for hop in reversed([h.strip() for h in headers.get("x-forwarded-for", "").split(",") if h.strip()]):
        if _address(hop) is None:
            break
        if not _trusted(hop, proxies):
            return str(_address(hop)), https
    return address, https


class NoProxyHeaders:
    """Takes the place of uvicorn's ProxyHeadersMiddleware (serve.py): the scope's client stays the
    peer that connected; `Gate` alone decides which proxies to believe."""

    def __init__(self, app, trusted_hosts=None):
        self.app = app

    async def __call__(self, scope, receive, send):
        await self.app(scope, receive, send)


# ------------------------------------------------------------------ credentials
def live_account(cfg: auth.Settings, token: str | None) -> tuple[sessions.Session, accounts.Account] | None:
    """The live session and enabled account a presented token belongs to, else None."""
    check = cfg.store.check(token, idle_s=cfg.idle_s)
    if not check.ok:
        return None
    account = accounts.load(cfg.accounts_file).get(check.session.username.lower())
    if account is None or account.disabled or not account.roles:
        return None
    return check.session, account


def _connection_token(session_id: str | None) -> str | None:
    """The cookie the current connection of a Streamlit session presented when it connected."""
    from streamlit import runtime

    if session_id is None or not runtime.exists():
        return None
    client = runtime.get_instance().get_client(session_id)
    context = getattr(client, "client_context", None) if client is not None else None
    cookies = getattr(context, "cookies", None) or {}
    token = cookies.get(auth.COOKIE)
    return token if isinstance(token, str) and token else None


def download_refusal(cfg: auth.Settings, session_id: str | None, bound: str | None, user: auth.User) -> str | None:
    """Why a download clicked in this Streamlit session must not be made now, or None."""
    token = _connection_token(session_id)
    if bound is None or token is None or sessions.digest(token) != bound:
        return "credential"
    found = live_account(cfg, token)
    if found is None:
        return "session"
    account = found[1]
    if frozenset(account.roles) != user.roles or account.district != user.district:
        return "account_changed"
    return None


# ------------------------------------------------------------------ routes
def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    return bool(origin) and urlsplit(origin).netloc == request.headers.get("host")


def _cookie(response: Response, value: str, max_age: int, https: bool) -> None:
    response.set_cookie(auth.COOKIE, value, max_age=max_age, path="/", httponly=True, samesite="strict", secure=https)


async def bind_session(request: Request) -> Response:
    cfg = auth.settings()
    if cfg is None or not _same_origin(request):
        return Response(status_code=403)
    ticket = (await request.body())[:256].decode("ascii", "replace").strip()
    redeemed = await run_in_threadpool(cfg.store.redeem, ticket)
    if redeemed is None:
        return Response(status_code=403)
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    _cookie(response, redeemed[0], int(cfg.session_hours * 3600), request.scope.get("grassroots.https", False))
    return response


async def sign_out(request: Request) -> Response:
    cfg = auth.settings()
    if cfg is None or not _same_origin(request):
        return Response(status_code=403)
    token = request.cookies.get(auth.COOKIE)
    check = await run_in_threadpool(cfg.store.check, token, idle_s=float("inf"))
    if check.session is not None:
        await run_in_threadpool(cfg.store.end, check.session.id, "signed_out")
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    _cookie(response, "", 0, request.scope.get("grassroots.https", False))
    return response


ROUTES = [Route(auth.BIND_PATH, bind_session, methods=["POST"]), Route(auth.SIGN_OUT_PATH, sign_out, methods=["POST"])]


# ------------------------------------------------------------------ the gate
def _headers(scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _cookies(headers: dict[str, str]) -> dict[str, str]:
    from http.cookies import CookieError, SimpleCookie

    jar = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except CookieError:
        return {}
    return {k: m.value for k, m in jar.items()}


async def _plain(send, status: int) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"cache-control", b"no-store")]})
    await send({"type": "http.response.body", "body": b"" if status == 204 else b"forbidden"})


def _audit(cfg: auth.Settings, client: str, action: str, outcome: str, **detail) -> None:
    try:
        AuditLog(cfg.audit_db).record(Actor("?", (), None, client), action, outcome, **detail)
    except (OSError, sqlite3.Error):
        pass


class Gate:
    """ASGI middleware: see the module's docstring."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        headers = _headers(scope)
        cfg = auth.settings()
        proxies = cfg.trusted_proxies if cfg else ()
        peer = scope["client"][0] if scope.get("client") else None
        client, https = client_of(peer, headers, proxies)
        scope = dict(scope, headers=[(k, v) for k, v in scope.get("headers", []) if k.lower() != b"x-grassroots-client"]
                     + [(b"x-grassroots-client", client.encode("latin-1", "replace"))])
        scope["grassroots.https"] = https
        path = _app_path(scope.get("path", ""))
        if path == "/_stcore/metrics":
            allowed = (await run_in_threadpool(live_account, cfg, _cookies(headers).get(auth.COOKIE)) is not None
                       if cfg else _trusted(peer or "", ("127.0.0.0/8", "::1")))
            return await (self.app(scope, receive, send) if allowed else _plain(send, 404))
        if cfg is None:
            return await self._onward(scope, receive, send, path)
        token = _cookies(headers).get(auth.COOKIE)
        digest = sessions.digest(token) if token else None
        if scope["type"] == "websocket" and path == "/_stcore/stream":
            scope = await run_in_threadpool(self._no_takeover, cfg, scope, headers, digest, client)
        elif path.startswith("/_stcore/upload_file/"):
            session_id = path.split("/")[3] if path.count("/") >= 3 else None
            bound = BINDINGS.token_of(session_id)
            if bound is None or bound != digest or await run_in_threadpool(live_account, cfg, token) is None:
                return await _plain(send, 403)
        elif path.startswith("/media/"):
            if await run_in_threadpool(live_account, cfg, token) is None:
                return await _plain(send, 403)
            return await self._media(scope, receive, send, digest)
        await self._onward(scope, receive, send, path)

    async def _onward(self, scope, receive, send, path: str):
        if page_html.is_navigation(scope, path):
            return await page_html.serve(self.app, scope, receive, send)
        await self.app(scope, receive, send)

    @staticmethod
    def _no_takeover(cfg, scope, headers, digest, client):
        entries = [e.strip() for e in headers.get("sec-websocket-protocol", "").split(",")]
        session_id = entries[2] if len(entries) >= 3 and entries[2] else None
        bound = BINDINGS.token_of(session_id)
        if bound is None or bound == digest:
            return scope
        _audit(cfg, client, "session_takeover", "refused", reason="credential" if digest else "no_credential")
        value = ", ".join(entries[:2]).encode("latin-1")
        return dict(scope, headers=[(k, value if k.lower() == b"sec-websocket-protocol" else v)
                                    for k, v in scope["headers"]])

    async def _media(self, scope, receive, send, digest):
        """Hold the file until its bytes are known: a download goes only to its own credential."""
        start, body = await held.whole(self.app, scope, receive, send)
        if start is None:
            return
        owner = BINDINGS.owner(hashlib.sha256(body).hexdigest()) if start["status"] == 200 else None
        if owner is not None and owner != digest:
            return await _plain(send, 403)
        await send(start)
        await send({"type": "http.response.body", "body": body})


def _app_path(path: str) -> str:
    """The path below Streamlit's `server.baseUrlPath`, if one is set."""
    from streamlit import config

    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    if base and (path == f"/{base}" or path.startswith(f"/{base}/")):
        return path[len(base) + 1:] or "/"
    return path


MIDDLEWARE_CLASS = Gate
