"""Measure what deploy/README.md's sizing section says: memory per app process, page times under load.

    .venv/bin/python deploy/measure.py                       # 20 sessions on 1, 2 and 3 processes
    .venv/bin/python deploy/measure.py --processes 2 --sessions 40
    .venv/bin/python deploy/measure.py --browser             # plus one real Chromium session

For each process count P it starts P app processes (the command of grassroots-app@.service) on
the snapshots of $GRASSROOTS_DATA_DIR or data/, then opens S sessions spread evenly over them,
each a websocket speaking Streamlit's own protocol, as a browser tab does (no browser needed, so
the client costs little CPU). One session opens every page on a fresh process (cold caches),
one session per other process does the same (warm-up, not reported); then every session opens
every page once, all sessions at the same time ("20 leaders open the dashboard at 9:00"), and
finally all of them open the overview page again at the same moment. It reports each process's memory (RSS after startup, after the first session,
at the end, and its peak) and the time from request to "script finished" per page.

With --browser, one headless Chromium (Debian's /usr/bin/chromium through Playwright) also opens
every page on a fresh process first, to compare with a real browser's session.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check import free_port, wait_healthy, Deadline  # noqa: E402  (same folder)

REPO = Path(__file__).resolve().parent.parent
PAGES = ["overview", "restructuring", "burden", "workforce", "cogovernance", "explore", "compare"]


def start_app(port: int) -> subprocess.Popen:
    argv = [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.address", "127.0.0.1",
            "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    env = dict(os.environ, STREAMLIT_SERVER_FILE_WATCHER_TYPE="none")
    return subprocess.Popen(argv, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def stop(apps: list[subprocess.Popen]) -> None:
    for a in apps:
        a.terminate()
    for a in apps:
        try:
            a.wait(20)
        except subprocess.TimeoutExpired:  # a process still busy with queued page runs
            a.kill()
            a.wait(5)


def cpu_seconds(apps: list[subprocess.Popen]) -> float:
    """CPU time used by the app processes so far: unlike wall time, the same on a busy machine."""
    return sum(sum(psutil.Process(a.pid).cpu_times()[:2]) for a in apps)


def mib(pid: int) -> tuple[float, float]:
    """(RSS, peak RSS) in MiB, from /proc."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


class Session:
    """One browser tab, seen from the server: a websocket and rerun requests."""

    def __init__(self, port: int) -> None:
        from websockets.sync.client import connect
        self._conn = connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                             origin=f"http://127.0.0.1:{port}", max_size=None, open_timeout=30,
                             ping_interval=None)  # a browser answers pings but sends none
        self.ws = self._conn.__enter__()

    def open_page(self, page: str, timeout: float = 120) -> float:
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_name = "" if page == "overview" else page  # the default page is served at /
        start = time.monotonic()
        self.ws.send(msg.SerializeToString())
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(self.ws.recv(timeout=timeout))
            if fwd.WhichOneof("type") == "delta" and fwd.delta.WhichOneof("type") == "new_element" \
                    and fwd.delta.new_element.WhichOneof("type") == "exception":
                raise RuntimeError(f"page {page!r} shows an exception: {fwd.delta.new_element.exception.message}")
            if fwd.WhichOneof("type") == "page_not_found":
                raise RuntimeError(f"page {page!r} not found")
            if fwd.WhichOneof("type") == "script_finished":
                if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # the page asked for a rerun (st.rerun): the app starts it itself
                if fwd.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                    raise RuntimeError(f"page {page!r} ended with {fwd.script_finished}")
                return time.monotonic() - start

    def close(self) -> None:
        self._conn.__exit__(None, None, None)


def all_at_once(sessions: list[Session], pages: list[str]) -> tuple[list[float], float]:
    """Every session opens `pages` in order, all sessions at the same time: page times, wall time."""
    times: list[float] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(sessions))

    def tab(s: Session) -> None:
        try:
            barrier.wait()
            for page in pages:
                times.append(s.open_page(page))
        except BaseException as e:  # reported below, not lost in a thread
            errors.append(e)

    threads = [threading.Thread(target=tab, args=(s,)) for s in sessions]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return times, time.monotonic() - start


