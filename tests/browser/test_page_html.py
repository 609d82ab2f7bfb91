"""The page shell tells the frontend where its server is (app/page_html.py): a page opened at its
own address asks nothing under that address, and the shell under a path prefix still works."""

from urllib.parse import urlsplit

import pytest

from tests.browser.harness import choices, wait_ready


@pytest.mark.parametrize("path", ["burden", "explore", "overview"])
def test_a_page_s_first_load_asks_nothing_under_its_own_address(app_url, page, path):
    asked = []
    page.on("request", lambda r: asked.append(urlsplit(r.url).path))
    page.goto(f"{app_url}/{path}?district=all&lang=zh")
    wait_ready(page)
    assert choices(page).startswith("全市 · ")
    assert "/_stcore/health" in asked and "/_stcore/host-config" in asked
    assert [p for p in asked if p.startswith(f"/{path}/")] == []


def test_the_shell_names_the_base_path(monkeypatch):
    from app import page_html
    from streamlit import config

    assert b'new URL("/",location.href)' in page_html.script()
    monkeypatch.setattr(config, "get_option", lambda name: "/board/" if name == "server.baseUrlPath" else None)
    assert page_html.base_path() == "/board/" and b'new URL("/board/",location.href)' in page_html.script()
