"""`make deploy-check`: two app processes behind nginx, on loopback, from deploy/nginx/grassroots.conf.

Starts two Streamlit processes on free loopback ports and Debian's nginx (not as a daemon, with
`-p`/`-c` into a temp folder) running the site file of deploy/nginx/ with three changes: the
upstream lists the two test ports, it listens on a free loopback port, log paths point into the
temp folder; and one addition for the check only, a response header with `$upstream_addr`.
Then checks that:

1. `nginx -t` accepts the rendered site, and both app processes answer /_stcore/health;
2. a browser without a route cookie gets one, one with a cookie gets none, and the security
   headers are there;
3. different route cookies reach both processes, and one cookie always the same process;
4. a websocket upgrade of /_stcore/stream through nginx (Host and Origin with a real host name)
   gets 101 Switching Protocols on the cookie's process, and the app runs the overview page over
   it (a rerun request, answered with the page's elements, none an exception, and "script
   finished");
5. in Chromium, through nginx and its host name: a city clerk signs in (the sign-in cookie is set
   through the proxy), uploads a report on the data desk and republishes the week; the snapshot is
   published again, and nginx's access log holds the upload URL with its session id masked;
6. with one process stopped, its cookies are served by the other.

The apps run with sign-in on, over a copy of the demo snapshots and the demo's last inbox in the
temp folder (the repository's data/ is never written), with a one-off clerk account.

Everything it started is stopped by its own pid (process group), its ports are checked closed and
the temp folder removed, on success, failure, Ctrl-C or SIGTERM; the whole check is bounded by
--timeout (240 s).
Standard library and the venv's packages (websockets, Streamlit's protobuf messages, Playwright
driving Debian's chromium) only.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from checklib import HOST, REPO, CheckFailed, Deadline, say
from check_desk import desk_through_nginx, signed_in_data

SITE = REPO / "deploy" / "nginx" / "grassroots.conf"
UPSTREAM_HEADER = "X-Grassroots-Upstream"
COOKIE = "grassroots_route"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)
    if not found:
        raise CheckFailed("nginx not found: `make deploy-check` installs Debian's nginx (apt-get install nginx)")
    return found


def render_site(text: str, app_ports: list[int], listen_port: int, logs: Path) -> str:
    """The shipped site with the test's ports and log paths, plus the upstream header."""
    upstream = re.search(r"^upstream grassroots_app \{\n(.*?)^\}", text, re.M | re.S)
    if not upstream:
        raise CheckFailed(f"{SITE}: no `upstream grassroots_app {{ ... }}` block")
    body = upstream.group(1)
    servers = re.findall(r"^\s*server 127\.0\.0\.1:\d+( [^;]*)?;\n", body, re.M)
    if not servers:
        raise CheckFailed(f"{SITE}: the upstream lists no `server 127.0.0.1:<port>` line")
    options = servers[0] or ""
    ours = "".join(f"    server 127.0.0.1:{p}{options};\n" for p in app_ports)
    lines = list(re.finditer(r"^\s*server 127\.0\.0\.1:\d+[^;]*;\n", body, re.M))
    for m in reversed(lines):  # the test's two servers where the shipped list was
        body = body[: m.start()] + (ours if m is lines[0] else "") + body[m.end():]
    text = text[: upstream.start(1)] + body + text[upstream.end(1):]

    listens = list(re.finditer(r"^(\s*)listen [^;]*;\n", text, re.M))  # commented-out TLS lines start with '#'
    if not listens:
        raise CheckFailed(f"{SITE}: no `listen` line")
    indent = listens[0].group(1)
    first = (f"{indent}listen 127.0.0.1:{listen_port};\n"
             f"{indent}add_header {UPSTREAM_HEADER} $upstream_addr always;  # deploy-check only\n")
    for m in reversed(listens):
        text = text[: m.start()] + (first if m is listens[0] else "") + text[m.end():]
    return text.replace("/var/log/nginx/", f"{logs}/")


