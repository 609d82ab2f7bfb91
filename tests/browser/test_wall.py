"""The wall screen in Chromium (`?wall=1`, app/wall.py): no sidebar, no downloads, the date, the
示例数据 mark and the check against the report always in view, the pages of the playlist in turn,
and a publish shown without anyone touching the screen.

The app is served on a copy of the demo snapshots without the last week; the test then publishes
that week's district files with refresh.py, as the weekly timer does, and waits for the wall."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from grassroots import demo
from grassroots.catalogue.pages import WALL_PAGES
from tests.browser.harness import screenshot, serve, wait_ready

pytestmark = pytest.mark.browser
LAST, BEFORE = demo.AS_OF_DATES[-1].isoformat(), demo.AS_OF_DATES[-2].isoformat()
REPO = Path(__file__).resolve().parents[2]


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
        bar = page.locator(".wall-bar")
        expect(bar).to_contain_text(f"数据截至 {BEFORE}", timeout=30_000)
        expect(bar).to_contain_text("示例数据")
        expect(bar).to_contain_text("与公开报道核对：")
        assert page.locator('[data-testid="stSidebar"]').is_hidden()
        assert page.locator('[data-testid="stDownloadButton"]').count() == 0 or \
            page.locator('[data-testid="stDownloadButton"]').first.is_hidden()
        screenshot(page, "wall-overview-1920", full=False)
        # the overview is taller than the screen: it scrolls to the cards and the check by itself
        page.wait_for_function("() => document.querySelector('[data-testid=stMain]').scrollTop > 200", timeout=15_000)
        screenshot(page, "wall-overview-1920-scrolled", full=False)
        page.wait_for_url(f"**/{WALL_PAGES[1]}?*", timeout=60_000)  # the next page of the playlist, by itself
        assert "wall=1" in page.url
        wait_ready(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        published = subprocess.run(
            [sys.executable, "refresh.py", "--inbox", str(demo_base / "demo_inbox" / LAST), "--as-of", LAST,
             "--data-dir", str(wall_base), "--push", "off"], cwd=REPO, capture_output=True, text=True, timeout=600)
        assert published.returncode == 0, published.stdout + published.stderr
        expect(bar).to_contain_text(f"数据截至 {LAST}", timeout=90_000)
        expect(main).to_contain_text(f"数据截至 {LAST}")
        assert page.locator('[data-testid="stException"]').count() == 0
        screenshot(page, "wall-after-publish-1920", full=False)
    context.close()


def test_the_wall_reads_from_across_a_room_at_4k(app_url, browser):
    context = browser.new_context(viewport={"width": 3840, "height": 2160}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{app_url}/overview?wall=1&every=600")
    wait_ready(page)
    expect(page.locator(".wall-bar")).to_contain_text(f"数据截至 {LAST}", timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, "wall-overview-3840", full=False)
    context.close()
