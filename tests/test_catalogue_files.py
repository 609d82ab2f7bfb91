"""The catalogue's data files (TOML) are read strictly: a fault planted in a copy of them (a key
the entry does not have, a key it lacks, a value of the wrong type, an id declared twice, a name of
a shorthand, source, frame or render function that does not exist) stops the loader with an error
naming the file, the entry and the key. Each test plants one fault in a temporary copy and reads
the error; it fails if the loader stops checking.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from grassroots.catalogue import figures, i18n
from grassroots.catalogue.datafiles import CatalogueFileError
from grassroots.catalogue.rules import declare
from grassroots.catalogue.tables import DERIVED, TABLES
from grassroots.catalogue.tables import load as tables_load

CATALOGUE = Path(__file__).resolve().parents[1] / "grassroots" / "catalogue"


def planted(tmp_path: Path, folder: str, file: str = "", old: str = "", new: str = "") -> Path:
    """A copy of the catalogue folder (or file) `folder` whose `file` has `old` replaced by `new` once
    (without `old`: as it is)."""
    source = CATALOGUE / folder
    copy = tmp_path / source.name
    if source.is_dir():
        shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    else:
        shutil.copy(source, copy)
    if not old:
        return copy
    target = copy / file if source.is_dir() else copy
    text = target.read_text(encoding="utf-8")
    assert old in text, f"the fault's anchor is gone from {file}: {old!r}"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return copy


def refused(load, where: Path, *names: str) -> str:
    """The loader's error on `where`, once it names every one of `names` (file, entry, key)."""
    with pytest.raises(CatalogueFileError) as caught:
        load(where)
    message = str(caught.value)
    for name in names:
        assert name in message, (name, message)
    return message


# ------------------------------------------------------------------ tables and columns
def test_the_table_files_as_they_are_give_the_catalogue(tmp_path):
    loaded = tables_load.load(planted(tmp_path, "tables"))
    assert loaded.tables == TABLES and list(loaded.tables) == list(TABLES) and loaded.derived == DERIVED


TABLE_FAULTS = {
    "unknown table key": ("burden.toml", 'name = "task_book"\n', 'name = "task_book"\ncolour = "red"\n',
                          ["burden.toml", "table 'task_book'", "'colour'", "unknown"]),
    "unknown column key": ("burden.toml", 'name = "task_title"\n', 'name = "task_title"\nlabel = "任务"\n',
                           ["burden.toml", "table 'task_book'", "column 'task_title'", "'label'", "unknown"]),
    "missing table key": ("workforce.toml", 'zh = "招录"\n', "",
                          ["workforce.toml", "table 'recruitment'", "'zh'", "missing"]),
    "missing column key": ("burden.toml", 'name = "task_title"\ndtype = "str"\n', 'name = "task_title"\n',
                           ["burden.toml", "table 'task_book'", "column 'task_title'", "'dtype'", "missing"]),
    "table value of the wrong type": ("workforce.toml", "history = true", 'history = "yes"',
                                      ["workforce.toml", "table 'recruitment'", "'history'", "true or false"]),
    "column value of the wrong type": ("burden.toml", "max = 500", 'max = "500"',
                                       ["burden.toml", "table 'observation_weekly'", "column 'tasks_pushed_down'",
                                        "'max'", "a number"]),
    "unknown dtype": ("burden.toml", 'dtype = "str"', 'dtype = "text"',
                      ["burden.toml", "table 'task_book'", "column 'task_id'", "'dtype'", "one of"]),
    "undeclared unit": ("burden.toml", 'unit = "块"', 'unit = "枚"',
                        ["burden.toml", "table 'signage_cleanup'", "column 'signs_removed'", "'unit'", "units.py"]),
    "table declared twice": ("cogovernance.toml", 'name = "service_sites"', 'name = "grids"',
                             ["cogovernance.toml", "table 'grids'", "'name'", "second time", "restructuring.toml"]),
    "column declared twice": ("burden.toml", 'name = "task_title"', 'name = "task_id"',
                              ["burden.toml", "table 'task_book'", "column 'task_id'", "'name'", "second time"]),
    "derived column declared twice": ("derived.toml", 'name = "place"', 'name = "street_name"',
                                      ["derived.toml", "column 'street_name'", "'name'", "second time"]),
    "unknown shorthand": ("burden.toml", 'use = "district"', 'use = "districts"',
                          ["burden.toml", "table 'signage_cleanup'", "'use'", "unknown shorthand 'districts'"]),
    "shorthand key restated": ("burden.toml", 'use = "district"\n', 'use = "district"\ndtype = "int"\n',
                               ["burden.toml", "table 'signage_cleanup'", "column 'district_code'", "'dtype'",
                                "use = 'district'"]),
    "unknown source": ("burden.toml", 'source = "districts"', 'source = "district"',
                       ["burden.toml", "table 'signage_cleanup'", "'source'", "unknown source 'district'"]),
    "unknown code list": ("restructuring.toml", 'codes = "city_indicators"', 'codes = "city_indicator"',
                          ["restructuring.toml", "table 'city_indicators'", "column 'indicator_code'", "'codes'",
                           "unknown code list"]),
    "key naming no column": ("burden.toml", 'key = ["task_id"]', 'key = ["task_no"]',
                             ["burden.toml", "table 'task_book'", "'key'", "'task_no'"]),
    "unknown shared key": ("shared.toml", "[use.count]\n", "[use.count]\nsize = 3\n",
                           ["shared.toml", "shorthand 'count'", "'size'", "unknown"]),
    "source not a pair": ("shared.toml", 'city = ["市委社会工作部汇总", ', 'city = [',
                          ["shared.toml", "[sources]", "'city'", "pair"]),
    "key given twice": ("burden.toml", 'name = "task_book"\n', 'name = "task_book"\nname = "task_book"\n',
                        ["burden.toml", "'name'", "line"]),
}


