"""The running app in a real browser: it renders, without exception, in Chinese glyphs."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.harness import screenshot, wait_ready

pytestmark = pytest.mark.browser


def test_overview_renders_chinese_without_exception(app_url, page):
    page.goto(app_url)
    wait_ready(page)
    expect(page.locator("h1").first).to_contain_text("减负赋能", timeout=20_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    # Chinese must be drawn with a CJK font, not as boxes: a CJK family is available and the
    # rendered width of Chinese text differs from a string of missing-glyph boxes.
    has_cjk_font = page.evaluate("document.fonts.check('16px \"WenQuanYi Micro Hei\"', '街道')")
    widths = page.evaluate("""() => {
        const c = document.createElement('canvas').getContext('2d');
        c.font = '32px sans-serif';
        return [c.measureText('街道社区').width, c.measureText('\\u{10FFFD}\\u{10FFFD}\\u{10FFFD}\\u{10FFFD}').width];
    }""")
    assert has_cjk_font
    assert widths[0] != widths[1]
    assert page.get_by_text("示例数据").first.is_visible()
    screenshot(page, "smoke-overview")