def main_conf(tmp: Path, site: Path) -> str:
    return f"""# deploy-check: a throwaway nginx around deploy/nginx/grassroots.conf
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/logs/error.log notice;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {tmp}/logs/access.log;
    client_body_temp_path {tmp}/temp/client_body;
    proxy_temp_path {tmp}/temp/proxy;
    fastcgi_temp_path {tmp}/temp/fastcgi;
    uwsgi_temp_path {tmp}/temp/uwsgi;
    scgi_temp_path {tmp}/temp/scgi;
    include {site};
}}
"""


class Processes:
    """What this check started, each in its own process group, stopped by its own id."""

    def __init__(self) -> None:
        self.started: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, argv: list[str], log: Path, **kw) -> subprocess.Popen:
        with log.open("wb") as out:
            proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    start_new_session=True, **kw)
        self.started.append((name, proc))
        return proc

    def stop(self, proc: subprocess.Popen, sig: int = signal.SIGTERM, wait: float = 10) -> None:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, sig)  # the group we created: nginx's worker goes with its master
            try:
                proc.wait(wait)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)

    def stop_all(self) -> list[str]:
        names = []
        for name, proc in reversed(self.started):
            # nginx: SIGQUIT is its graceful shutdown; Streamlit stops on SIGTERM.
            self.stop(proc, signal.SIGQUIT if name.startswith("nginx") else signal.SIGTERM)
            names.append(f"{name} (pid {proc.pid})")
        return names


