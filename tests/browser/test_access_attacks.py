"""The holes an intruder found, tried again in Chromium against the app as deployed (serve.py):
each attempt must now fail. Screenshots: test-output/screenshots/attack-*.png.

- a session id (from an upload URL in a log) replayed from a second browser that has no cookie;
- a download URL fetched after sign-out, after the account is disabled, and by a stranger;
- a download clicked by an account disabled since the page was drawn;
- an upload or the metrics endpoint reached without the credential;
- a made-up X-Forwarded-For from a client that is not a trusted proxy (a local one included).
"""

from __future__ import annotations

import re
import shutil
import urllib.error
import urllib.request
from dataclasses import replace

import pytest
from playwright.sync_api import expect

from grassroots.access import accounts
from grassroots.access.audit import AuditLog
from tests.access import PASSWORD, secrets_toml, write_accounts
from tests.browser.harness import screenshot, serve, table_download, wait_ready

pytestmark = pytest.mark.browser


def _served(demo_base, tmp_path_factory, name: str, **secrets):
    root = tmp_path_factory.mktemp(name)
    base = root / "data"
    shutil.copytree(demo_base / "snapshots", base / "snapshots")
    write_accounts(base)
    path = secrets_toml(base, root / "secrets.toml", **secrets)
    return base, path


@pytest.fixture(scope="module")
def served(demo_base, tmp_path_factory):
    base, secrets = _served(demo_base, tmp_path_factory, "attacks")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STREAMLIT_SECRETS_FILES", str(secrets))
        with serve(base) as url:
            yield url, base


def sign_in(page, url: str, user: str, path: str = "", password: str = PASSWORD) -> None:
    page.goto(f"{url}/{path}")
    wait_ready(page, timeout_ms=180_000)
    page.get_by_label("账号").fill(user)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_timeout(500)
    wait_ready(page, timeout_ms=180_000)


def status(url: str, cookie: str | None = None, method: str = "GET") -> int:
    request = urllib.request.Request(url, method=method, headers={"Cookie": cookie} if cookie else {})
    try:
        return urllib.request.urlopen(request, timeout=30).status
    except urllib.error.HTTPError as err:
        return err.code


def cookie_header(context) -> str:
    return "; ".join(f"{c['name']}={c['value']}" for c in context.cookies())


def test_the_sign_in_cookie_is_httponly_and_strict(served, browser):
    url, _ = served
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, url, "wang")
    expect(page.locator('.gk-card').first).to_be_visible()
    session = [c for c in context.cookies() if c["name"] == "grassroots_session"]
    assert len(session) == 1 and session[0]["httpOnly"] and session[0]["sameSite"] == "Strict"
    assert page.evaluate("document.cookie").find("grassroots_session") == -1  # no script can read it
    context.close()


def test_a_session_id_from_a_log_does_not_resume_the_session_in_another_browser(served, browser, tmp_path):
    url, base = served
    victim = browser.new_context()
    page = victim.new_page()
    sign_in(page, url, "li", "desk")
    expect(page.get_by_text("报送单位：新城区")).to_be_visible()
    with page.expect_request(lambda r: "/_stcore/upload_file/" in r.url, timeout=60_000) as sent:
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
            files=[{"name": "any.csv", "mimeType": "text/csv", "buffer": "a,b\n1,2\n".encode()}])
    upload_url = sent.value.url
    session_id = re.search(r"/_stcore/upload_file/([^/]+)/", upload_url).group(1)  # what nginx would have logged

    # The intruder: a browser with no cookie whose app reconnects naming the victim's session.
    intruder = browser.new_context()
    intruder.add_init_script("""(() => {
      const Real = window.WebSocket;
      window.WebSocket = function (url, protocols) {
        const p = Array.isArray(protocols) ? protocols.slice(0, 2) : [protocols];
        p[2] = %r;
        return new Real(url, p);
      };
      window.WebSocket.prototype = Real.prototype;
      Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
    })();""" % session_id)
    stranger = intruder.new_page()
    stranger.goto(f"{url}/desk")
    wait_ready(stranger)
    expect(stranger.get_by_role("button", name="登录", exact=True)).to_be_visible()
    assert stranger.get_by_text("报送单位").count() == 0 and stranger.get_by_text("李娜").count() == 0
    screenshot(stranger, "attack-1-session-id-replayed")
    events = AuditLog(base / "audit.sqlite").events()
    refused = [e for e in events if e["action"] == "session_takeover"]
    assert refused and refused[0]["outcome"] == "refused", [(e["action"], e["outcome"], e["detail"]) for e in events[:8]]

    # … and the uploader of that session takes nothing from a client without the victim's cookie.
    assert status(upload_url, method="PUT") == 403
    assert status(upload_url, cookie_header(intruder), method="PUT") == 403

    # The victim was not disturbed: the desk still answers a click, still signed in.
    page.locator('[data-testid="stSelectbox"]').filter(has_text="报表").click()
    page.get_by_role("option", name="社区工作者队伍（workforce）").click()
    wait_ready(page)
    expect(page.get_by_text("报送单位：新城区")).to_be_visible()
    assert page.get_by_role("button", name="登录", exact=True).count() == 0
    victim.close()
    intruder.close()


