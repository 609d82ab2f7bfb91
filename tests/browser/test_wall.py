"""The wall screen in Chromium (`?wall=1`, app/wall.py): no sidebar, no downloads, the pages of the
playlist in turn, and a publish shown without anyone touching the screen.

The app is served on a copy of the demo snapshots without the last week; the test then publishes
that week into the folder (a finished snapshot moved into place, as the refresh does) and waits
for the wall to show it."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect

from grassroots import demo
from grassroots.catalogue.pages import WALL_PAGES
from tests.browser.harness import screenshot, serve, wait_ready

pytestmark = pytest.mark.browser
LAST, BEFORE = demo.AS_OF_DATES[-1].isoformat(), demo.AS_OF_DATES[-2].isoformat()


@pytest.fixture(scope="module")
def wall_base(demo_base, tmp_path_factory):
    base = tmp_path_factory.mktemp("wall") / "data"
    shutil.copytree(demo_base / "snapshots", base / "snapshots", ignore=lambda d, names: [n for n in names if n == LAST])
    return base


def test_the_wall_turns_its_pages_and_shows_a_publish_by_itself(wall_base, demo_base, browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page = context.new_page()
    with serve(wall_base) as url:
        page.goto(f"{url}/overview?wall=1&every=10")
        wait_ready(page, timeout_ms=180_000)
        main = page.locator('[data-testid="stMain"]')
        expect(main).to_contain_text(f"数据截至 {BEFORE}", timeout=30_000)
        assert page.locator('[data-testid="stSidebar"]').is_hidden()
        assert page.locator('[data-testid="stDownloadButton"]').count() == 0 or \
            page.locator('[data-testid="stDownloadButton"]').first.is_hidden()
        screenshot(page, "wall-overview-1920", full=False)
        page.wait_for_url(f"**/{WALL_PAGES[1]}?*", timeout=60_000)  # the next page of the playlist, by itself
        assert "wall=1" in page.url
        wait_ready(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        staging = wall_base / "snapshots" / f".staging-{LAST}"
        shutil.copytree(demo_base / "snapshots" / LAST, staging)
        staging.rename(wall_base / "snapshots" / LAST)  # a publish
        expect(main).to_contain_text(f"数据截至 {LAST}", timeout=90_000)
        assert page.locator('[data-testid="stException"]').count() == 0
        screenshot(page, "wall-after-publish-1920", full=False)
    context.close()
