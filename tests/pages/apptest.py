"""Running the app under AppTest: start it, switch pages, read metrics by label."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd

from streamlit.proto.Block_pb2 import Block as BlockProto
from streamlit.testing.v1 import AppTest

from app import ui
from app.drawn import later
from app.drawn.cards import shown

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


def body(element) -> str:
    """An HTML element's HTML as the browser shows it, its later parts drawn (app/drawn/later.py)."""
    return later.unwrap(element.proto.body)


def metrics(at: AppTest) -> dict[str, str]:
    """The figure cards' values by name (app/drawn/cards.py), as shown: {'社区工作者': '5,308人'}."""
    return {label: value for e in at.get("html") for label, value in shown(body(e))}


def cards(at: AppTest) -> dict[str, str]:
    """What each figure card shows, by figure id (its name, value, status, tasks and 口径), as text."""
    out = {}
    for e in at.get("html"):
        for figure_id, text in re.findall(r'<div class="gk-card" data-figure="([^"]+)">(.*?)</details></div>', body(e)):
            out[figure_id] = " ".join(visible(text).split())
    return out


CHART = '<div class="gc" data-chart="'


def drawn(at: AppTest, kind: str | None = None) -> list[str]:
    """The HTML of the charts the page drew on the server (app/drawn/), of one kind or all: an
    element of its own, or a panel of a row (ui.row); each chart ends where its source line starts."""
    charts = []
    for e in at.get("html"):
        for part in body(e).split(CHART)[1:]:
            chart = CHART + part.split('<div class="gc-src">')[0]
            if kind is None or chart.startswith(f"{CHART}{kind}\""):
                charts.append(chart)
    return charts


def title(at: AppTest) -> str:
    """The page's title: the h1 of its header (ui.header draws it as HTML), or Streamlit's st.title."""
    for e in at.get("html"):
        found = re.search(r'<h1 class="gk-h1">(.*?)</h1>', body(e))
        if found:
            return html.unescape(found.group(1))
    return at.title[0].value if at.title else ""


def header(at: AppTest) -> str:
    """What the page's header says, as a reader sees it: title, lead, freshness line, confirmed changes."""
    return next((visible(body(e)) for e in at.get("html") if '<h1 class="gk-h1">' in body(e)), "")


def side_lines(at: AppTest) -> list[str]:
    """The sidebar's lines (the demo mark, who is signed in), as a reader sees them (frame.side_line)."""
    return [" ".join(visible(body(e)).split()) for e in at.sidebar.get("html") if 'data-side="1"' in body(e)]


def lines(at: AppTest) -> str:
    """The page's small text as a reader sees it: captions, and the lines under charts (ui.figure_line)."""
    return " ".join([*(c.value for c in at.caption), *(visible(body(e)) for e in at.get("html"))])


def visible(drawing: str) -> str:
    """What a reader sees of a drawn chart: its text, tags dropped and entities read."""
    return html.unescape(re.sub(r"<[^>]*>", " ", drawing))


class _Tables(HTMLParser):
    """The rows of the tables drawn as HTML (app/drawn/table.py), cell texts as shown."""

    def __init__(self):
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None
        self.types: list[list[str | None]] = []  # per table, each header's: number or text, as the frame shown had it

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
            self.types.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = []
            if tag == "th":
                self.types[-1].append(dict(attrs).get("data-type"))

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append("".join(self.cell))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def _walk(node):
    """The page's elements in the order the page shows them."""
    children = getattr(node, "children", None)
    if children is None:
        yield node
        return
    for key in sorted(children):
        yield from _walk(children[key])


def tables(at: AppTest) -> list[pd.DataFrame]:
    """Every table of the page's main area, in order, as pandas frames: drawn as HTML
    (app/drawn/table.py; a numeric column read back as numbers) or an st.dataframe."""
    out = []
    for element in _walk(at.main):
        kind = getattr(element, "type", None)
        if kind == "html" and '<div class="gt"' in body(element):  # a table, or a row's panels (ui.row)
            parser = _Tables()
            parser.feed(body(element))
            for (head, *rows), types in zip(parser.tables, parser.types):
                frame = pd.DataFrame(rows, columns=head)
                for c, kind in zip(frame.columns, types):
                    if kind == "number":  # 1,213 as drawn (a quantity's thousands separator)
                        frame[c] = pd.to_numeric(frame[c].str.replace(",", "", regex=False))
                out.append(frame)
        elif kind == "dataframe":
            out.append(element.value)
    return out


def number(text: str) -> float:
    """'6,158个' -> 6158.0, '1.58万' -> 15800.0, '18.2名' -> 18.2."""
    if text == "—":  # nothing reported for this figure (e.g. a zone without communities)
        return 0.0
    digits = "".join(ch for ch in text if ch.isdigit() or ch in ".-")
    value = float(digits)
    return value * 10_000 if "万" in text else value


def unfold(at: AppTest, *keys: str) -> AppTest:
    """Open the sidebar's choices and the folds of the page's selectboxes `keys` (ui.folded_select),
    as a reader's click on their buttons does, and rerun: a fold sends its selectbox only while it
    is open. (A browser tells the server a fold is open on every rerun; AppTest does not, so a test
    opens them again before each look.)"""
    return _open(at, [ui.fold_key(k) for k in keys])


def unfold_all(at: AppTest) -> AppTest:
    """Open every fold of the page's selectboxes and the sidebar's choices (see unfold)."""
    return _open(at, [node.proto.popover.id.split("-", 2)[-1] for node in _walk_blocks(at._tree)
                      if isinstance(getattr(node, "proto", None), BlockProto) and node.proto.WhichOneof("type") == "popover"
                      and node.proto.popover.id.endswith(ui.fold_key(""))])


def _open(at: AppTest, folds: list[str]) -> AppTest:
    """The sidebar's choices and the `folds` (their buttons' keys) opened, and the page rerun."""
    for fold in (ui.CHOICES, *folds):
        at.session_state[fold] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _walk_blocks(node):
    yield node
    for child in (getattr(node, "children", None) or {}).values():
        yield from _walk_blocks(child)


def selectbox(at: AppTest, key: str):
    """The selectbox `key`, its fold opened first when it is folded and closed."""
    try:
        return at.selectbox(key=key)
    except KeyError:
        return unfold(at, key).selectbox(key=key)


def pick(at: AppTest, key: str, value) -> AppTest:
    """Set a widget to a value and rerun; the page must not raise."""
    selectbox(at, key).set_value(value).run()
    assert not at.exception, [e.value for e in at.exception]
    return at
