"""Each role signed in, in Chromium, with screenshots (test-output/screenshots/roles-*.png).

The app is served on a copy of the demo snapshots with this test's own accounts and secrets file:
STREAMLIT_SECRETS_FILES names it for `streamlit run` (harness.serve passes the environment on),
so the repository's .streamlit/secrets.toml is never read here. The district clerk hands in the
coming Friday's workforce report: first a messy workbook (refused, problems shown), then a good file.
"""

from __future__ import annotations

import io
import re
import shutil
import urllib.parse

import openpyxl
import polars as pl
import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from grassroots import desk
from grassroots.desk import week
from grassroots.store import snapshots
from grassroots.access.audit import AuditLog
from grassroots.catalogue.tables import TABLES
from tests.access import PASSWORD, messy_workforce_xlsx
from tests.browser.harness import choices, open_choices, screenshot, serve_signed, table_download, unfold, wait_ready

pytestmark = pytest.mark.browser
LEADER_PAGES = ["总览", "治理单元优化", "减负", "队伍建设", "共治与志愿服务"]


@pytest.fixture(scope="module")
def served(demo_base, tmp_path_factory):
    root = tmp_path_factory.mktemp("roles")
    base = root / "data"
    shutil.copytree(demo_base / "snapshots", base / "snapshots")
    with serve_signed(base, root) as url:
        yield url, base


def sign_in(page, url: str, user: str, path: str = "") -> None:
    page.goto(f"{url}/{path}")
    wait_ready(page, timeout_ms=180_000)
    page.get_by_label("账号").fill(user)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_timeout(500)
    wait_ready(page, timeout_ms=180_000)  # the machine is shared: a first page run can be slow
    assert page.locator('[data-testid="stException"]').count() == 0


def goto(page, url: str, path: str) -> None:
    page.goto(f"{url}/{path}")
    wait_ready(page, timeout_ms=180_000)
    assert page.locator('[data-testid="stException"]').count() == 0


def nav(page) -> list[str]:
    # each link reads "<icon name>\n\n<title>": keep the title
    expect(page.locator('[data-testid="stSidebarNav"] a').first).to_be_visible(timeout=60_000)  # a loaded machine draws late
    return [t.strip().split("\n")[-1] for t in page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()]


def test_a_deep_link_before_sign_in_shows_only_the_sign_in_form(served, page):
    url, _ = served
    page.goto(f"{url}/workforce?district=150102")
    wait_ready(page)
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    assert page.locator('.gk-card, [data-testid="stDataFrame"], .gt, .js-plotly-plot, [data-chart]').count() == 0
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    screenshot(page, "roles-0-sign-in")


def test_a_leader_sees_the_leader_pages_and_is_refused_the_sql_box(served, page):
    url, _ = served
    sign_in(page, url, "wang")
    assert nav(page) == [*LEADER_PAGES, "督办", "红黑榜"]
    expect(page.locator('.gk-card').first).to_be_visible()
    expect(page.locator('[data-testid="stSidebar"]').get_by_text("王芳")).to_be_visible()
    screenshot(page, "roles-1-leader-overview")
    goto(page, url, "explore")  # the SQL box's address, in the same browser: still signed in, and refused
    expect(page.get_by_text("不能查看“数据探索”页面")).to_be_visible()
    assert page.locator("textarea").count() == 0
    screenshot(page, "roles-1-leader-explore-refused")


def test_an_analyst_has_the_exploration_and_the_sql_box(served, page):
    url, base = served
    sign_in(page, url, "zhao", "explore")
    assert nav(page) == [*LEADER_PAGES, "督办", "红黑榜", "数据探索", "快照对比"]
    unfold(page.locator('[data-testid="stPopoverButton"]', has_text="查询设置"))  # the SQL box's switch is with the query
    page.get_by_text("SQL 查询（分析人员）").click()
    wait_ready(page)
    page.locator("textarea").fill("select district_code, count(*) as 场次 from volunteer_sessions group by 1 order by 1")
    page.get_by_role("button", name="运行").click()
    page.wait_for_timeout(500)
    wait_ready(page)
    expect(page.get_by_text(re.compile(r"\d+ 行 · 用时"))).to_be_visible()
    screenshot(page, "roles-2-analyst-sql-box")
    assert AuditLog(base / "audit.sqlite").events(actions=["sql_query"])[0]["user"] == "zhao"


