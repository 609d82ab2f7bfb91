"""What the app adds to the HTML page Streamlit serves for every address (its single-page shell).

**Where the server is.** Streamlit's frontend does not know the server's base path. Opened at a
page's own address (`/burden?district=all`), it first looks for the server one level down
(`/burden/_stcore/health` and `/burden/_stcore/host-config`, both 404) and only then at the root:
a wasted round trip before the websocket opens, on every first load of every page but the root
(about 0.07 s in Chromium on this machine, 10 % of an empty page's time to ready). The shell is
given the base instead, through the embedding configuration the frontend reads at start-up
(`window.__streamlit.BACKEND_BASE_URL`), derived from `server.baseUrlPath`, so a deployment under a
path prefix keeps working. tests/browser/test_page_html.py checks that a page's first load asks
for nothing under its own path.

Only navigations are touched: a GET that accepts text/html and is not one of Streamlit's own
endpoints or files. Its response is read whole (the shell is 8 KB) and sent uncompressed.
"""

from __future__ import annotations

import json

from app import held

# Streamlit's endpoints and files, and the app's own routes: never the shell.
NOT_THE_SHELL = ("/_stcore/", "/static/", "/media/", "/component/", "/app/static/", "/_grassroots/")


def base_path() -> str:
    """The server's base path as the browser sees it: "/" or "/prefix/"."""
    from streamlit import config

    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/" if base else "/"


def script() -> bytes:
    """The inline script that tells the frontend where its server is, before its bundle runs."""
    return ("<script>window.__streamlit=Object.assign({},window.__streamlit,"
            f"{{BACKEND_BASE_URL:new URL({json.dumps(base_path())},location.href).href}})</script>").encode()


def is_navigation(scope, app_path: str) -> bool:
    if scope["type"] != "http" or scope.get("method") != "GET":
        return False
    accept = next((v for k, v in scope.get("headers", []) if k.lower() == b"accept"), b"")
    return b"text/html" in accept and not any(app_path.startswith(p) for p in NOT_THE_SHELL)


async def serve(app, scope, receive, send) -> None:
    """Run `app` for a navigation and send its HTML with the script in its head."""
    scope = dict(scope, headers=[(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"])
    start, data = await held.whole(app, scope, receive, send)
    if start is None:
        return
    headers = dict((k.lower(), v) for k, v in start["headers"])
    if b"text/html" in headers.get(b"content-type", b"") and b"content-encoding" not in headers and b"<head>" in data:
        data = data.replace(b"<head>", b"<head>" + script(), 1)
    await send(dict(start, headers=[(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
                    + [(b"content-length", str(len(data)).encode())]))
    await send({"type": "http.response.body", "body": data})
