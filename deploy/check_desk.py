"""Step 5 of `make deploy-check` (deploy/check.py): in Chromium, through nginx and its host name,
a city clerk signs in, uploads a report on the data desk and republishes the week; nginx's access
log must hold the upload URL with its session id masked."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

from checklib import HOST, REPO, CheckFailed, Deadline, say

CLERK = "deploy-check"


def signed_in_data(tmp: Path) -> tuple[Path, Path, str, str]:
    """A data folder for the check: the demo's snapshots, the inbox of its last week, one city clerk;
    and the secrets that turn sign-in on behind this proxy. Returns (data, secrets, password, as-of)."""
    import secrets as random

    sys.path.insert(0, str(REPO))
    from grassroots.access import accounts

    demo = REPO / "data"
    weeks = sorted(p.name for p in (demo / "snapshots").iterdir() if (p / "manifest.json").is_file()) \
        if (demo / "snapshots").is_dir() else []
    if not weeks or not (demo / "demo_inbox" / weeks[-1]).is_dir():
        raise CheckFailed("no demo snapshots with their inboxes in data/: `make demo` builds them")
    data = tmp / "data"
    shutil.copytree(demo / "snapshots", data / "snapshots")
    shutil.copytree(demo / "demo_inbox" / weeks[-1], data / "inbox" / weeks[-1])
    password = random.token_urlsafe(16)
    with accounts.editing(data / accounts.FILE) as users:
        users[CLERK] = accounts.Account(CLERK, "部署检查", ("clerk",), None, accounts.hash_password(password))
    path = tmp / "secrets.toml"
    path.write_text('[grassroots_auth]\nmethods = ["local"]\ntrusted_proxies = ["127.0.0.1", "::1"]\n\n'
                    '[grassroots_desk]\nmax_upload_mb = 20\n', "utf-8")
    return data, path, password, weeks[-1]


def desk_through_nginx(nginx_port: int, data: Path, password: str, as_of: str, access_log: Path,
                       deadline: Deadline) -> None:
    from playwright.sync_api import sync_playwright

    site = f"http://{HOST}:{nginx_port}"
    before = json.loads((data / "snapshots" / as_of / "manifest.json").read_text("utf-8"))["published_at"]
    ready = '[data-testid="stApp"][data-test-script-state="notRunning"]'
    wait = lambda page: (page.wait_for_selector(ready, timeout=deadline.left() * 1000),  # noqa: E731
                         page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached",
                                                timeout=deadline.left() * 1000), page.wait_for_timeout(500))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--host-resolver-rules=MAP {HOST} 127.0.0.1"])
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            page.goto(f"{site}/desk")
            wait(page)
            page.get_by_label("账号").fill(CLERK)
            page.get_by_label("密码").fill(password)
            page.get_by_role("button", name="登录", exact=True).click()
            page.wait_for_timeout(500)
            wait(page)
            cookies = {c["name"] for c in page.context.cookies()}
            if "grassroots_session" not in cookies or page.get_by_text("各旗县区报送情况").count() == 0:
                raise CheckFailed(f"signing in through nginx: cookies {sorted(cookies)}, the desk's board not shown")
            say(True, "signed in through nginx as the city clerk: the sign-in cookie came back through the proxy")

            page.locator('[data-testid="stSelectbox"]').filter(has_text="报送期次").click()
            page.get_by_role("option", name=re.compile(f"截至 {as_of}")).click()
            wait(page)
            page.locator('[data-testid="stSelectbox"]').filter(has_text="报送单位").click()
            page.get_by_role("option", name="市级报表（全市）").click()
            wait(page)
            page.locator('[data-testid="stSelectbox"]').filter(has_text="报表").last.click()
            page.get_by_role("option", name=re.compile(r"（task_book）")).click()
            wait(page)
            with page.expect_request(lambda r: "/_stcore/upload_file/" in r.url, timeout=deadline.left() * 1000) as sent:
                page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
                    str(data / "inbox" / as_of / "task_book.xlsx"))
            session_id = re.search(r"/_stcore/upload_file/([^/]+)/", sent.value.url).group(1)
            page.get_by_text("task_book.xlsx").first.wait_for(timeout=deadline.left() * 1000)
            page.get_by_role("button", name="校验并提交").click()
            page.wait_for_timeout(500)
            wait(page)
            if page.get_by_text("已接收：").count() == 0:
                raise CheckFailed("the uploaded task book was not accepted on the desk (see the app logs)")
            say(True, "uploaded task_book.xlsx on the data desk through nginx: checked and accepted")

            page.get_by_text("替换已发布的同日快照").click()
            wait(page)
            # publishing needs every district's week approved (issue 18); none was submitted in this
            # check, so the clerk publishes with the districts carried over, as the desk offers
            carry = page.get_by_text("对未通过审核的旗县区沿用上期数据发布")
            if carry.count():
                carry.click()
                wait(page)
            page.get_by_role("button", name=f"发布截至 {as_of} 的快照").click()
            page.wait_for_timeout(500)
            wait(page)
            if page.get_by_text(f"已发布截至 {as_of} 的快照").count() == 0:
                raise CheckFailed("publishing from the desk through nginx did not say 已发布")
        finally:
            browser.close()
    after = json.loads((data / "snapshots" / as_of / "manifest.json").read_text("utf-8"))["published_at"]
    if after == before:
        raise CheckFailed(f"the snapshot of {as_of} was not republished (published_at unchanged)")
    say(True, f"published the week of {as_of} again from the desk (published_at {before} → {after})")
    logged = access_log.read_text("utf-8", errors="replace")
    if session_id in logged or "/_stcore/upload_file/-/" not in logged:
        raise CheckFailed(f"nginx's access log {'holds the session id' if session_id in logged else 'has no masked upload line'}")
    say(True, "nginx's access log holds the upload as /_stcore/upload_file/-/…: no session id")