@pytest.mark.parametrize("fault", TABLE_FAULTS)
def test_a_fault_in_a_table_file_is_refused_by_name(tmp_path, fault):
    file, old, new, names = TABLE_FAULTS[fault]
    refused(tables_load.load, planted(tmp_path, "tables", file, old, new), *names)


# ------------------------------------------------------------------ figures
def test_the_figures_file_as_it_is_gives_the_catalogue(tmp_path):
    areas, loaded = figures.load(planted(tmp_path, "figures.toml"))
    assert areas == figures.AREA_DEFAULTS and loaded == figures.FIGURES and list(loaded) == list(figures.FIGURES)


FIGURE_FAULTS = {
    "unknown key": ('id = "grids"\n', 'id = "grids"\ncolour = "red"\n', ["figure 'grids'", "'colour'", "unknown"]),
    "missing key": ('rule = "网格明细表行数"\n', "", ["figure 'grids'", "'rule'", "missing"]),
    "wrong type": ('en = "Grids"', "en = 3", ["figure 'grids'", "'en'", "a text"]),
    "figure declared twice": ('id = "streets_target"', 'id = "streets_now"',
                              ["figure 'streets_now'", "'id'", "second time"]),
    "undeclared unit": ('unit_zh = "个"', 'unit_zh = "枚"', ["figure 'streets_now'", "'unit_zh'", "units.py"]),
    "unknown area": ('area = "burden"', 'area = "burdens"', ["figure 'task_book_done'", "'area'", "unknown area"]),
    "unknown frequency": ('\nfrequency = "fixed"', '\nfrequency = "fixd"',
                          ["figure 'streets_baseline'", "'frequency'", "unknown frequency 'fixd'"]),
    "unknown source": ('\nsource = "city_table"', '\nsource = "city"',
                       ["figure 'enforcement_items_before'", "'source'", "unknown source 'city'"]),
    "area without its owner": ('owner = ["市委社会工作部、市委组织部", "Social Work Department, Organisation Department"]\n',
                               "", ["area 'burden'", "'owner'", "missing"]),
    "no default frequency": ('weekly = ["每周", "Weekly"]\n', "", ["[frequencies]", "'weekly'", "missing"]),
    "key given twice": ('id = "grids"\n', 'id = "grids"\nid = "grids"\n', ["'id'", "line"]),
}


@pytest.mark.parametrize("fault", FIGURE_FAULTS)
def test_a_fault_in_the_figures_file_is_refused_by_name(tmp_path, fault):
    old, new, names = FIGURE_FAULTS[fault]
    refused(figures.load, planted(tmp_path, "figures.toml", "", old, new), "figures.toml", *names)


# ------------------------------------------------------------------ rules
def _rule_dump(rules: dict) -> list:
    """What a rule is, with the names of its render functions (a function compares by identity)."""
    return [(r.id, r.zh, r.en, r.wordings, {k: f.__name__ for k, f in r.derive.items()}, r.optional)
            for r in rules.values()]


def test_the_rule_files_as_they_are_give_the_rules(tmp_path):
    hints, loaded = declare.load(planted(tmp_path, "rules"))
    assert hints == declare.HINTS and _rule_dump(loaded) == _rule_dump(declare.RULES)


