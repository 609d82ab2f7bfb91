"""House rules that keep the catalogue complete: labels, definitions, help texts."""

from __future__ import annotations

from pathlib import Path

from grassroots.catalogue import cards, figures
from grassroots.catalogue.i18n import STRINGS
from grassroots.catalogue.tables import TABLES

REPO = Path(__file__).resolve().parents[1]


def test_every_string_has_chinese_and_english():
    for key, (zh, en) in STRINGS.items():
        assert zh.strip() and en.strip(), key


def test_every_column_has_labels_and_a_definition():
    for table in TABLES.values():
        assert table.zh and table.en and table.definition and table.source, table.name
        for col in table.columns:
            assert col.zh and col.en and col.definition, f"{table.name}.{col.name}"


def test_every_figure_has_a_complete_definition_card():
    for figure in figures.FIGURES.values():
        card = dict(cards.of_figure(figure.id).lines("zh"))
        assert set(card) == {"业务含义", "数据来源", "计算规则", "责任部门", "更新频率"}
        assert all(v.strip() for v in card.values()), figure.id
        assert figure.zh and figure.en, figure.id


def test_every_headline_and_target_names_a_catalogued_figure():
    config = figures.load_targets()
    assert config["version"]
    for area, ids in config["headline"].items():
        assert ids and all(i in figures.FIGURES for i in ids), area
    assert all(i in figures.FIGURES for i in config["targets"])


def test_every_published_figure_is_in_the_catalogue():
    import csv

    with (REPO / "data" / "ref" / "published_figures.csv").open(encoding="utf-8") as f:
        ids = [r["id"] for r in csv.DictReader(f)]
    assert [i for i in ids if i not in figures.FIGURES] == []


def test_readme_opens_with_the_two_commands():
    head = "\n".join((REPO / "README.md").read_text(encoding="utf-8").splitlines()[:10])
    assert "make run" in head and "make test" in head


def test_every_derived_column_has_labels_and_a_definition():
    from grassroots.catalogue.tables import DERIVED

    for col in DERIVED.values():
        assert col.zh and col.en and col.definition, col.name


def test_every_allowed_value_with_a_label_has_both_languages():
    for table in TABLES.values():
        for col in table.columns:
            if col.choice_labels:
                assert {v for v, _, _ in col.choice_labels} == set(col.choices), f"{table.name}.{col.name}"
                assert all(zh and en for _, zh, en in col.choice_labels)


def test_table_columns_on_pages_take_their_labels_from_the_catalogue():
    """A column's header comes from the schema (ui.col, ctx.label, figure labels), never from the UI strings."""
    import ast

    offenders = []
    for path in sorted((REPO / "views").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "alias":
                for arg in node.args:
                    for inner in ast.walk(arg):
                        if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute) and inner.func.attr == "t":
                            offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


def test_no_python_call_per_row_inside_polars_in_the_app():
    """map_elements in a page can deadlock a server: Polars' pool waits for the GIL that another
    session's st.dataframe (to_pandas) holds while it waits for the pool (deploy/README.md)."""
    offenders = [str(p.relative_to(REPO)) for d in ("app", "views") for p in (REPO / d).rglob("*.py")
                 if ".map_elements(" in p.read_text(encoding="utf-8")]
    assert offenders == []


# Interface words that happen to spell a catalogue label but name another thing (a homonym):
# each with what it names here. Anything else equal to a label is a label declared twice.
HOMONYMS = {
    "status_done": "a figure's status (target reached), not a task's state",
    "status_on_track": "a figure's status, not a task's state",
    "progress": "progress to a target, not a task's state", "brief_col_progress": "the same, in the brief",
    "measure": "the exploration's measure picker", "brief_col_figure": "a row of the brief's figure table",
    "export_unit": "the 口径 sheet's unit column", "brief_col_status": "a figure's status column",
    "col_state": "a report's state on the desk's board", "brief_done": "a chart's legend: tasks done so far",
}


def test_no_interface_sentence_declares_a_catalogue_label_again():
    from grassroots.catalogue.figures import FIGURES
    from grassroots.catalogue.pages import TITLES
    from grassroots.catalogue.tables import AREAS, DERIVED

    labels = {t.zh for t in TABLES.values()} | {c.zh for t in TABLES.values() for c in t.columns}
    labels |= {zh for t in TABLES.values() for c in t.columns for _, zh, _ in c.choice_labels}
    labels |= {c.zh for c in DERIVED.values()} | {f.zh for f in FIGURES.values()}
    labels |= {zh for zh, _ in AREAS.values()} | {zh for zh, _ in TITLES.values()}
    twice = sorted(key for key, (zh, _) in STRINGS.items() if zh in labels and key not in HOMONYMS)
    assert twice == []
    assert set(HOMONYMS) <= set(STRINGS)  # no stale entry


def test_every_page_title_comes_from_the_page_catalogue():
    from app.navigation import PAGES
    from grassroots.catalogue.pages import TITLES

    assert [p.url_path for p in PAGES] == list(TITLES)
    assert all(p.title("zh") and p.title("en") for p in PAGES)
