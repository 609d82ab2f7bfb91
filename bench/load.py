"""Twenty leaders at once, and an analyst whose SQL never ends.

Sessions are Playwright contexts on one Chromium (the async API: one thread drives them all, the
app sees them at the same time). Leader i has its own district (the whole city and the ten
districts in turn) and language (zh, en alternating), so no two leaders share both. Until the
phase ends, each leader repeats:

1. open /overview?district=D&lang=L (a new page load: a new Streamlit session);
2. go to 减负 /burden, then to 队伍建设 /workforce through the sidebar's navigation;
3. change the sidebar's district to D2 (the district of leader i+2, who has the same language, so
   that view is seen by two sessions);

and after each step, once the page is ready, checks that what it shows is its own:

- errors: an exception box, a "Page not found" dialog, or no ready page within the step timeout;
- cross-talk: the URL's district or lang, the sidebar's district name and snapshot label, or the
  page's h1 in the other language, or figures (every `.gk-value` of the page) that differ
  from the reference for that (page, district, language): AppTest's values computed before the
  load in a separate process (bench/reference.py) and, for every view, all sessions' readings.

The runaway analyst (one more context) opens /explore, turns on the SQL box and submits, in a
loop, queries that cannot finish (`select count(*) from range(100000000000)`) or cannot fit in
memory (`select repeat('x', 2000000000)`); each must be refused with a message, never an
exception, and must not disturb the leaders.

Each leader has one browser (a Playwright context) for the whole run, as a leader keeps
one browser between visits: the warm-up round is every leader's first visit, with an empty cache
(Streamlit's JavaScript alone costs Chromium about 4 CPU-seconds to load and compile then, half
that from the cache); the phases measured are returning visits.

A phase lasts `seconds` (steps already begun finish, each within its timeout). `run_load` runs
an unrecorded warm-up round, then the phase without the analyst, then the phase with him, on one
server: p50 and p95 of the time to ready with and without the analyst, errors and cross-talk.

    python -m bench.load --data-dir bench/data/scale1-weeks26 --sessions 20 --seconds 90
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import psutil

from tests.browser.harness import CHOICES
from bench.common import (SERVED_APP, CHROMIUM, CHROMIUM_ARGS, METRICS_JS, READY_JS, SIDEBAR_JS, STATE, District, RssWatch,
                          districts, page_title, percentile, ready_args, ready_outcome, serve)
from bench import reference

WARMUP_TIMEOUT_FACTOR = 3

STEPS = ("overview", "burden", "workforce")
RUNAWAY_SQL = ["select count(*) from range(100000000000)", "select repeat('x', 2000000000)"]
MAX_MESSAGES = 40


@dataclass(frozen=True)
class Leader:
    index: int
    district: District
    lang: str
    moves_to: District

    def views(self) -> list[tuple[str, str, str]]:
        """(page, district code, language) of every view this leader expects to see."""
        return [*((p, self.district.code, self.lang) for p in STEPS), ("workforce", self.moves_to.code, self.lang)]


def leaders(city: list[District], n: int) -> list[Leader]:
    langs = ["zh", "en"]
    out = []
    for i in range(n):
        # i -> city[i % len]; with 11 choices (odd) and 2 languages, the first 22 are all distinct.
        out.append(Leader(i, city[i % len(city)], langs[i % 2], city[(i + 2) % len(city)]))
    return out


@dataclass
class Tally:
    """What one phase saw."""
    ready_s: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    crosstalk: list[str] = field(default_factory=list)
    readings: dict[tuple, set] = field(default_factory=lambda: defaultdict(set))
    steps: int = 0
    refusals: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    analyst_errors: list[str] = field(default_factory=list)
    analyst_answers: int = 0
    reconnects: int = 0  # websockets a page opened beyond one per page load: a session lost and started anew

    def error(self, text: str) -> None:
        self.errors.append(text)

    def summary(self) -> dict:
        every = [s for v in self.ready_s.values() for s in v]
        return {
            "steps": self.steps,
            "errors": len(self.errors), "error_messages": self.errors[:MAX_MESSAGES],
            "crosstalk": len(self.crosstalk), "crosstalk_messages": self.crosstalk[:MAX_MESSAGES],
            "ready_p50_s": percentile(every, 50), "ready_p95_s": percentile(every, 95), "ready_n": len(every),
            "ready_by_step": {k: {"p50_s": percentile(v, 50), "p95_s": percentile(v, 95), "n": len(v)}
                              for k, v in self.ready_s.items()},
            "analyst_refusals": dict(self.refusals), "analyst_errors": self.analyst_errors[:MAX_MESSAGES],
            "analyst_answers": self.analyst_answers, "reconnects": self.reconnects,
        }


async def _ready(page, titles, path, params, timeout_ms, started: float | None = None, sidebar: int = 2, metrics: int = 0):
    """Wait until the run that the step started has finished and is drawn: (True, 'exception' or
    'not_found'; seconds since `started`, the epoch time the step began)."""
    value = await (await page.wait_for_function(READY_JS, arg=ready_args(titles, path, params, sidebar, metrics),
                                                polling=100, timeout=timeout_ms)).json_value()
    return ready_outcome(value, started if started is not None else time.time())


async def _check(page, leader: Leader, view: tuple[str, str, str], tally: Tally, expected: dict, where: str) -> None:
    name, code, lang = view
    district = leader.district if code == leader.district.code else leader.moves_to
    query = parse_qs(urlparse(page.url).query)
    if query.get("district") != [code] or query.get("lang") != [lang]:
        tally.crosstalk.append(f"{where}: URL {page.url} is not district={code}&lang={lang}")
    sidebar = await page.evaluate(SIDEBAR_JS)
    if not re.fullmatch(re.escape(district.name(lang)) + r" · \d{4}-\d\d-\d\d", next((line for line in sidebar.splitlines() if " · " in line), "")):
        main = await page.evaluate("""() => (document.querySelector('[data-testid="stMain"]')?.innerText || '').slice(0, 120)""")
        tally.crosstalk.append(f"{where}: sidebar shows {sidebar}, expected '{district.name(lang)} · <date>'; "
                               f"the page says {main!r}")
    h1 = await page.evaluate("""() => document.querySelector('[data-testid="stMain"] h1')?.innerText || ''""")
    if page_title(name, lang) not in h1:
        tally.crosstalk.append(f"{where}: h1 {h1!r}, expected {page_title(name, lang)!r}")
    figures = await page.evaluate(METRICS_JS)
    want = expected.get(view)
    if want is not None and figures != want:
        await page.wait_for_timeout(1000)  # a card drawn late, not a wrong one
        figures = await page.evaluate(METRICS_JS)
        if figures != want:
            tally.crosstalk.append(f"{where}: figures {figures[:6]}… differ from the reference {want[:6]}…")
    tally.readings[view].add(tuple(figures))
    if await page.locator('[data-testid="stException"]').count():
        tally.error(f"{where}: exception on the page")


async def _step(page, leader, view, action, tally, expected, timeout_ms, label, wait_titles, path, params):
    where = f"leader {leader.index} ({leader.district.code}, {leader.lang}) {label}"
    try:
        await page.evaluate("window.__benchReadySince = null")
    except Exception:  # no document yet
        pass
    started = time.time()
    try:
        await action()
        state, elapsed = await _ready(page, wait_titles, path, params, timeout_ms, started,
                                      metrics=len(expected.get(view) or []))
    except Exception as err:
        tally.error(f"{where}: {type(err).__name__}: {str(err).splitlines()[0][:160]}")
        return False
    tally.steps += 1
    if state is not True:
        shown = await page.locator('[data-testid="stException"]').all_inner_texts()
        tally.error(f"{where}: {state} {shown[0][:300] if shown else ''}")
        return False
    tally.ready_s[label].append(elapsed)
    await _check(page, leader, view, tally, expected, where)
    return True


async def leader_browser(browser, leader: Leader):
    """A leader's own browser (a Playwright context): it lives for the whole run and keeps its
    HTTP cache, as a leader's browser does between visits."""
    return await browser.new_context(viewport={"width": 1366, "height": 768},
                                     locale="zh-CN" if leader.lang == "zh" else "en-US")


