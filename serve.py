"""The server: dashboard.py as Streamlit serves it, with the app's own gate in front (app/server.py).

    .venv/bin/python -m streamlit run serve.py --server.address 127.0.0.1 --server.port 8501

`make run`, the deployment's units and the browser tests all start the app this way; a bare
`streamlit run dashboard.py` still runs the pages, but without the gate: no sign-in cookie can be
set, downloads and uploads are not checked against it, and every client is "local".

Uvicorn imports this module before it wraps the app in its ProxyHeadersMiddleware, which believes
X-Forwarded-For from any loopback client by default. The line below gives it a step that believes
nothing; app/server.py decides which proxies to trust, from `trusted_proxies` (none by default).
"""

import uvicorn.config
from starlette.middleware import Middleware

import streamlit as st
from app import server, warm

uvicorn.config.ProxyHeadersMiddleware = server.NoProxyHeaders
warm.preload()  # the pages' modules and the newest snapshot, before the first visitor (app/warm.py)

app = st.App("dashboard.py", routes=server.ROUTES, middleware=[Middleware(server.Gate)])
