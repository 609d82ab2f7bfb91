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


def _rule_dump(rules: dict) -> list:
    """What a rule is, with the names of its render functions (a function compares by identity)."""
    return [(r.id, r.zh, r.en, r.wordings, {k: f.__name__ for k, f in r.derive.items()}, r.optional)
            for r in rules.values()]


def test_the_files_as_they_are_give_the_catalogue(tmp_path):  # the faults below are the only change
    loaded = tables_load.load(planted(tmp_path, "tables"))
    assert loaded.tables == TABLES and list(loaded.tables) == list(TABLES) and loaded.derived == DERIVED
    areas, loaded_figures = figures.load(planted(tmp_path, "figures"))
    assert areas == figures.AREA_DEFAULTS and list(loaded_figures.items()) == list(figures.FIGURES.items())
    hints, rules = declare.load(planted(tmp_path, "rules"))
    assert hints == declare.HINTS and _rule_dump(rules) == _rule_dump(declare.RULES)
    assert list(i18n.load(planted(tmp_path, "i18n")).items()) == list(i18n.STRINGS.items())


# The loader and the catalogue folder (or file) of each part.
PARTS = {"tables": (tables_load.load, "tables"), "figures": (figures.load, "figures"),
         "rules": (declare.load, "rules"), "sentences": (i18n.load, "i18n")}