def summary(run: tuple[list[float], float]) -> str:
    times, wall = run
    q = statistics.quantiles(times, n=20) if len(times) > 1 else times * 19
    return (f"{len(times)} page runs in {wall:.1f} s; a page took median {statistics.median(times):.2f} s, "
            f"p95 {q[18]:.2f} s, max {max(times):.2f} s")


def measure(processes: int, n_sessions: int) -> None:
    ports = [free_port() for _ in range(processes)]
    apps = [start_app(p) for p in ports]
    try:
        deadline = Deadline(60)
        for port, app in zip(ports, apps):
            wait_healthy(port, deadline, app)
        idle = [mib(a.pid)[0] for a in apps]
        first = Session(ports[0])
        cold = [first.open_page(p) for p in PAGES]
        after_first = mib(apps[0].pid)[0]
        sessions = [first] + [Session(ports[i % processes]) for i in range(1, n_sessions)]
        # Every process warms its own caches (as each does after a restart or a new snapshot);
        # warm them all, so that the timings below are those of a normal working day.
        if processes > 1:
            all_at_once(sessions[1:processes], PAGES)
        load = psutil.getloadavg()[0]
        cpu0 = cpu_seconds(apps)
        every_page = all_at_once(sessions, PAGES)
        cpu1 = cpu_seconds(apps)
        overview = all_at_once(sessions, ["overview"])
        cpu2 = cpu_seconds(apps)
        end = [mib(a.pid) for a in apps]
        print(f"\n## {processes} process(es), {n_sessions} sessions (load average before: {load:.1f})")
        print(f"- RSS after startup: {', '.join(f'{m:.0f}' for m in idle)} MiB")
        print(f"- first session, every page once on a fresh process: {sum(cold):.1f} s "
              f"({', '.join(f'{p} {t:.1f}' for p, t in zip(PAGES, cold))}); RSS then {after_first:.0f} MiB")
        print(f"- {n_sessions} sessions open every page at the same time: {summary(every_page)}; "
              f"app CPU {cpu1 - cpu0:.1f} s ({(cpu1 - cpu0) / len(every_page[0]):.2f} s a page, "
              f"{(cpu1 - cpu0) / every_page[1]:.1f} cores busy)")
        print(f"- then all open the overview at the same moment: {summary(overview)}; "
              f"app CPU {cpu2 - cpu1:.1f} s ({(cpu2 - cpu1) / len(overview[0]):.2f} s a page, "
              f"{(cpu2 - cpu1) / overview[1]:.1f} cores busy)")
        print(f"- RSS with {n_sessions} sessions open: {', '.join(f'{r:.0f}' for r, _ in end)} MiB; "
              f"peak {', '.join(f'{h:.0f}' for _, h in end)} MiB")
        for s in sessions:
            s.close()
    finally:
        stop(apps)


def browser_session() -> None:
    from playwright.sync_api import sync_playwright
    port = free_port()
    app = start_app(port)
    try:
        wait_healthy(port, Deadline(60), app)
        before = mib(app.pid)[0]
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"])
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            times = []
            for name in PAGES:
                start = time.monotonic()
                page.goto(f"http://127.0.0.1:{port}/{'' if name == 'overview' else name}")
                page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=120_000)
                page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=120_000)
                if page.query_selector('[data-testid="stException"]'):
                    raise RuntimeError(f"exception on page {name}")
                times.append(time.monotonic() - start)
            browser.close()
        rss, peak = mib(app.pid)
        print(f"\n## one Chromium session, every page (a new page load each)")
        print(f"- RSS after startup {before:.0f} MiB; after the session {rss:.0f} MiB (peak {peak:.0f} MiB)")
        print(f"- page load to 'not running': {', '.join(f'{p} {t:.1f} s' for p, t in zip(PAGES, times))}")
    finally:
        stop([app])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--browser", action="store_true", help="also one headless Chromium session")
    args = parser.parse_args()
    data = os.environ.get("GRASSROOTS_DATA_DIR", str(REPO / "data"))
    n = len(list(Path(data, "snapshots").glob("*/manifest.json")))
    print(f"# {n} snapshots in {data}; {psutil.cpu_count()} CPUs, "
          f"{psutil.virtual_memory().total / 2**30:.1f} GiB; Python {sys.version.split()[0]}")
    if args.browser:
        browser_session()
    for p in args.processes:
        measure(p, args.sessions)


if __name__ == "__main__":
    main()