def _download_url(page, button: str) -> str:
    with page.expect_download(timeout=120_000) as info:
        table_download(page, button).click()
    return info.value.url


def test_a_download_dies_with_the_sign_out_and_with_the_account(served, browser):
    url, base = served
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    sign_in(page, url, "wang")
    expect(page.get_by_text("与公开报道核对", exact=True)).to_be_visible()
    file_url = _download_url(page, "CSV")
    assert status(file_url, cookie_header(context)) == 200
    assert status(file_url) == 403  # a client with no cookie at all
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="退出登录").click()
    wait_ready(page)
    expect(page.get_by_role("button", name="登录", exact=True)).to_be_visible()
    assert status(file_url, cookie_header(context)) == 403  # the same browser, signed out
    assert status(file_url) == 403

    sign_in(page, url, "wang")
    file_url = _download_url(page, "CSV")
    assert status(file_url, cookie_header(context)) == 200
    with accounts.editing(base / accounts.FILE) as users:  # disabled while the page is open
        users["wang"] = replace(users["wang"], disabled=True)
    try:
        assert status(file_url, cookie_header(context)) == 403
        downloads = []
        page.on("download", lambda d: downloads.append(d))
        table_download(page, "Excel").click()  # a click that does not rerun the page
        page.wait_for_timeout(3000)
        assert downloads == []
        refused = AuditLog(base / "audit.sqlite").events(actions=["download"])
        assert refused and refused[0]["outcome"] == "refused" and refused[0]["user"] == "wang"
        screenshot(page, "attack-2-download-after-disable", full=False)
    finally:
        with accounts.editing(base / accounts.FILE) as users:
            users["wang"] = replace(users["wang"], disabled=False)
    context.close()


def test_metrics_need_the_credential(served, browser):
    url, _ = served
    assert status(f"{url}/_stcore/metrics") == 404
    assert status(f"{url}/_stcore/health") == 200
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, url, "zhou")
    assert status(f"{url}/_stcore/metrics", cookie_header(context)) == 200
    context.close()


@pytest.mark.parametrize("trusted", [[], ["127.0.0.1", "::1"]])
def test_a_forwarded_header_counts_only_from_a_trusted_proxy(demo_base, tmp_path_factory, browser, trusted):
    """With no trusted proxy (the default), a made-up X-Forwarded-For from this very machine changes
    nothing: the audit log and the throttle see 127.0.0.1. The control, with loopback as the trusted
    proxy, shows the header does reach the server."""
    base, secrets = _served(demo_base, tmp_path_factory, "forwarded", trusted_proxies=trusted, max_failures=2)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STREAMLIT_SECRETS_FILES", str(secrets))
        with serve(base) as url:
            context = browser.new_context(extra_http_headers={"X-Forwarded-For": "203.0.113.9",
                                                              "X-Real-IP": "203.0.113.9"})
            page = context.new_page()
            for attempt in range(3):
                sign_in(page, url, "wang", password=f"guess {attempt}")
            sign_in(page, url, "wang")  # the right password, but this client is throttled
            clients = {e["client"] for e in AuditLog(base / "audit.sqlite").events(actions=["sign_in"])}
            outcomes = [e["outcome"] for e in AuditLog(base / "audit.sqlite").events(actions=["sign_in"])]
            context.close()
    assert clients == ({"203.0.113.9"} if trusted else {"127.0.0.1"})
    assert outcomes[0] == "throttled"