# (part, fault): (file, text in it, what it becomes, what the error must name besides the file)
FAULTS = {
    ("tables", "unknown table key"):
        ("burden.toml", 'name = "task_book"\n', 'name = "task_book"\ncolour = "red"\n',
         ["table 'task_book'", "'colour'", "unknown"]),
    ("tables", "unknown column key"):
        ("burden.toml", 'name = "task_title"\n', 'name = "task_title"\nlabel = "任务"\n',
         ["table 'task_book'", "column 'task_title'", "'label'", "unknown"]),
    ("tables", "missing table key"):
        ("workforce.toml", 'zh = "招录"\n', "",
         ["table 'recruitment'", "'zh'", "missing"]),
    ("tables", "missing column key"):
        ("burden.toml", 'name = "task_title"\ndtype = "str"\n', 'name = "task_title"\n',
         ["table 'task_book'", "column 'task_title'", "'dtype'", "missing"]),
    ("tables", "table value of the wrong type"):
        ("workforce.toml", "history = true", 'history = "yes"',
         ["table 'recruitment'", "'history'", "true or false"]),
    ("tables", "column value of the wrong type"):
        ("burden.toml", "max = 500", 'max = "500"',
         ["table 'observation_weekly'", "column 'tasks_pushed_down'", "'max'", "a number"]),
    ("tables", "unknown dtype"):
        ("burden.toml", 'dtype = "str"', 'dtype = "text"',
         ["table 'task_book'", "column 'task_id'", "'dtype'", "one of"]),
    ("tables", "undeclared unit"):
        ("burden.toml", 'unit = "块"', 'unit = "枚"',
         ["table 'signage_cleanup'", "column 'signs_removed'", "'unit'", "units.py"]),
    ("tables", "table declared twice"):
        ("cogovernance.toml", 'name = "service_sites"', 'name = "grids"',
         ["table 'grids'", "'name'", "second time", "restructuring.toml"]),
    ("tables", "column declared twice"):
        ("burden.toml", 'name = "task_title"', 'name = "task_id"',
         ["table 'task_book'", "column 'task_id'", "'name'", "second time"]),
    ("tables", "derived column declared twice"):
        ("derived.toml", 'name = "place"', 'name = "street_name"',
         ["column 'street_name'", "'name'", "second time"]),
    ("tables", "unknown shorthand"):
        ("burden.toml", 'use = "district"', 'use = "districts"',
         ["table 'signage_cleanup'", "'use'", "unknown shorthand 'districts'"]),
    ("tables", "shorthand key restated"):
        ("burden.toml", 'use = "district"\n', 'use = "district"\ndtype = "int"\n',
         ["table 'signage_cleanup'", "column 'district_code'", "'dtype'", "use = 'district'"]),
    ("tables", "unknown source"):
        ("burden.toml", 'source = "districts"', 'source = "district"',
         ["table 'signage_cleanup'", "'source'", "unknown source 'district'"]),
    ("tables", "unknown code list"):
        ("restructuring.toml", 'codes = "city_indicators"', 'codes = "city_indicator"',
         ["table 'city_indicators'", "column 'indicator_code'", "'codes'", "unknown code list"]),
    ("tables", "key naming no column"):
        ("burden.toml", 'key = ["task_id"]', 'key = ["task_no"]',
         ["table 'task_book'", "'key'", "'task_no'"]),
    ("tables", "unknown shared key"):
        ("shared.toml", "[use.count]\n", "[use.count]\nsize = 3\n",
         ["shorthand 'count'", "'size'", "unknown"]),
    ("tables", "source not a pair"):
        ("shared.toml", 'city = ["市委社会工作部汇总", ', "city = [",
         ["[sources]", "'city'", "pair"]),
    ("tables", "relation of an unknown kind"):
        ("restructuring.toml", 'agrees = { unit = ["district_code"] }', 'agrees = { units = ["district_code"] }',
         ["table 'grids'", "column 'community_code'", "'agrees'", "unknown kind of [refs] 'units'"]),
    ("tables", "relation naming no column"):
        ("restructuring.toml", 'agrees = { unit = ["district_code"] }', 'agrees = { unit = ["district"] }',
         ["table 'grids'", "column 'community_code'", "'agrees'", "'district'"]),
    ("tables", "relation naming a column the other table lacks"):
        ("restructuring.toml", 'agrees = { unit = ["district_code"] }', 'agrees = { unit = ["compounds"] }',
         ["table 'grids'", "column 'community_code'", "'agrees'", "'units' does not have"]),
    ("tables", "ref naming no table"):
        ("shared.toml", 'unit = "units"', 'unit = "unit_list"',
         ["[refs]", "'unit'", "unknown table 'unit_list'"]),
    ("tables", "key given twice"):
        ("burden.toml", 'name = "task_book"\n', 'name = "task_book"\nname = "task_book"\n',
         ["'name'", "line"]),
    ("figures", "unknown key"):
        ("restructuring.toml", 'id = "grids"\n', 'id = "grids"\ncolour = "red"\n',
         ["figure 'grids'", "'colour'", "unknown"]),
    ("figures", "missing key"):
        ("restructuring.toml", 'rule = "网格明细表行数"\n', "",
         ["figure 'grids'", "'rule'", "missing"]),
    ("figures", "wrong type"):
        ("restructuring.toml", 'en = "Grids"', "en = 3",
         ["figure 'grids'", "'en'", "a text"]),
    ("figures", "figure declared twice"):
        ("restructuring.toml", 'id = "streets_target"', 'id = "streets_now"',
         ["figure 'streets_now'", "'id'", "second time"]),
    ("figures", "undeclared unit"):
        ("restructuring.toml", 'unit_zh = "个"', 'unit_zh = "枚"',
         ["figure 'streets_now'", "'unit_zh'", "units.py"]),
    ("figures", "unknown area"):
        ("burden.toml", 'area = "burden"', 'area = "burdens"',
         ["figure 'task_book_done'", "'area'", "unknown area"]),
    ("figures", "unknown frequency"):
        ("restructuring.toml", '\nfrequency = "fixed"', '\nfrequency = "fixd"',
         ["figure 'streets_baseline'", "'frequency'", "unknown frequency 'fixd'"]),
    ("figures", "unknown source"):
        ("restructuring.toml", '\nsource = "city_table"', '\nsource = "city"',
         ["figure 'enforcement_items_before'", "'source'", "unknown source 'city'"]),
    ("figures", "area without its owner"):
        ("shared.toml", 'owner = ["市委社会工作部、市委组织部", "Social Work Department, Organisation Department"]\n', "",
         ["area 'burden'", "'owner'", "missing"]),
    ("figures", "no default frequency"):
        ("shared.toml", 'weekly = ["每周", "Weekly"]\n', "",
         ["[frequencies]", "'weekly'", "missing"]),
    ("figures", "key given twice"):
        ("restructuring.toml", 'id = "grids"\n', 'id = "grids"\nid = "grids"\n',
         ["'id'", "line"]),
    ("rules", "unknown rule key"):
        ("intake.toml", 'id = "required"\n', 'id = "required"\ncolour = "red"\n',
         ["rule 'required'", "'colour'", "unknown"]),
    ("rules", "unknown wording key"):
        ("intake.toml", 'hint_zh = "请填写整数"\n', 'hint_zh = "请填写整数"\nhint_fr = "x"\n',
         ["rule 'wrong_type'", "variant 'fraction'", "'hint_fr'", "unknown"]),
    ("rules", "missing rule key"):
        ("intake.toml", 'id = "required"\nzh = "必填项为空"\n', 'id = "required"\n',
         ["rule 'required'", "'zh'", "missing"]),
    ("rules", "missing message"):
        ("intake.toml", 'en = "should be a whole number, but reads “{value}”"\n', "",
         ["rule 'wrong_type'", "variant 'fraction'", "'en'", "missing"]),
    ("rules", "missing hint"):
        ("intake.toml", 'hint_en = "Enter a whole number"\n', "",
         ["rule 'wrong_type'", "variant 'fraction'", "'hint_en'", "missing"]),
    ("rules", "two hints"):
        ("intake_files.toml", 'hint = "save_as"\n', 'hint = "save_as"\nhint_zh = "另存"\n',
         ["rule 'wrong_delimiter'", "wording", "'hint'", "keep one"]),
    ("rules", "wrong type"):
        ("intake_inbox.toml", 'optional = ["contents", "count"]', 'optional = "contents"',
         ["rule 'subfolder'", "'optional'", "a list of texts"]),
    ("rules", "rule declared twice"):
        ("run.toml", 'id = "busy"', 'id = "required"',
         ["rule 'required'", "'id'", "second time", "intake.toml"]),
    ("rules", "unknown hint"):
        ("intake_files.toml", 'hint = "save_as"', 'hint = "save_az"',
         ["rule 'wrong_delimiter'", "'hint'", "unknown hint 'save_az'"]),
    ("rules", "unknown render function"):
        ("intake_inbox.toml", 'derive = { inside = "inside" }', 'derive = { inside = "insides" }',
         ["rule 'subfolder'", "'derive'", "unknown render function 'insides'"]),
    ("rules", "unknown frame"):
        ("checks.toml", 'frame = "change"', 'frame = "changes"',
         ["rule 'implausible_change'", "variant 'falls'", "'frame'", "unknown frame 'changes'"]),
    ("rules", "frame word not given"):
        ("checks.toml", 'limit_text = ["不能下降", "it may not fall"]\n', "",
         ["rule 'implausible_change'", "variant 'falls_any'", "'limit_text'", "missing"]),
    ("rules", "frame word not in the frame"):
        ("checks.toml", 'fill = ["now"]', 'fill = ["now", "then"]',
         ["rule 'implausible_change'", "frame 'gone'", "'fill'", "'then'"]),
    ("rules", "unknown hint key"):
        ("hints.toml", "[contact]\n", "[contact]\nurgent = true\n",
         ["hint 'contact'", "'urgent'", "unknown"]),
    ("rules", "hint starting with an unknown one"):
        ("hints.toml", 'starts_with = "save_as"', 'starts_with = "save"',
         ["hint 'mixed'", "'starts_with'", "unknown hint"]),
    ("sentences", "a text, not a pair"):
        ("frame.toml", 'demo_badge = ["示例数据", "Demo data"]', 'demo_badge = "示例数据"',
         ["'demo_badge'", "pair of texts"]),
    ("sentences", "one language only"):
        ("frame.toml", 'demo_badge = ["示例数据", "Demo data"]', 'demo_badge = ["示例数据"]',
         ["'demo_badge'", "pair of texts"]),
    ("sentences", "a table, not a pair"):
        ("frame.toml", 'demo_badge = ["示例数据", "Demo data"]', 'demo_badge = { zh = "示例数据", en = "Demo data" }',
         ["'demo_badge'", "pair of texts"]),
    ("sentences", "key given twice"):
        ("frame.toml", 'demo_badge = ["示例数据", "Demo data"]\n',
         'demo_badge = ["示例数据", "Demo data"]\ndemo_badge = ["示例", "Demo"]\n',
         ["'demo_badge'", "line"]),
}


