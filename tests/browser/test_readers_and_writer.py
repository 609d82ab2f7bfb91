"""Many readers, one writer: two app processes over one data folder while a refresh publishes.

A reader never sees a mix of two snapshots (the figures on a page always belong to the date its
freshness line names), and both processes offer the new snapshot on their next rerun.
"""

from __future__ import annotations

import re
import threading
import time

import pytest
import tiny

from grassroots.store.pipeline import run_refresh
from tests.browser.harness import serve, wait_ready

pytestmark = pytest.mark.browser
# What each week shows on the co-governance page: (volunteer sessions, legal-aid services)
EXPECTED = {tiny.AS_OF[1].isoformat(): ("1", "1"), tiny.AS_OF[2].isoformat(): ("2", "2")}


def _shown(page) -> tuple[str, tuple[str, str]]:
    main = page.locator('[data-testid="stMain"]')
    date = re.search(r"数据截至 (\d{4}-\d{2}-\d{2})", main.inner_text())[1]
    values = [m.inner_text() for m in page.locator('.gk-value').all()[:2]]
    return date, tuple(re.sub(r"\D", "", v) for v in values)


def test_two_app_processes_while_a_refresh_publishes(tmp_path, browser):
    base = tmp_path / "data"
    assert run_refresh(tiny.write_inbox(tmp_path / "w1", 1), tiny.AS_OF[1], base=base, today=tiny.AS_OF[2]).ok
    inbox = tiny.write_inbox(tmp_path / "w2", 2)
    published = threading.Event()

    def writer():
        time.sleep(1.0)
        assert run_refresh(inbox, tiny.AS_OF[2], base=base, today=tiny.AS_OF[2]).ok
        published.set()

    with serve(base) as first, serve(base) as second:
        pages = []
        for url in (first, second):
            page = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN").new_page()
            page.goto(f"{url}/cogovernance")
            wait_ready(page)
            pages.append((url, page))
        thread = threading.Thread(target=writer)
        thread.start()
        seen = set()
        deadline = time.monotonic() + 90
        newest = {(url, tiny.AS_OF[2].isoformat()) for url, _ in pages}
        while time.monotonic() < deadline and not (published.is_set() and newest <= seen):
            for url, page in pages:
                page.goto(f"{url}/cogovernance")  # a new session each time: it takes the newest snapshot
                wait_ready(page)
                assert page.locator('[data-testid="stException"]').count() == 0
                date, values = _shown(page)
                assert values == EXPECTED[date], (url, date, values)  # never week 1's date with week 2's numbers
                seen.add((url, date))
        thread.join(timeout=60)
        assert published.is_set()
        for url, page in pages:  # after the publish, both processes serve the new week by default
            page.goto(f"{url}/cogovernance")
            wait_ready(page)
            assert _shown(page) == (tiny.AS_OF[2].isoformat(), EXPECTED[tiny.AS_OF[2].isoformat()])