RULE_FAULTS = {
    "unknown rule key": ("intake.toml", 'id = "required"\n', 'id = "required"\ncolour = "red"\n',
                         ["rule 'required'", "'colour'", "unknown"]),
    "unknown wording key": ("intake.toml", 'hint_zh = "请填写整数"\n', 'hint_zh = "请填写整数"\nhint_fr = "x"\n',
                            ["rule 'wrong_type'", "variant 'fraction'", "'hint_fr'", "unknown"]),
    "missing rule key": ("intake.toml", 'id = "required"\nzh = "必填项为空"\n', 'id = "required"\n',
                         ["rule 'required'", "'zh'", "missing"]),
    "missing message": ("intake.toml", 'en = "should be a whole number, but reads “{value}”"\n', "",
                        ["rule 'wrong_type'", "variant 'fraction'", "'en'", "missing"]),
    "missing hint": ("intake.toml", 'hint_en = "Enter a whole number"\n', "",
                     ["rule 'wrong_type'", "variant 'fraction'", "'hint_en'", "missing"]),
    "two hints": ("intake.toml", 'hint = "save_as"\n', 'hint = "save_as"\nhint_zh = "另存"\n',
                  ["rule 'wrong_delimiter'", "wording", "'hint'", "keep one"]),
    "wrong type": ("intake.toml", 'optional = ["contents", "count"]', 'optional = "contents"',
                   ["rule 'subfolder'", "'optional'", "a list of texts"]),
    "rule declared twice": ("run.toml", 'id = "busy"', 'id = "required"',
                            ["run.toml", "rule 'required'", "'id'", "second time", "intake.toml"]),
    "unknown hint": ("intake.toml", 'hint = "save_as"', 'hint = "save_az"',
                     ["rule 'wrong_delimiter'", "'hint'", "unknown hint 'save_az'"]),
    "unknown render function": ("intake.toml", 'derive = { inside = "inside" }', 'derive = { inside = "insides" }',
                                ["rule 'subfolder'", "'derive'", "unknown render function 'insides'"]),
    "unknown frame": ("checks.toml", 'frame = "change"', 'frame = "changes"',
                      ["rule 'implausible_change'", "variant 'falls'", "'frame'", "unknown frame 'changes'"]),
    "frame word not given": ("checks.toml", 'limit_text = ["不能下降", "it may not fall"]\n', "",
                             ["rule 'implausible_change'", "variant 'falls_any'", "'limit_text'", "missing"]),
    "frame word not in the frame": ("checks.toml", 'fill = ["now"]', 'fill = ["now", "then"]',
                                    ["rule 'implausible_change'", "frame 'gone'", "'fill'", "'then'"]),
    "unknown hint key": ("hints.toml", "[contact]\n", "[contact]\nurgent = true\n",
                         ["hints.toml", "hint 'contact'", "'urgent'", "unknown"]),
    "hint starting with an unknown one": ("hints.toml", 'starts_with = "save_as"', 'starts_with = "save"',
                                          ["hints.toml", "hint 'mixed'", "'starts_with'", "unknown hint"]),
}


@pytest.mark.parametrize("fault", RULE_FAULTS)
def test_a_fault_in_a_rule_file_is_refused_by_name(tmp_path, fault):
    file, old, new, names = RULE_FAULTS[fault]
    refused(declare.load, planted(tmp_path, "rules", file, old, new), file, *names)


# ------------------------------------------------------------------ interface sentences
def test_the_sentence_file_as_it_is_gives_the_sentences(tmp_path):
    loaded = i18n.load(planted(tmp_path, "i18n.toml"))
    assert loaded == i18n.STRINGS and list(loaded) == list(i18n.STRINGS)


SENTENCE_FAULTS = {
    "a text, not a pair": ('demo_badge = ["示例数据", "Demo data"]', 'demo_badge = "示例数据"',
                           ["'demo_badge'", "pair of texts"]),
    "one language only": ('demo_badge = ["示例数据", "Demo data"]', 'demo_badge = ["示例数据"]',
                          ["'demo_badge'", "pair of texts"]),
    "a table, not a pair": ('demo_badge = ["示例数据", "Demo data"]', 'demo_badge = { zh = "示例数据", en = "Demo data" }',
                            ["'demo_badge'", "pair of texts"]),
    "key given twice": ('demo_badge = ["示例数据", "Demo data"]\n',
                        'demo_badge = ["示例数据", "Demo data"]\ndemo_badge = ["示例", "Demo"]\n',
                        ["'demo_badge'", "line"]),
}


@pytest.mark.parametrize("fault", SENTENCE_FAULTS)
def test_a_fault_in_the_sentence_file_is_refused_by_name(tmp_path, fault):
    old, new, names = SENTENCE_FAULTS[fault]
    refused(i18n.load, planted(tmp_path, "i18n.toml", "", old, new), "i18n.toml", *names)