@pytest.mark.parametrize("part, fault", FAULTS)
def test_a_fault_in_a_catalogue_file_is_refused_by_name(tmp_path, part, fault):
    load, folder = PARTS[part]
    file, old, new, names = FAULTS[part, fault]
    refused(load, planted(tmp_path, folder, file, old, new), file, *names)


def test_a_figures_folder_with_a_stray_file_or_an_area_without_its_file_is_refused(tmp_path):
    stray = planted(tmp_path / "a", "figures")
    (stray / "volunteers.toml").write_text((stray / "cogovernance.toml").read_text("utf-8"), "utf-8")
    refused(figures.load, stray, "volunteers.toml", "no area's file")
    missing = planted(tmp_path / "b", "figures")
    (missing / "workforce.toml").unlink()
    refused(figures.load, missing, "shared.toml", "'workforce'", "workforce.toml")


def test_a_sentence_declared_in_two_files_or_a_stray_file_is_refused(tmp_path):
    twice = planted(tmp_path / "a", "i18n")
    (twice / "loop.toml").write_text((twice / "loop.toml").read_text("utf-8") + 'demo_badge = ["示例", "Demo"]\n', "utf-8")
    refused(i18n.load, twice, "loop.toml", "'demo_badge'", "second time", "frame.toml")
    stray = planted(tmp_path / "b", "i18n")
    (stray / "extra.toml").write_text('x = ["甲", "A"]\n', "utf-8")
    refused(i18n.load, stray, "extra.toml", "FILES")
