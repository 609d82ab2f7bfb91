"""Time to ready in Chromium, and the served app's memory.

The app (and, beside it, the empty page) is served with `streamlit run` on a free port, as in
tests/browser/harness.py, and driven by Debian's Chromium through Playwright. "Ready" is
bench/common.READY_JS: the script run has finished, the running widget is gone, and the page's
h1 and the URL parameters its run writes are there. A time is measured from `goto` (or the click)
to ready, on the Python clock.

- first visit: the empty page and then each page once, in list order, right after the servers
  started, each in a new browser context (a new Streamlit session, nothing in the browser's HTTP
  cache): the first leader of the morning.
- first time: each page `samples` times on the warm server, each in a new context (nothing
  cached): a leader's first visit on a server others already use. The empty page in the same loop.
- ready (returning): each page `samples` times on the warm server, each in a new tab (a new
  Streamlit session) of one browser context whose HTTP cache already holds Streamlit's scripts, as
  a leader's browser does from the second visit on; the empty page in the same loop.
- what each page costs the browser, per condition (its last sample): the JavaScript it loaded
  (bytes, from the cache or not), the elements drawn, the charts (drawn on the server, or Plotly)
  and the websocket messages received.
- district change: on the overview, the sidebar's district set to a district not chosen before on
  this server, from the click on the option to ready; warm: back to one chosen before.
- memory: the app process's RSS after start, after visiting every page, and its peak over the
  whole run (with and without its children: the SQL box's workers).
"""

from __future__ import annotations

import time
from pathlib import Path

from bench import reference
from tests.browser.harness import open_choices
from bench.common import (SERVED_APP, CHROMIUM, CHROMIUM_ARGS, EMPTY_APP, READY_JS, RssWatch, District, districts, median,
                          page_title, ready_args, ready_outcome, serve)

VIEWPORT = {"width": 1366, "height": 768}
# Counts the websocket messages a tab receives (an init script of every context).
COUNT_MESSAGES = """(() => { const W = window.WebSocket; window.__benchMessages = 0;
  window.WebSocket = function (...a) { const s = new W(...a); s.addEventListener('message', () => window.__benchMessages++); return s; };
  window.WebSocket.prototype = W.prototype; Object.assign(window.WebSocket, W); })()"""
STATS_JS = """() => ({
  js_bytes: performance.getEntriesByType('resource').filter(e => e.name.split('?')[0].endsWith('.js'))
    .reduce((n, e) => n + (e.decodedBodySize || 0), 0),
  elements: document.querySelectorAll('[data-testid="stMain"] [data-testid="stElementContainer"]').length,
  charts: document.querySelectorAll('[data-chart], .js-plotly-plot').length,
  ws_messages: window.__benchMessages || 0})"""


def new_context(browser):
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    context.add_init_script(COUNT_MESSAGES)
    return context


def open_and_time(browser, url: str, title: str, path: str, params: dict, timeout_ms: int = 120_000,
                  context=None, sidebar: int = 2, metrics: int = 0, stats: dict | None = None) -> tuple[float | None, str | None]:
    """(seconds from goto to ready, error or None) in a new tab: of `context` (its HTTP cache
    already holds Streamlit's scripts) or of a new context (nothing cached). What the page cost the
    browser (STATS_JS) goes into `stats`."""
    own = context is None
    context = context or new_context(browser)
    page = context.new_page()
    try:
        started = time.time()
        page.goto(url, wait_until="commit", timeout=timeout_ms)
        state, elapsed = ready_outcome(page.wait_for_function(READY_JS, arg=ready_args(title, path, params, sidebar, metrics),
                                                              polling="raf", timeout=timeout_ms).json_value(), started)
        if state is True:
            if stats is not None:
                stats.update(page.evaluate(STATS_JS))
            return elapsed, None
        shown = page.locator('[data-testid="stException"]').all_inner_texts()
        return None, f"{url}: {state} {shown[0][:300] if shown else ''}"
    except Exception as err:  # a timeout is an error of the run, reported, not a crash of the bench
        return None, f"{url}: {type(err).__name__}: {str(err)[:200]}"
    finally:
        page.close()
        if own:
            context.close()


def choose_district(page, district: District, lang: str, timeout_ms: int = 120_000, metrics: int = 0) -> float:
    """Pick a district in the sidebar; seconds from the click on the option to ready."""
    open_choices(page).nth(1).click()
    option = page.get_by_role("option", name=district.name(lang), exact=True)
    page.evaluate("window.__benchReadySince = null")
    started = time.time()
    option.click()
    state, elapsed = ready_outcome(page.wait_for_function(READY_JS, arg=ready_args(None, None, {"district": district.code}, 2, metrics),
                                                          polling="raf", timeout=timeout_ms).json_value(), started)
    if state is not True:
        raise RuntimeError(f"district change to {district.code}: {state}")
    return elapsed