def test_a_district_clerk_hands_in_a_messy_file_then_a_good_one(served, page, tmp_path):
    url, base = served
    sign_in(page, url, "li", "desk")
    assert nav(page) == [*LEADER_PAGES, "督办", "数据报送"]
    expect(page.get_by_text("报送单位：新城区")).to_be_visible()
    page.locator('[data-testid="stSelectbox"]').filter(has_text="报表").click()
    page.get_by_role("option", name="社区工作者队伍（workforce）").click()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": "新城区队伍建设情况（第49周）.xlsx", "mimeType": "application/octet-stream",
                "buffer": messy_workforce_xlsx(tmp_path)}])
    expect(page.get_by_text("新城区队伍建设情况（第49周）.xlsx")).to_be_visible(timeout=60_000)  # uploaded to the server
    page.get_by_role("button", name="校验并提交").click()
    page.wait_for_timeout(500)
    wait_ready(page, timeout_ms=180_000)
    expect(page.get_by_text("有 2 个问题，没有保存")).to_be_visible(timeout=60_000)
    screenshot(page, "roles-3-district-clerk-messy-upload")
    assert not desk.week_inbox(base, desk.due_date(_today())).exists()

    previous = snapshots.list_snapshots(base)[-1]
    rows = pl.read_parquet(previous.table_path("workforce")).filter(pl.col("district_code") == "150102")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": "新城区队伍建设情况（更正）.csv", "mimeType": "text/csv",
                "buffer": week._stand_in(TABLES["workforce"], rows)}])
    expect(page.get_by_text("新城区队伍建设情况（更正）.csv")).to_be_visible(timeout=60_000)
    page.get_by_role("button", name="校验并提交").click()
    page.wait_for_timeout(500)
    wait_ready(page, timeout_ms=180_000)
    expect(page.get_by_text("已接收：").first).to_be_visible(timeout=60_000)
    screenshot(page, "roles-3-district-clerk-accepted")
    goto(page, url, "overview")  # the browser keeps the sign-in (its cookie) across a reload
    assert choices(page).startswith("新城区 · ")
    open_choices(page)
    district = page.locator('[data-testid="stPopoverBody"]').get_by_role("combobox", name="旗县区")
    expect(district).to_have_value("新城区")
    district.click()
    assert page.get_by_role("option").all_inner_texts() == ["新城区"]  # no other district, no 全市
    page.keyboard.press("Escape")
    screenshot(page, "roles-3-district-clerk-overview")


def test_the_city_clerk_sees_the_board_and_the_audit_log(served, page):
    url, base = served
    sign_in(page, url, "zhou", "desk")
    assert nav(page) == [*LEADER_PAGES, "督办", "红黑榜", "数据报送", "审计日志"]
    expect(page.get_by_text("各旗县区报送情况")).to_be_visible()
    expect(page.get_by_role("button", name="发布截至")).to_be_disabled()
    screenshot(page, "roles-4-city-clerk-board")
    page.locator('[data-testid="stSidebarNav"] a', has_text="审计日志").click()
    wait_ready(page)
    expect(page.get_by_text("条记录（最新在前）")).to_be_visible()
    screenshot(page, "roles-4-city-clerk-audit")


def _today():
    import datetime as dt

    return dt.date.today()


def test_the_screen_the_brief_and_a_workbook_carry_the_leader_s_mark(served, page):
    url, _ = served
    sign_in(page, url, "wang", "workforce")
    last = snapshots.list_snapshots(served[1])[-1].as_of.isoformat()
    tile = page.evaluate("getComputedStyle(document.querySelector('.stApp'), '::after').backgroundImage")
    assert urllib.parse.quote("王芳 (wang)") in tile and urllib.parse.quote(f"快照 {last}") in tile
    screenshot(page, "roles-1-leader-watermark", full=False)
    with page.expect_download(timeout=60_000) as download:
        table_download(page, "Excel").click()
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).worksheets[0]
    assert "导出：王芳 (wang)" in sheet["A2"].value
    assert "王芳 (wang)" in sheet.oddHeader.center.text and f"快照 {last}" in sheet.oddFooter.center.text
    goto(page, url, "overview")
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="生成本周周报（PDF）").click()
    text = PdfReader(download.value.path()).pages[0].extract_text()
    assert "王芳 (wang)" in text


def test_the_wall_screen_s_own_account_shows_the_wall_and_nothing_else(served, page):
    """Signed in with the screen's account (role screen), the overview is the wall without ?wall=1:
    the bar, no sidebar and no button to take anything away; it turns to the next page by itself,
    and a page off the playlist is refused."""
    from grassroots.catalogue.pages import WALL_PAGES

    url, _ = served
    sign_in(page, url, "wall", "overview?every=10")
    expect(page.locator(".wall-bar")).to_contain_text("数据截至", timeout=30_000)
    assert page.locator('[data-testid="stSidebar"]').is_hidden()
    assert page.locator('[data-testid="stDownloadButton"]:visible, [data-testid="stPopover"]:visible').count() == 0
    assert page.locator(".gk-card").count() == 16
    screenshot(page, "roles-5-wall-screen-account", full=False)
    page.wait_for_url(f"**/{WALL_PAGES[1]}?*", timeout=60_000)  # the playlist turns by itself
    wait_ready(page)
    goto(page, url, "explore")
    expect(page.locator('[data-testid="stAlertContentError"]')).to_contain_text("不能查看")