async def leader_session(context, base: str, leader: Leader, deadline: float, tally: Tally, expected: dict,
                         timeout_ms: int, rounds: int | None = None) -> None:
    page = await context.new_page()
    sockets = {"opened": 0, "loads": 0}
    page.on("websocket", lambda ws: sockets.__setitem__("opened", sockets["opened"] + 1))
    d, lang = leader.district, leader.lang
    both = lambda name: [page_title(name, "zh"), page_title(name, "en")]  # noqa: E731  (either: the check says which)
    done = 0
    try:
        while time.monotonic() < deadline and (rounds is None or done < rounds):
            done += 1
            url = f"{base}/overview?district={d.code}&lang={lang}"
            sockets["loads"] += 1
            if not await _step(page, leader, ("overview", d.code, lang), lambda: page.goto(url, wait_until="commit"),
                               tally, expected, timeout_ms, "open overview", both("overview"), "overview", {}):
                continue
            ok = True
            for name in ("burden", "workforce"):
                if time.monotonic() >= deadline and rounds is None:
                    return
                link = page.locator(f'[data-testid="stSidebarNav"] a[href$="/{name}"]')
                ok = await _step(page, leader, (name, d.code, lang), lambda: link.click(timeout=timeout_ms),
                                 tally, expected, timeout_ms, f"to {name}", both(name), name, {})
                if not ok:
                    break
            if not ok or (time.monotonic() >= deadline and rounds is None):
                continue
            target = leader.moves_to

            async def change():
                if await page.locator(CHOICES).get_attribute("aria-expanded", timeout=timeout_ms) != "true":
                    await page.locator(CHOICES).click(timeout=timeout_ms)
                await page.locator('[data-testid="stPopoverBody"] [data-testid="stSelectbox"]').nth(1).click(timeout=timeout_ms)
                await page.get_by_role("option", name=target.name(lang), exact=True).click(timeout=timeout_ms)

            await _step(page, leader, ("workforce", target.code, lang), change, tally, expected, timeout_ms,
                        "change district", both("workforce"), "workforce", {"district": target.code})
    finally:
        tally.reconnects += max(0, sockets["opened"] - sockets["loads"])
        await page.close()


