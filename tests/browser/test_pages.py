"""Every page in Chromium: it loads without exception, its headline figures are on screen,
and the view in the URL survives moving between pages. Screenshots land in test-output/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from grassroots import demo
from tests.browser.harness import choices, screenshot, unfold, wait_ready

pytestmark = pytest.mark.browser

PAGES = {
    "overview": ["39个", "450个", "6,158个", "45 项全部一致"],
    "restructuring": ["39个", "248名", "街道拆分对照"],
    "burden": ["61项", "8,973块", "OP15"],
    "workforce": ["4,000名", "18.2名", "48.5%"],
    "cogovernance": ["283场次", "1,529件次", "“百姓茶馆”"],
    "explore": ["数据探索", "服务（件次）", "10 组"],
    "compare": ["快照对比", "没有修订"],
}


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_with_its_headline_figures(app_url, page, path):
    page.goto(f"{app_url}/{path}")
    wait_ready(page)
    main = page.locator('[data-testid="stMain"]')
    for text in PAGES[path]:
        expect(main).to_contain_text(text, timeout=20_000)  # waits for late-painted elements
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[role="dialog"]').count() == 0  # no "Page not found": the page's own URL opens it
    assert page.url.split("?")[0].endswith(f"/{path}")
    screenshot(page, f"{path}-1366x768")


def test_the_bare_address_forwards_to_the_overview_with_the_link_s_choices(app_url, page):
    page.goto(f"{app_url}/?district=150105&lang=en")
    wait_ready(page)
    assert page.url.split("?")[0].endswith("/overview")
    assert "district=150105" in page.url and "lang=en" in page.url
    assert page.locator('[role="dialog"]').count() == 0
    expect(page.locator('[data-testid="stMain"]')).to_contain_text("Saihan", timeout=20_000)


def test_url_view_survives_a_page_switch(app_url, page):
    week = demo.AS_OF_DATES[10].isoformat()
    page.goto(f"{app_url}/workforce?snapshot={week}&district=150105&lang=en")
    wait_ready(page)
    assert choices(page) == f"Saihan · {week}"
    page.locator('[data-testid="stSidebarNav"] a[href$="/restructuring"]').click()
    wait_ready(page)
    assert "/restructuring" in page.url
    assert f"snapshot={week}" in page.url and "district=150105" in page.url and "lang=en" in page.url
    expect(page.locator('[data-testid="stMain"]')).to_contain_text("Unit restructuring", timeout=20_000)
    assert choices(page) == f"Saihan · {week}"
    # Streamlit drops the value of a widget the browser has not drawn (the choices are folded) when
    # the page is switched after a rerun: the choice is kept beside it (app/ui.kept)
    page.get_by_role("button", name="中文").click()
    wait_ready(page)
    for path in ("burden", "workforce", "compare"):
        page.locator(f'[data-testid="stSidebarNav"] a[href$="/{path}"]').click()
        wait_ready(page)
        assert choices(page) == f"赛罕区 · {week}", path
        assert f"snapshot={week}" in page.url and "district=150105" in page.url, path
    assert page.locator('[data-testid="stException"]').count() == 0


def test_a_shared_link_opens_the_point_detail(app_url, page):
    page.goto(f"{app_url}/burden?point=OP07")
    wait_ready(page)
    expect(page.locator('[data-testid="stMain"]')).to_contain_text("OP07", timeout=20_000)
    assert "point=OP07" in page.url


def test_wide_screen_overview(app_url, browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    pg = context.new_page()
    pg.goto(app_url)
    wait_ready(pg)
    assert pg.locator('[data-testid="stException"]').count() == 0
    screenshot(pg, "overview-1920x1080", full=False)
    context.close()


CUT = """[...document.querySelectorAll(
    '.gk-label, .gk-value, .gk-line *, .gc-label, .gc-legend *, .gt th, [data-testid=stPopover] button *')]
  .filter(e => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)"""


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", ["overview", "restructuring", "burden", "workforce", "cogovernance"])
def test_no_figure_s_name_value_or_button_is_cut_on_a_laptop(app_url, page, path, lang):
    page.goto(f"{app_url}/{path}?lang={lang}")
    wait_ready(page)
    expect(page.locator('.gk-card').first).to_be_visible(timeout=20_000)
    assert page.evaluate(CUT) == [], f"cut short on {path} ({lang})"


def test_sql_box_refuses_a_file_read_and_keeps_answering(app_url, page):
    page.goto(f"{app_url}/explore")
    wait_ready(page)
    unfold(page.locator('[data-testid="stPopoverButton"]', has_text="查询设置"))  # the SQL box's switch is with the query
    page.get_by_text("SQL 查询（分析人员）").click()
    wait_ready(page)
    page.locator("textarea").fill("select * from read_text('/etc/passwd')")
    page.get_by_role("button", name="运行").click()
    expect(page.locator('[data-testid="stAlert"]').first).to_contain_text("不允许读取文件", timeout=20_000)
    page.locator("textarea").fill("select count(*) as n from legal_aid_cases")
    page.get_by_role("button", name="运行").click()
    expect(page.locator('[data-testid="stMain"]')).to_contain_text("1 行", timeout=20_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, "explore-sql-box", full=False)
