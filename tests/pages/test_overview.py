"""总览 under AppTest: headline numbers equal the published report; filters change them rightly."""

from __future__ import annotations

import polars as pl
import pytest

from grassroots.catalogue import cards
from grassroots import demo
from grassroots.store.snapshots import REF_DIR
from tests.pages.apptest import cards as shown_cards, header, metrics, number, pick, selectbox, start, title

PUBLISHED = dict(pl.read_csv(REF_DIR / "published_figures.csv").select("id", "value").iter_rows())


@pytest.fixture
def overview(demo_env):
    return start()


def test_headline_cards_show_the_published_figures(overview):
    shown = metrics(overview)
    assert number(shown["街道办事处"]) == PUBLISHED["streets_now"] == 39
    assert number(shown["社区"]) == PUBLISHED["communities"]
    assert number(shown["网格"]) == PUBLISHED["grids"]
    assert number(shown["每万城镇人口社区工作者"]) == PUBLISHED["workers_per_10k_urban"]
    assert number(shown["法律援助志愿服务"]) == PUBLISHED["legal_aid_cases"]
    assert len(shown) == 16


def test_reconciliation_panel_reports_every_figure_matching(overview):
    assert [s.value for s in overview.success] == [f"{len(PUBLISHED)} 项全部一致"]
    assert not overview.error


def test_demo_badge_and_freshness_line(overview):
    text = header(overview)
    assert "示例数据" in text and f"数据截至 {demo.AS_OF_DATES[-1]}" in text


def test_an_earlier_snapshot_shows_fewer_streets(overview):
    pick(overview, "snapshot", demo.AS_OF_DATES[0].isoformat())
    assert number(metrics(overview)["街道办事处"]) == 31
    assert overview.query_params["snapshot"] in (demo.AS_OF_DATES[0].isoformat(), [demo.AS_OF_DATES[0].isoformat()])


def test_one_district_and_the_rest_sum_to_the_city(demo_env):
    city = metrics(start())
    at = start()
    total = 0.0
    names = selectbox(at, "district").options[1:]
    assert len(names) == 10 and names[0] == "新城区"
    for code in demo.World().districts:
        pick(at, "district", code)
        total += number(metrics(at)["网格"])
    assert total == number(city["网格"])


def test_url_parameters_open_the_same_view(demo_env):
    at = start({"district": "150105", "snapshot": demo.AS_OF_DATES[3].isoformat(), "lang": "en"})
    assert selectbox(at, "district").value == "150105"
    assert selectbox(at, "snapshot").value == demo.AS_OF_DATES[3].isoformat()
    assert "Street offices" in metrics(at)


def test_english_switch_translates_the_page(overview):
    overview.button(key="lang_switch").click().run()
    assert title(overview) == "Hohhot grassroots governance dashboard"
    assert "Grids" in metrics(overview)


def test_what_moved_this_week_names_each_change_with_its_delta(overview, demo_base):
    import polars as pl

    last, previous = demo.AS_OF_DATES[-1], demo.AS_OF_DATES[-2]
    # independent of the page's queries: count the rows of the two published Parquet files
    rows = [pl.read_parquet(demo_base / "snapshots" / d.isoformat() / "volunteer_sessions.parquet").height
            for d in (previous, last)]
    sessions = rows[1] - rows[0]
    assert sessions > 0
    line = overview.info[0].value
    assert line.startswith(f"本周变化（较 {previous}）")
    assert f"公益志愿服务 +{sessions:g}场次" in line
    assert "1 个观察点负担上升" in line
    assert "街道办事处" not in line  # streets did not move in the last week


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_card_carries_its_definition(demo_env, lang):
    """Each headline card names the figure and holds, folded under it, its five catalogue lines."""
    from grassroots.catalogue.figures import FIGURES, load_targets

    shown = shown_cards(start({"lang": lang}))
    ids = [i for ids in load_targets()["headline"].values() for i in ids]
    assert list(shown) == ids and len(ids) == 16
    headings = ["业务含义", "数据来源", "计算规则", "责任部门", "更新频率"] if lang == "zh" else \
        ["Meaning", "Source", "Calculation", "Responsible", "Updated"]
    for figure_id, text in shown.items():
        f = FIGURES[figure_id]
        assert text.startswith(f.en if lang == "en" else f.zh), figure_id
        lines = cards.of_figure(figure_id).lines(lang)
        assert [h for h, _ in lines] == headings
        for heading, line in lines:
            assert f"{heading} ：{' '.join(line.split())}" in text, (figure_id, heading)


def test_the_overview_says_which_definitions_its_figures_were_computed_by(demo_env, monkeypatch):
    from grassroots.store import warehouse

    at = start()
    version = warehouse.definitions_version()
    assert any(f"口径版本 {version}" in c.value for c in at.caption)
    assert not [w for w in at.warning if "figures recompute" in w.value]  # (the week's 预警 are warnings too)
    monkeypatch.setattr(warehouse, "definitions_version", lambda: "000000000000")  # the code's definitions moved on
    at = start()
    assert any("figures recompute" in w.value and version in w.value for w in at.warning)