async def analyst_opens(browser, base: str, timeout_ms: int):
    """The analyst's tab on /explore with the SQL box on (before the phase's clock starts)."""
    context = await browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = await context.new_page()
    await page.goto(f"{base}/explore?lang=zh", wait_until="commit")
    await _ready(page, [page_title("explore", "zh")], "explore", {}, timeout_ms)
    await page.locator('[data-testid="stPopoverButton"]', has_text="查询设置").click(timeout=timeout_ms)
    await page.get_by_text("SQL 查询（分析人员）").click(timeout=timeout_ms)
    await page.locator("textarea").wait_for(timeout=timeout_ms)
    await _ready(page, [page_title("explore", "zh")], "explore", {}, timeout_ms)
    return context, page


async def analyst_session(page, deadline: float, tally: Tally, timeout_ms: int) -> None:
    """Submit runaway queries until the deadline; each must come back as a refusal."""
    i = 0
    try:
        while time.monotonic() < deadline:
            sql = RUNAWAY_SQL[i % len(RUNAWAY_SQL)]
            i += 1
            await page.locator("textarea").fill(sql)
            await page.evaluate("window.__benchReadySince = null")
            await page.get_by_role("button", name="运行").click(timeout=timeout_ms)
            try:  # the run the click started; then its end
                await page.wait_for_function(f"({STATE})() !== 'notRunning'", timeout=3000, polling=50)
            except Exception:
                pass
            state, _ = await _ready(page, [page_title("explore", "zh")], "explore", {}, timeout_ms)
            if state is not True:
                tally.analyst_errors.append(f"analyst {sql!r}: {state}")
                continue
            alerts = await page.locator('[data-testid="stMain"] [data-testid="stAlert"]').all_inner_texts()
            refusal = next((a for a in alerts if _refusal_kind(a) != "other"), None)
            if refusal is None:
                tally.analyst_answers += 1
                tally.analyst_errors.append(f"analyst {sql!r}: not refused ({[a[:80] for a in alerts[:2]]})")
            else:
                tally.refusals[_refusal_kind(refusal)] += 1
    except Exception as err:
        tally.analyst_errors.append(f"analyst: {type(err).__name__}: {str(err).splitlines()[0][:160]}")


def _refusal_kind(text: str) -> str:
    for word, kind in (("秒已中止", "timeout"), ("内存", "memory"), ("繁忙", "busy"), ("异常退出", "crashed"),
                       ("太大", "too_large"), ("不允许", "refused"), ("无法执行", "failed")):
        if word in text:
            return kind
    return "other"


async def phase(browser, contexts: list, base: str, people: list[Leader], seconds: float, expected: dict,
                analyst: bool, timeout_ms: int, rounds: int | None = None) -> Tally:
    tally = Tally()
    context = None
    if analyst:
        context, page = await analyst_opens(browser, base, timeout_ms)
    deadline = time.monotonic() + seconds
    jobs = [leader_session(c, base, leader, deadline, tally, expected, timeout_ms, rounds)
            for c, leader in zip(contexts, people)]
    if analyst:
        jobs.append(analyst_session(page, deadline, tally, timeout_ms))
    try:
        await asyncio.gather(*jobs)
    finally:
        if context is not None:
            await context.close()
    return tally


def _consensus(tally: Tally) -> None:
    """Views read differently by different sessions (or rounds): each disagreement is cross-talk."""
    for view, seen in tally.readings.items():
        if len(seen) > 1:
            tally.crosstalk.append(f"{view}: {len(seen)} different sets of figures were read")


