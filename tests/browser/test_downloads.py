"""Downloads in Chromium: the overview's brief button hands over a one-page PDF, a table's Excel
button an XLSX; a district name full of Markdown and HTML renders as typed, with no image or link."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from grassroots import demo
from tests.browser.harness import screenshot, serve, table_download, wait_ready

pytestmark = pytest.mark.browser
LAST = demo.AS_OF_DATES[-1].isoformat()


def test_the_brief_button_downloads_a_one_page_pdf(app_url, page):
    page.goto(f"{app_url}/overview?district=150102")
    wait_ready(page)
    button = page.get_by_role("button", name="生成本周周报（PDF）")
    expect(button).to_be_visible(timeout=20_000)
    screenshot(page, "overview-brief-button", full=False)
    with page.expect_download(timeout=60_000) as download:
        button.click()
    saved = download.value
    assert saved.suggested_filename == f"减负赋能周报_新城区_{LAST}_示例数据.pdf"
    data = open(saved.path(), "rb").read()
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "新城区" in text and LAST in text
    assert page.locator('[data-testid="stException"]').count() == 0


def test_a_table_downloads_as_xlsx(app_url, page):
    page.goto(f"{app_url}/workforce")
    wait_ready(page)
    button = table_download(page, "Excel")
    with page.expect_download(timeout=60_000) as download:
        button.click()
    saved = download.value
    assert saved.suggested_filename.endswith(f"_全市_{LAST}_示例数据.xlsx")
    assert open(saved.path(), "rb").read(2) == b"PK"


def test_report_text_renders_literally(evil_base, browser):
    from tests.test_report_text_literal import EVIL

    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    with serve(evil_base) as url:
        page.goto(f"{url}/burden?point=OP15")
        wait_ready(page, timeout_ms=180_000)  # a new server checks the fresh snapshot's checksums first
        main = page.locator('[data-testid="stMain"]')
        expect(main).to_contain_text("各项指标走势", timeout=30_000)
        shown = [t.replace("\u2060", "") for t in page.locator('[data-testid="stMarkdownContainer"]').all_inner_texts()]
        assert any(EVIL in t for t in shown)  # the warning reads exactly as typed
        warning = page.locator('[data-testid="stAlertContentWarning"]')
        assert warning.locator("a, img, strong").count() == 0
        title = page.locator(".gp-strong", has_text="各项指标走势")  # the point's panel title (ui.strong)
        title.scroll_into_view_if_needed()  # below the screen it is laid out once near it (content-visibility)
        expect(title).to_contain_text(EVIL, use_inner_text=True)  # as shown: the text, no markup read
        assert title.locator("a, img").count() == 0
        assert page.locator("img[src='x']").count() == 0
        warning.scroll_into_view_if_needed()
        screenshot(page, "report-text-literal", full=False)
    context.close()


from tests.test_report_text_literal import evil_base  # noqa: E402,F401  the published evil week
