"""Running the app under AppTest: start it, switch pages, read metrics by label."""

from __future__ import annotations

import html
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "dashboard.py")


def start(query: dict | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def drawn(at: AppTest, kind: str | None = None) -> list[str]:
    """The HTML of the charts the page drew on the server (app/drawn/), of one kind or all."""
    bodies = [e.proto.body for e in at.get("html")]
    return [b for b in bodies if re.match(r'<div class="gc" data-chart="', b)
            and (kind is None or b.startswith(f'<div class="gc" data-chart="{kind}"'))]


def visible(drawing: str) -> str:
    """What a reader sees of a drawn chart: its text, tags dropped and entities read."""
    return html.unescape(re.sub(r"<[^>]*>", " ", drawing))


def number(text: str) -> float:
    """'6,158个' -> 6158.0, '1.58万' -> 15800.0, '18.2名' -> 18.2."""
    if text == "—":  # nothing reported for this figure (e.g. a zone without communities)
        return 0.0
    digits = "".join(ch for ch in text if ch.isdigit() or ch in ".-")
    value = float(digits)
    return value * 10_000 if "万" in text else value


def pick(at: AppTest, key: str, value) -> AppTest:
    """Set a widget to a value and rerun; the page must not raise."""
    at.selectbox(key=key).set_value(value).run()
    assert not at.exception, [e.value for e in at.exception]
    return at
