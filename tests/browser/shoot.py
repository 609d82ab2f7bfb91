"""Take screenshots of pages by hand: python -m tests.browser.shoot overview restructuring …

Serves the app on $GRASSROOTS_DATA_DIR (or data/) and writes test-output/screenshots/<page>.png.
"""

from __future__ import annotations

import sys

from grassroots.store.snapshots import data_dir
from tests.browser.harness import CHROMIUM, CHROMIUM_ARGS, screenshot, serve, wait_ready


def main(pages: list[str], width: int = 1366, height: int = 768) -> None:
    from playwright.sync_api import sync_playwright

    with serve(data_dir()) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height}, locale="zh-CN")
        for name in pages:
            path, _, query = name.partition("?")
            page.goto(f"{url}/{path}{'?' + query if query else ''}")
            wait_ready(page)
            print(screenshot(page, f"{path}-{width}" + ("-q" if query else "")))
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:] or ["overview"])
