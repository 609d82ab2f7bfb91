"""Report text stays text: a unit, street and team name full of Markdown, HTML and formula
characters, published through the real refresh, is shown as typed everywhere it appears —
Markdown on the pages (escaped), Plotly labels and hovers (entities), tables (plain), the XLSX
(string cells with Excel's quote prefix), the CSV (a leading apostrophe) and the brief's PDF."""

from __future__ import annotations

import html
import io
import json
import re

import openpyxl
import polars as pl
import pytest
from pypdf import PdfReader
from refresh_helpers import LAST, edit_csv, fresh_base

from grassroots.access.scope import CITY
from grassroots.outputs import brief, escape, exports
from grassroots.store import snapshots
from grassroots.store.pipeline import run_refresh
from queries import run
from tests.pages.apptest import body, drawn, start, tables, visible

EVIL = '=HYPERLINK("http://ev.il","点我")**粗**[点我](http://ev.il)<img src=x onerror=alert(1)>:material/home:$x$'  # 100: a name's most
STREET = "@SUM(1+1)<b>街道</b>_斜体_"
TEAM = "+cmd|' /C calc'!A0 <script>alert(1)</script>队"
POINT = "OP15"  # its burden rises in the last demo week: it is named in the warning, the title, the charts


@pytest.fixture(scope="module")
def evil_base(demo_base, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("evil")
    inbox = tmp / "inbox"
    import shutil

    shutil.copytree(demo_base / "demo_inbox" / LAST.isoformat(), inbox)
    point_unit = next(line.split(",")[1] for line in (inbox / "observation_points.csv").read_text("utf-8-sig").splitlines()
                      if line.startswith(POINT))

    def rename_units(rows):
        code, name, level, district = (rows[0].index(c) for c in ("unit_code", "unit_name", "unit_level", "district_code"))
        street = next(r for r in rows[1:] if r[level] == "street" and r[district] == "150102")
        for r in rows[1:]:
            if r[code] == point_unit:
                r[name] = EVIL
            if r is street:
                r[name] = STREET
        return rows

    def rename_team(rows):
        rows[1][1] = TEAM  # the first team, 新城区's women's corps
        return rows

    edit_csv(inbox / "units.csv", rename_units)
    edit_csv(inbox / "volunteer_teams.csv", rename_team)
    base = fresh_base(demo_base, tmp)
    result = run_refresh(inbox, LAST, base=base)
    assert result.ok, result.problems
    return base


@pytest.fixture
def evil_env(evil_base, monkeypatch):
    monkeypatch.setenv("GRASSROOTS_DATA_DIR", str(evil_base))
    return evil_base


@pytest.fixture(scope="module")
def snapshot(evil_base):
    return snapshots.list_snapshots(evil_base)[-1]


def specs(at) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def strings(value) -> list[str]:
    """Every string inside a chart spec (labels, names, hovers, annotations)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def test_the_escape_reads_back_as_the_original():
    for text in (EVIL, STREET, TEAM):
        escaped = escape.markdown(text)
        assert escape.unescape_markdown(escaped) == text
        assert "<" not in escaped.replace("\\<", "") and "**" not in escaped and "](" not in escaped
        assert ":material/" not in escaped and "http://" not in escaped
    assert escape.plotly(EVIL).count("<") == 0 and "&lt;img" in escape.plotly(EVIL)


def test_burden_page_shows_the_name_literally(evil_env):
    at = start({"point": POINT}, page="views/burden.py")
    warning = at.warning[0].value
    assert escape.markdown(EVIL) in warning and EVIL not in warning
    panel = next(body(e) for e in at.get("html") if "gp-strong" in body(e) and "走势" in body(e))
    title = re.search(r'<p class="gp-strong">(.*?)</p>', panel).group(1)  # the point's panel title, as HTML text
    assert EVIL not in panel and html.escape(EVIL) in title
    assert html.unescape(title) == f"{POINT} {EVIL}：各项指标走势（最近 52 周，更早的见数据探索）"
    points = next(d for d in tables(at) if "观察点编号" in d.columns)
    assert EVIL in points["单位名称"].tolist()  # the drawn table shows cells as plain text
    texts = "".join(drawn(at))
    assert EVIL[:40] not in texts and html.escape(f"{POINT} =HYPERL") in texts  # the small multiple's short title
    assert f"{POINT} =HYPERL" in visible(texts) and "<img src=x" not in texts


def test_restructuring_chart_escapes_the_street(evil_env, snapshot):
    code = run("units_by_street", snapshot, scope=CITY, district_code="150102").filter(pl.col("street_name") == STREET)["street_code"][0]
    at = start({"district": "150102", "street": code}, page="views/restructuring.py")
    texts = "".join(drawn(at))
    assert html.escape(STREET) in texts and "<b>街道" not in texts and STREET in visible(texts)


def test_cogovernance_table_keeps_the_team_name(evil_env):
    at = start(page="views/cogovernance.py")
    teams = next(d for d in tables(at) if "队伍名称" in d.columns)
    assert TEAM in teams["队伍名称"].tolist()
    assert not any(TEAM in m.value for m in at.markdown)  # never handed to Markdown


@pytest.mark.parametrize("interactive", ["0", "1"])
def test_explore_chart_escapes_unit_names(evil_env, interactive):
    at = start({"ds": "observation_weekly", "m": "tasks_pushed_down", "agg": "total", "d1": "unit", "d2": "none",
                "interactive": interactive}, page="views/explore.py")
    if interactive == "1":  # Plotly, on request
        texts = strings(specs(at))
        assert escape.plotly(EVIL) in texts and not any("<img" in t for t in texts)
    else:  # drawn on the server
        (chart,) = drawn(at)
        assert EVIL in visible(chart) and "<img src=x" not in chart and not specs(at)


def test_xlsx_and_csv_store_the_names_as_typed_and_inert(snapshot):
    frame = run("observation_points_latest", snapshot, scope=CITY, district_code=None, rise_pct=10)
    fields = [exports.Field("观察点编号", pl.col("point_id")), exports.Field("单位名称", pl.col("unit_name"))]
    values = exports.values(frame, fields)
    meta = exports.Meta(title="基层减负观察点", as_of=LAST, district="全市", demo=True)
    data = exports.xlsx(values, fields, meta)
    back = pl.read_excel(data, read_options={"header_row": exports.HEADER_ROW})
    assert EVIL in back["单位名称"].to_list()
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    cell = next(c for c in ws["B"] if c.value == EVIL)
    assert cell.data_type == "s" and cell.quotePrefix
    text = exports.csv(values, fields).decode("utf-8-sig")
    assert "'" + EVIL.replace('"', '""') in text


def test_the_brief_prints_the_name_as_typed(snapshot):
    week = brief.build(snapshot, "150121")
    assert any(r["unit"] == EVIL for r in week.rising)
    reader = PdfReader(io.BytesIO(brief.pdf(week)))
    text = "".join(reader.pages[0].extract_text().split())
    assert len(reader.pages) == 1
    assert "".join(EVIL.split()) in text
    workbook = brief.xlsx(week)
    ws = openpyxl.load_workbook(io.BytesIO(workbook))["减负"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == EVIL)
    assert cell.data_type == "s" and cell.quotePrefix


def test_every_chart_builder_escapes_what_it_draws():
    import plotly.express as px

    from app import charts, drawn as draw

    frame = pl.DataFrame({"name": [EVIL, "正常"], "district_code": ["150102", "150103"], "a": [1, 2], "b": [3, 4],
                          "week": ["2026-11-13", "2026-11-20"]})
    made = [  # drawn on the server: every name escaped, and read back as typed
        (draw.grouped_bars(frame, "name", {"a": STREET, "b": "b"}), [EVIL, STREET]),
        (draw.district_bars(frame, "a", "name", reference=1, reference_label=TEAM), [EVIL, TEAM]),
        (draw.district_lines(frame, "week", "a", "name"), [EVIL]),
        (draw.series_lines(frame, "week", {"a": STREET, "b": TEAM}), [STREET, TEAM]),
        (draw.stacked_bars(frame, "name", {"a": STREET}, ["#000"]), [EVIL]),
        (draw.stacked_area(frame, "week", {"a": STREET, "b": TEAM}, ["#000", "#111"]), [STREET, TEAM]),
        (draw.funnel([EVIL, "b"], [2, 1]), [EVIL]),
        (draw.before_after([EVIL], [2], [1], (STREET, "后")), [EVIL, STREET]),
        (draw.small_multiples(frame, "name", "week", "a", {EVIL: EVIL}), [EVIL]),
    ]
    for drawing, names in made:
        assert "<img src=x" not in drawing and "<b>街道" not in drawing and "<script" not in drawing, drawing
        assert all(name in visible(drawing) for name in names), drawing
    texts = strings(charts.style(px.bar(frame.to_pandas(), x="week", y="a", color="name")).to_plotly_json())
    assert not any("<img" in t or "<b>" in t or "<script" in t for t in texts), texts
    assert any("&lt;" in t for t in texts)