def request(port: int, path: str = "/", cookie: str | None = None, host: str | None = None,
            timeout: float = 10) -> tuple[int, http.client.HTTPMessage, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Host": host or f"127.0.0.1:{port}"}
        if cookie is not None:
            headers["Cookie"] = f"{COOKIE}={cookie}"
        conn.request("GET", path, headers=headers)
        resp = conn.getresponse()
        return resp.status, resp.headers, resp.read()
    finally:
        conn.close()


def wait_healthy(port: int, deadline: Deadline, proc: subprocess.Popen | None = None, log: Path | None = None) -> float:
    start = time.monotonic()
    while True:
        if proc is not None and proc.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:] if log else ""
            raise CheckFailed(f"process on port {port} exited with {proc.returncode}:\n{tail}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            status, _, body = request(port, "/_stcore/health", timeout=2)
            if status == 200 and body.strip() == b"ok":
                return time.monotonic() - start
        deadline.left()
        time.sleep(0.2)


def upstream_of(headers: http.client.HTTPMessage) -> str:
    value = headers.get(UPSTREAM_HEADER)
    if not value:
        raise CheckFailed(f"no {UPSTREAM_HEADER} header in nginx's response")
    return value


def websocket_page(nginx_port: int, cookie: str, timeout: float) -> tuple[int, str, int]:
    """Open /_stcore/stream through nginx as the browser does, ask for the overview page.

    Returns the handshake status, the backend nginx chose, and the number of page elements
    (deltas) the app sent before "script finished".
    """
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    sock = socket.create_connection(("127.0.0.1", nginx_port), timeout=timeout)
    with connect(f"ws://{HOST}:{nginx_port}/_stcore/stream", sock=sock, origin=f"http://{HOST}:{nginx_port}",
                 additional_headers={"Cookie": f"{COOKIE}={cookie}"}, subprotocols=["streamlit"],
                 open_timeout=timeout, close_timeout=2, max_size=None) as ws:
        status = ws.response.status_code
        backend = ws.response.headers.get(UPSTREAM_HEADER, "")
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_script_hash = ""
        ws.send(msg.SerializeToString())
        deltas, end = 0, time.monotonic() + timeout
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(ws.recv(timeout=max(0.1, end - time.monotonic())))
            kind = fwd.WhichOneof("type")
            deltas += kind == "delta"
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element" \
                    and fwd.delta.new_element.WhichOneof("type") == "exception":
                raise CheckFailed(f"the page shows an exception: {fwd.delta.new_element.exception.message}")
            if kind == "script_finished":
                if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # the page asked for a rerun (st.rerun): the app starts it itself
                if fwd.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                    raise CheckFailed(f"the page run over the websocket ended with {fwd.script_finished}")
                return status, backend, deltas


def run_checks(tmp: Path, procs: Processes, deadline: Deadline) -> None:
    nginx = nginx_binary()
    for sub in ("logs", "temp"):
        (tmp / sub).mkdir()
    tmp.chmod(0o755)  # nginx's worker runs as an unprivileged user when started by root

    app_ports = [free_port(), free_port()]
    while app_ports[1] == app_ports[0]:
        app_ports[1] = free_port()
    data, secrets, password, as_of = signed_in_data(tmp)
    env = dict(os.environ, STREAMLIT_SERVER_FILE_WATCHER_TYPE="none", PYTHONUNBUFFERED="1",
               GRASSROOTS_DATA_DIR=str(data), STREAMLIT_SECRETS_FILES=str(secrets))
    apps = {}
    for port in app_ports:
        argv = [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.address", "127.0.0.1",
                "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false"]
        apps[port] = procs.start(f"app :{port}", argv, tmp / "logs" / f"app-{port}.log", cwd=REPO, env=env)

    nginx_port = free_port()
    front = f"{HOST}:{nginx_port}"  # the Host header a browser would send
    site = tmp / "grassroots.conf"
    site.write_text(render_site(SITE.read_text("utf-8"), app_ports, nginx_port, tmp / "logs"), "utf-8")
    conf = tmp / "nginx.conf"
    conf.write_text(main_conf(tmp, site), "utf-8")
    base = [nginx, "-p", f"{tmp}/", "-c", str(conf), "-e", str(tmp / "logs" / "error.log")]
    test = subprocess.run(base + ["-t", "-q"], capture_output=True, text=True, timeout=deadline.left())
    if test.returncode != 0:
        raise CheckFailed(f"nginx -t refuses the rendered site:\n{test.stderr}")
    say(True, f"nginx -t accepts deploy/nginx/grassroots.conf (rendered: upstream :{app_ports[0]} :{app_ports[1]}, listen :{nginx_port})")
    nginx_log = tmp / "logs" / "nginx.out"
    nginx_proc = procs.start(f"nginx :{nginx_port}", base, nginx_log)

    for port in app_ports:
        wait_healthy(port, deadline, apps[port], tmp / "logs" / f"app-{port}.log")
        say(True, f"app on 127.0.0.1:{port} healthy (pid {apps[port].pid})")
    wait_healthy(nginx_port, deadline, nginx_proc, nginx_log)
    say(True, f"nginx on 127.0.0.1:{nginx_port} proxies /_stcore/health (pid {nginx_proc.pid})")

    # 2. the cookie nginx sets itself
    status, headers, body = request(nginx_port, "/", host=front)
    set_cookie = headers.get("Set-Cookie", "")
    m = re.match(rf"{COOKIE}=([0-9a-f]{{32}}); Path=/; HttpOnly; SameSite=Lax$", set_cookie)
    if status != 200 or not m:
        raise CheckFailed(f"GET / without a cookie: status {status}, Set-Cookie {set_cookie!r}")
    first_backend = upstream_of(headers)
    status, headers, _ = request(nginx_port, "/", cookie=m.group(1), host=front)
    if status != 200 or headers.get("Set-Cookie") or upstream_of(headers) != first_backend:
        raise CheckFailed(f"GET / with its cookie: status {status}, Set-Cookie {headers.get('Set-Cookie')!r}, "
                          f"backend {upstream_of(headers)} (first {first_backend})")
    missing = [h for h in ("X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy") if not headers.get(h)]
    if missing:
        raise CheckFailed(f"security headers missing: {missing}")
    say(True, f"no cookie → Set-Cookie {COOKIE}=<random> ({first_backend}); with it → no new cookie, same backend; "
              f"security headers present")

    # 3. stickiness and spread
    cookies = [f"leader-{i:02d}" for i in range(40)]
    backend_of: dict[str, str] = {}
    for rnd in range(3):
        for c in cookies:
            path = ("/", "/_stcore/health", "/_stcore/host-config")[rnd]
            deadline.left()
            status, headers, _ = request(nginx_port, path, cookie=c, host=front)
            if status != 200:
                raise CheckFailed(f"GET {path} with cookie {c}: status {status}")
            got = upstream_of(headers)
            if backend_of.setdefault(c, got) != got:
                raise CheckFailed(f"cookie {c} went to {backend_of[c]}, then to {got}")
    spread = Counter(backend_of.values())
    expected = {f"127.0.0.1:{p}" for p in app_ports}
    if set(spread) != expected:
        raise CheckFailed(f"40 route cookies reached only {dict(spread)}; expected both of {sorted(expected)}")
    say(True, "40 route cookies × 3 requests (/, /_stcore/health, /_stcore/host-config): "
              + ", ".join(f"{n} → {b}" for b, n in sorted(spread.items()))
              + "; every cookie always on the same backend")

    # 4. the websocket, on each backend
    by_backend = {b: next(c for c in cookies if backend_of[c] == b) for b in sorted(expected)}
    from websockets.exceptions import InvalidStatus
    for backend, cookie in by_backend.items():
        try:
            status, ws_backend, deltas = websocket_page(nginx_port, cookie, timeout=min(25, deadline.left()))
        except InvalidStatus as e:
            code = e.response.status_code
            hint = ("Streamlit refuses a websocket whose Origin is not its Host: does nginx pass "
                    "`Host $http_host`, port included?" if code == 403 else
                    "does nginx pass the Upgrade and Connection headers, with proxy_http_version 1.1?")
            raise CheckFailed(f"websocket /_stcore/stream through nginx: HTTP {code}, not 101 ({hint})") from None
        if status != 101 or ws_backend != backend:
            raise CheckFailed(f"websocket with cookie {cookie}: status {status} on {ws_backend!r}, expected 101 on {backend}")
        say(True, f"websocket /_stcore/stream, cookie {cookie}: 101 Switching Protocols on {ws_backend}; "
                  f"overview page ran over it ({deltas} elements, script finished)")

    # 5. a clerk's week, end to end through the proxy
    desk_through_nginx(nginx_port, data, password, as_of, tmp / "logs" / "grassroots.access.log", deadline)

    # 6. failover: stop the first process; its cookies go to the other
    stopped, kept = app_ports
    procs.stop(apps[stopped])
    moved = [c for c in cookies if backend_of[c] == f"127.0.0.1:{stopped}"]
    for c in moved:
        deadline.left()
        status, headers, _ = request(nginx_port, "/_stcore/health", cookie=c, host=front)
        if status != 200 or upstream_of(headers).split(", ")[-1] != f"127.0.0.1:{kept}":
            raise CheckFailed(f"with :{stopped} stopped, cookie {c}: status {status} via {upstream_of(headers)}")
    say(True, f"app :{stopped} stopped → its {len(moved)} cookies served by :{kept}")


def ports_closed(ports: list[int]) -> bool:
    for port in ports:
        with socket.socket() as s:
            s.settimeout(0.5)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return False
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--timeout", type=float, default=240, help="give up after this many seconds (default 240)")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder (configs, logs) for a look")
    args = parser.parse_args()
    # `kill` or Ctrl-C during the check still runs the cleanup below (SIGINT explicitly: a shell
    # starts background jobs with it ignored).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, signal.default_int_handler)

    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="grassroots-deploy-check-"))
    procs = Processes()
    ok = False
    try:
        run_checks(tmp, procs, Deadline(args.timeout))
        ok = True
    except CheckFailed as e:
        say(False, str(e))
    except (KeyboardInterrupt, SystemExit):
        say(False, "interrupted")
    except Exception as e:  # a connection refused, a timeout: still a failed check, still cleaned up
        say(False, f"{type(e).__name__}: {e}")
    finally:
        if not ok and (tmp / "logs").is_dir():
            for log in sorted((tmp / "logs").glob("[ae][pr][pr]*.log")):  # app-<port>.log, error.log
                tail = log.read_text(errors="replace").strip().splitlines()[-15:]
                if tail:
                    print(f"--- {log.name} (last lines)\n" + "\n".join(tail))
        ports = [int(m) for n, _ in procs.started for m in re.findall(r":(\d+)", n)]
        stopped = procs.stop_all()
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
        closed = ports_closed(ports)
        say(closed, f"stopped {', '.join(stopped) or 'nothing'}; their ports closed: {closed}; "
                    f"temp folder {'kept' if args.keep else 'removed'}")
        ok = ok and closed
    print(f"deploy-check {'passed' if ok else 'FAILED'} in {time.monotonic() - started:.1f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