def _cpu(pid: int | None) -> tuple[float, float, float]:
    """(the app process's CPU seconds, the whole machine's busy CPU seconds, wall clock)."""
    app = 0.0
    if pid:
        try:
            t = psutil.Process(pid).cpu_times()
            app = t.user + t.system
        except psutil.Error:
            pass
    m = psutil.cpu_times()
    return app, m.user + m.system + m.nice + getattr(m, "irq", 0) + getattr(m, "softirq", 0), time.monotonic()


def _cpu_share(before, after) -> dict:
    """Where the CPU went in a phase: one Streamlit process runs Python under one GIL, so an app
    near 1.0 core is saturated whatever the machine has; the rest of the machine is mostly
    Chromium's tabs (and anything else running)."""
    wall = after[2] - before[2]
    return {"wall_s": wall, "app_cores": (after[0] - before[0]) / wall if wall else None,
            "machine_cores": (after[1] - before[1]) / wall if wall else None, "cpus": psutil.cpu_count()}


async def _run(base: str, data_dir: Path, sessions: int, seconds: float, baseline: bool, warmup: bool,
               timeout_ms: int, expected: dict, log, app_pid: int | None = None) -> dict:
    from playwright.async_api import async_playwright

    people = leaders(districts(data_dir), sessions)
    out = {}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            contexts = [await leader_browser(browser, leader) for leader in people]
            if warmup:
                started = time.monotonic()
                # every leader's first visit (an empty browser cache): not recorded, and given
                # WARMUP_TIMEOUT_FACTOR times the step timeout, as 20 empty caches load at once
                t = await phase(browser, contexts, base, people, 10_000, expected, False,
                                timeout_ms * WARMUP_TIMEOUT_FACTOR, rounds=1)
                log(f"  load warm-up: one round of {sessions} sessions in {time.monotonic() - started:.0f} s, "
                    f"{len(t.errors)} errors, {len(t.crosstalk)} cross-talk")
                out["warmup"] = t.summary()
            names = (["without_analyst"] if baseline else []) + ["with_analyst"]
            for name in names:
                before = _cpu(app_pid)
                t = await phase(browser, contexts, base, people, seconds, expected, name == "with_analyst", timeout_ms)
                _consensus(t)
                out[name] = t.summary()
                s = out[name]
                s["cpu"] = _cpu_share(before, _cpu(app_pid))
                log(f"  load {name}: {s['steps']} steps, p50 {s['ready_p50_s'] or 0:.2f} s, p95 {s['ready_p95_s'] or 0:.2f} s, "
                    f"errors {s['errors']}, cross-talk {s['crosstalk']}, app {s['cpu']['app_cores'] or 0:.2f} cores, "
                    f"machine {s['cpu']['machine_cores'] or 0:.2f} of {s['cpu']['cpus']} cores"
                    + (f", analyst refusals {s['analyst_refusals']}, analyst errors {len(s['analyst_errors'])}"
                       if name == "with_analyst" else ""))
        finally:
            await browser.close()
    return out


def run_load(base_url: str, data_dir: Path, sessions: int = 20, seconds: float = 90, baseline: bool = True,
             warmup: bool = True, timeout_ms: int = 120_000, use_reference: bool = True, log=print,
             app_pid: int | None = None) -> dict:
    """Drive the app at `base_url` (serving `data_dir`); returns the phases' summaries.
    Runs its own event loop in this thread: call it where no asyncio loop is running."""
    people = leaders(districts(data_dir), sessions)
    expected = {}
    if use_reference:
        started = time.monotonic()
        views = sorted({v for leader in people for v in leader.views()})
        expected = reference.compute(data_dir, views)
        log(f"  load reference: {len(views)} views under AppTest in {time.monotonic() - started:.0f} s")
    return asyncio.run(_run(base_url, data_dir, sessions, seconds, baseline, warmup, timeout_ms, expected, log, app_pid))


def measure(data_dir: Path, sessions: int, seconds: float, log=print) -> dict:
    """Serve the app on `data_dir` and run the load on it, with the server's memory."""
    with serve(SERVED_APP, data_dir, "load-app") as app, RssWatch(app.proc.pid) as rss:
        out = run_load(app.url, data_dir, sessions, seconds, log=log, app_pid=app.proc.pid)
    out["memory"] = rss.as_dict()
    out["sessions"] = sessions
    out["seconds_per_phase"] = seconds
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=90)
    args = parser.parse_args()
    print(json.dumps(measure(args.data_dir.resolve(), args.sessions, args.seconds), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
