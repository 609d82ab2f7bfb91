"""Serve the real app on a free local port and drive it in Debian's Chromium via Playwright."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from app.drawn import later

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = REPO / "test-output" / "screenshots"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def launch(script: Path | str, data_dir: Path | None, stdout, *args: str) -> tuple[subprocess.Popen, str]:
    """`streamlit run <script>` headless on a free loopback port (data from `data_dir`); returns
    the process and its base URL. The bench serves its apps the same way (bench/common.py). The file
    watcher is off, as in deploy/: a served app never reloads its code, and an edit made while the
    suite runs does not put a "File change" bar over the pages under test."""
    port = free_port()
    env = {**os.environ}
    if data_dir is not None:
        env["GRASSROOTS_DATA_DIR"] = str(data_dir)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none", *args],
        cwd=REPO, env=env, stdout=stdout, stderr=subprocess.STDOUT)
    return proc, f"http://127.0.0.1:{port}"


def healthy(proc: subprocess.Popen, url: str, seconds: float) -> bool:
    """Wait until the server answers its health check; False if it exits or the time runs out."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                return True
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.2)


def stop(proc: subprocess.Popen, seconds: float = 10) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


@contextmanager
def serve(data_dir: Path):
    """The app as deployed (`streamlit run serve.py`: dashboard.py behind app/server.py) on
    127.0.0.1 until the block ends; yields the base URL."""
    proc, url = launch("serve.py", data_dir, subprocess.PIPE)
    try:
        if not healthy(proc, url, 60):
            stop(proc)
            out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
            raise RuntimeError(f"streamlit did not start:\n{out}")
        yield url
    finally:
        stop(proc)


def wait_ready(page, timeout_ms: int = 60_000) -> None:
    """Streamlit has finished the script run and drawn it."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_ms)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=timeout_ms)
    page.wait_for_timeout(600)  # let charts finish their first paint
    # and the parts below the first screen, drawn when the browser is idle (app/drawn/later.py)
    page.wait_for_function(f"!document.querySelector('{later.UNDRAWN}')", timeout=timeout_ms)


# Streamlit keeps a second, zero-sized copy of a popover's button (to measure it): the visible one.
CHOICES = '[data-testid="stSidebar"] [data-testid="stPopoverButton"] >> visible=true'


def choices(page) -> str:
    """The sidebar's choices as its button names them: "Saihan · 2026-05-29" (app/ui.sidebar)."""
    return next((line for line in page.locator(CHOICES).inner_text().splitlines() if " · " in line), "")  # not its icons' names


def unfold(button) -> None:
    """Open a folded part (a popover's button) unless it is open: a choice made leaves it open."""
    if button.get_attribute("aria-expanded") != "true":
        button.click()


def open_choices(page):
    """Open the sidebar's choices; returns their two selectboxes (snapshot, district)."""
    unfold(page.locator(CHOICES))
    boxes = page.locator('[data-testid="stPopoverBody"] [data-testid="stSelectbox"]')
    boxes.first.wait_for()
    return boxes


def table_download(page, kind: str, nth: int = -1):
    """A table's Excel or CSV button (`kind`), folded with the page's others under its one 下载 /
    Download button (app/ui.page_ended); `nth`: which table of the page, the last by default."""
    folds = page.locator('[data-testid="stMain"] [data-testid="stPopoverButton"] >> visible=true')
    unfold(folds.filter(has_text=re.compile("下载|Download")).first)
    return page.locator('[data-testid="stPopoverBody"]').get_by_role("button", name=kind, exact=True).nth(nth)


def screenshot(page, name: str, full: bool = True) -> Path:
    """Save a PNG under test-output/screenshots/; full=True grows the viewport to the whole page."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    if full:
        height = page.evaluate('document.querySelector(\'[data-testid="stMain"]\').scrollHeight')
        size = page.viewport_size
        page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
        page.wait_for_timeout(500)
        page.screenshot(path=str(path), full_page=True)
        page.set_viewport_size(size)
    else:
        page.screenshot(path=str(path))
    return path


@contextmanager
def serve_signed(base: Path, root: Path):
    """The app on the data folder `base` with sign-in on: the test accounts (tests/access.py) and a
    secrets file of its own under `root` (STREAMLIT_SECRETS_FILES: the repository's is never read)."""
    import pytest

    from tests.access import secrets_toml, write_accounts

    write_accounts(base)
    secrets = secrets_toml(base, root / "secrets.toml")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STREAMLIT_SECRETS_FILES", str(secrets))
        with serve(base) as url:
            yield url
