"""Time to ready in Chromium, and the served app's memory.

The app (and, beside it, the empty page) is served with `streamlit run` on a free port, as in
tests/browser/harness.py, and driven by Debian's Chromium through Playwright. "Ready" is
bench/common.READY_JS: the script run has finished, the running widget is gone, and the page's
h1 and the URL parameters its run writes are there. A time is measured from `goto` (or the click)
to ready, on the Python clock.

- first visit: each page once, in list order, right after the server started, each in a new
  browser context (a new Streamlit session, nothing in the browser's HTTP cache): the first
  leader of the morning.
- ready: each page `samples` times on the warm server, each in a new tab (a new Streamlit
  session) of one browser context whose HTTP cache already holds Streamlit's scripts, as a
  leader's browser does from the second visit on; the empty page in the same loop.
- district change: on the overview, the sidebar's district set to a district not chosen before on
  this server, from the click on the option to ready.
- memory: the app process's RSS after start, after visiting every page, and its peak over the
  whole run (with and without its children: the SQL box's workers).
"""

from __future__ import annotations

import time
from pathlib import Path

from bench import reference
from bench.common import (SERVED_APP, CHROMIUM, CHROMIUM_ARGS, EMPTY_APP, READY_JS, RssWatch, District, districts, median,
                          page_title, ready_args, ready_outcome, serve)

VIEWPORT = {"width": 1366, "height": 768}


def open_and_time(browser, url: str, title: str, path: str, params: dict, timeout_ms: int = 120_000,
                  context=None, sidebar: int = 2, metrics: int = 0) -> tuple[float | None, str | None]:
    """(seconds from goto to ready, error or None) in a new tab: of `context` (its HTTP cache
    already holds Streamlit's scripts) or of a new context (nothing cached)."""
    own = context is None
    context = context or browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    page = context.new_page()
    try:
        started = time.time()
        page.goto(url, wait_until="commit", timeout=timeout_ms)
        state, elapsed = ready_outcome(page.wait_for_function(READY_JS, arg=ready_args(title, path, params, sidebar, metrics),
                                                              polling="raf", timeout=timeout_ms).json_value(), started)
        if state is True:
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
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').nth(1).click()
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
    with serve(SERVED_APP, data_dir, f"browser-app{tag}") as app, serve(EMPTY_APP, None, f"browser-empty{tag}") as empty, \
            RssWatch(app.proc.pid) as rss, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        out: dict = {"rss_after_start_bytes": rss.sample()[0]}
        first = {}
        for name in pages:
            first[name], error = open_and_time(browser, f"{app.url}/{name}", page_title(name, "zh"), name, zh_params,
                                               metrics=cards[(name, "all", "zh")])
            errors += [error] if error else []
        out["first_visit_s"] = first
        app_rss, children = rss.sample()
        out["rss_after_every_page_bytes"] = app_rss
        out["rss_children_after_every_page_bytes"] = children
        log(f"  browser first visits: {', '.join(f'{k} {v:.2f} s' for k, v in first.items() if v)}; "
            f"app RSS {app_rss / (1 << 20):.0f} MiB (+{children / (1 << 20):.0f} MiB children)")
        ready: dict[str, list] = {"empty": [], **{name: [] for name in pages}}
        warm_cache = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
        open_and_time(browser, empty.url, "empty", "", {}, context=warm_cache, sidebar=0)  # fills the HTTP cache
        for i in range(samples):
            seconds, error = open_and_time(browser, empty.url, "empty", "", {}, context=warm_cache, sidebar=0)
            ready["empty"].append(seconds)
            errors += [error] if error else []
            for name in pages:
                seconds, error = open_and_time(browser, f"{app.url}/{name}", page_title(name, "zh"), name, zh_params,
                                               context=warm_cache, metrics=cards[(name, "all", "zh")])
                ready[name].append(seconds)
                errors += [error] if error else []
            log(f"  browser sample {i + 1}/{samples}: " + ", ".join(
                f"{k} {v[-1]:.2f}" if v[-1] is not None else f"{k} —" for k, v in ready.items()))
        warm_cache.close()
        out["ready_samples_s"] = ready
        out["ready_s"] = {k: median(v) for k, v in ready.items()}
        changes = []
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
        page = context.new_page()
        try:
            page.goto(f"{app.url}/overview", wait_until="commit")
            page.wait_for_function(READY_JS, arg=ready_args(page_title("overview", "zh"), "overview", zh_params, 2,
                                                            cards[("overview", "all", "zh")]),
                                   polling="raf", timeout=300_000)
            for district in city[1:1 + samples]:  # each one new to this server
                changes.append(choose_district(page, district, "zh", metrics=cards[("overview", district.code, "zh")]))
        except Exception as err:
            errors.append(f"district change: {type(err).__name__}: {str(err)[:200]}")
        finally:
            context.close()
        out["district_change_samples_s"] = changes
        out["district_change_s"] = median(changes)
        log(f"  browser district change: {', '.join(f'{c:.2f}' for c in changes)} s")
        for error in errors:
            log(f"  browser ERROR {error}")
        browser.close()
    out.update(rss.as_dict())
    out["errors"] = errors
    return out