def measure(data_dir: Path, samples: int, pages: list[str], log=print, tag: str = "") -> dict:
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    city = districts(data_dir)
    zh_params = {"district": "all", "lang": "zh"}
    # How many figure cards each view has: ready means they are all drawn.
    views = [(name, "all", "zh") for name in pages] + [("overview", d.code, "zh") for d in city[1:1 + samples]]
    cards = {view: len(values) for view, values in reference.compute(data_dir, views).items()}
    stats: dict[str, dict] = {"first_visit": {}, "first_time": {}, "ready": {}}

    def visit(browser, name: str, context=None, condition: str = "ready") -> tuple[float | None, str | None]:
        seen: dict = {}
        if name == "empty":
            seconds, error = open_and_time(browser, empty.url, "empty", "", {}, context=context, sidebar=0, stats=seen)
        else:
            seconds, error = open_and_time(browser, f"{app.url}/{name}", page_title(name, "zh"), name, zh_params,
                                           context=context, metrics=cards[(name, "all", "zh")], stats=seen)
        errors.extend([error] if error else [])
        stats[condition][name] = seen or stats[condition].get(name, {})
        return seconds, error

    with serve(SERVED_APP, data_dir, f"browser-app{tag}") as app, serve(EMPTY_APP, None, f"browser-empty{tag}") as empty, \
            RssWatch(app.proc.pid) as rss, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        out: dict = {"rss_after_start_bytes": rss.sample()[0]}
        first = {name: visit(browser, name, condition="first_visit")[0] for name in ["empty", *pages]}
        out["first_visit_s"] = first
        app_rss, children = rss.sample()
        out["rss_after_every_page_bytes"] = app_rss
        out["rss_children_after_every_page_bytes"] = children
        log(f"  browser first visits: {', '.join(f'{k} {v:.2f} s' for k, v in first.items() if v)}; "
            f"app RSS {app_rss / (1 << 20):.0f} MiB (+{children / (1 << 20):.0f} MiB children)")
        fresh: dict[str, list] = {"empty": [], **{name: [] for name in pages}}
        ready: dict[str, list] = {"empty": [], **{name: [] for name in pages}}
        warm_cache = new_context(browser)
        open_and_time(browser, empty.url, "empty", "", {}, context=warm_cache, sidebar=0)  # fills the HTTP cache
        for i in range(samples):
            for name in fresh:  # a new context each: nothing cached
                fresh[name].append(visit(browser, name, condition="first_time")[0])
            for name in ready:  # tabs of one context: the scripts cached
                ready[name].append(visit(browser, name, warm_cache)[0])
            log(f"  browser sample {i + 1}/{samples}: " + ", ".join(
                f"{k} {v[-1]:.2f}/{fresh[k][-1]:.2f}" if v[-1] is not None and fresh[k][-1] is not None else f"{k} —"
                for k, v in ready.items()) + " (returning/first time)")
        warm_cache.close()
        out["first_time_samples_s"] = fresh
        out["first_time_s"] = {k: median(v) for k, v in fresh.items()}
        out["ready_samples_s"] = ready
        out["ready_s"] = {k: median(v) for k, v in ready.items()}
        out["stats"] = stats
        out.update(_district_changes(browser, app.url, city, samples, cards, zh_params, errors, log))
        for error in errors:
            log(f"  browser ERROR {error}")
        browser.close()
    out.update(rss.as_dict())
    out["errors"] = errors
    return out


def _district_changes(browser, url: str, city: list[District], samples: int, cards: dict, zh_params: dict,
                      errors: list[str], log) -> dict:
    """On one overview tab: districts never chosen before on this server, then back to ones that were."""
    changes, warm = [], []
    context = new_context(browser)
    page = context.new_page()
    try:
        page.goto(f"{url}/overview", wait_until="commit")
        page.wait_for_function(READY_JS, arg=ready_args(page_title("overview", "zh"), "overview", zh_params, 2,
                                                        cards[("overview", "all", "zh")]),
                               polling="raf", timeout=300_000)
        chosen = city[1:1 + samples]
        for district in chosen:  # each one new to this server
            changes.append(choose_district(page, district, "zh", metrics=cards[("overview", district.code, "zh")]))
        for district in [*chosen[:-1][::-1], city[0]]:  # each shown before on this tab (the city: at its opening)
            warm.append(choose_district(page, district, "zh", metrics=cards[("overview", district.code, "zh")]))
    except Exception as err:
        errors.append(f"district change: {type(err).__name__}: {str(err)[:200]}")
    finally:
        context.close()
    log(f"  browser district change: {', '.join(f'{c:.2f}' for c in changes)} s; "
        f"back to one chosen before: {', '.join(f'{c:.2f}' for c in warm)} s")
    return {"district_change_samples_s": changes, "district_change_s": median(changes),
            "district_change_warm_samples_s": warm, "district_change_warm_s": median(warm)}
