"""Nothing decides by a problem's words: no product code reads a message or hint to decide something
(the syntax tree is searched); the desk finds a district's problem by its district field, whatever
the message says; a problem comes back from the upload worker's JSON as the same dataclass."""

from __future__ import annotations

import ast
import datetime as dt
import json

from test_rules import REPO, product_files

from grassroots import desk
from grassroots.catalogue import rules
from grassroots.catalogue.rules import RULES, Problem, problem
from grassroots.catalogue.tables import TABLES
from grassroots.desk.week import WeekCheck


# ------------------------------------------------------------------ nothing decides by the words
WORDS = {"message", "hint", "message_in", "hint_in", "line"}
TEXT_TESTS = {"startswith", "endswith", "find", "rfind", "index", "rindex", "count", "split", "rsplit", "partition",
              "__contains__", "search", "match", "fullmatch", "findall", "sub"}


def _wordy(node: ast.AST) -> bool:
    """A problem's words: `x.message`, `x.hint`, or `x.message_in(…)`, `x.hint_in(…)`, `x.line(…)`."""
    if isinstance(node, ast.Attribute) and node.attr in {"message", "hint"}:
        return True
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WORDS - {"message", "hint"}


def decisions_by_words(source: str) -> list[int]:
    """Lines where code compares a message or hint, or searches in one."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare) and any(_wordy(x) for x in (node.left, *node.comparators)):
            found.append(node.lineno)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in TEXT_TESTS:
            if _wordy(node.func.value) or any(_wordy(a) for a in node.args):
                found.append(node.lineno)
    return found


def test_the_search_for_decisions_by_words_finds_them():  # the test below would pass vacuously otherwise
    planted = '''
if "MemoryError" in p.message: pass
ok = district in p.message
same = p.hint == "请核对"
if p.message.startswith("文件"): pass
hit = re.search("150102", p.message_in("zh"))
fine = [p.message_in(lang) for p in problems]
'''
    assert decisions_by_words(planted) == [2, 3, 4, 5, 6]


def test_no_product_code_decides_by_a_message_or_hint():
    found = {}
    for path in product_files():
        lines = decisions_by_words(path.read_text(encoding="utf-8"))
        if lines:
            found[path.relative_to(REPO).as_posix()] = lines
    assert found == {}


# ------------------------------------------------------------------ the desk finds a district's problem by its field
def _two_district_week(p: Problem) -> WeekCheck:
    files = {("workforce", "150102"): "workforce__150102.csv", ("workforce", "150103"): "workforce__150103.csv"}
    return WeekCheck(dt.date(2026, 11, 27), files, [p], [], set(), False)


def test_concerns_reads_the_district_field_even_when_the_message_is_reworded(monkeypatch, tmp_path):
    reworded = rules.Wording("报表“{table:report}”少了一个旗县区", "请补上", "the report “{table:report}” lacks a district",
                             "Add it")
    wordings = dict(RULES["incomplete_report"].wordings, **{"": reworded})
    monkeypatch.setitem(RULES, "incomplete_report", rules.Rule("incomplete_report", "缺", "missing", wordings))
    p = problem("incomplete_report", file="workforce__150102.csv、workforce__150103.csv", table="workforce",
                column="district_code", district="150102")
    assert "150102" not in p.message and "150102" not in p.message_in("en")  # the words no longer name it
    assert desk.concerns(p, "workforce__150102.csv", "150102")
    assert not desk.concerns(p, "workforce__150103.csv", "150103")
    check = _two_district_week(p)
    assert check.of_file("workforce__150102.csv", "150102") == [p] and check.week_level == []

    import importlib

    from grassroots.access.audit import AuditLog

    board_module = importlib.import_module("grassroots.desk.board")  # the package re-exports its function `board`
    monkeypatch.setattr(board_module, "week_status", lambda *a, **k: check)
    cells, _ = desk.board(tmp_path, check.as_of, AuditLog(tmp_path / "audit.sqlite"), districts=["150102", "150103"])
    by = {(c.report, c.district): c for c in cells}
    assert (by[("workforce", "150102")].state, by[("workforce", "150102")].problems) == ("problems", 1)
    assert (by[("workforce", "150103")].state, by[("workforce", "150103")].problems) == ("ok", 0)


def test_the_worker_s_memory_case_is_a_variant_not_words():
    from grassroots.desk import worker

    stored = "workforce__150102.csv"
    memory = problem("unreadable", "memory", file=stored, error="MemoryError", detail="")
    other = problem("unreadable", file=stored, error="ValueError", detail="MemoryError mentioned in passing")
    assert worker.out_of_memory(_two_district_week(memory), stored)
    assert not worker.out_of_memory(_two_district_week(other), stored)


def test_a_week_check_survives_the_worker_s_json_unchanged():
    problems = [problem("wrong_type", "date", file="a.csv", row=3, table="legal_aid_cases", column="handled_on",
                        value="46344", expected="date"),
                problem("duplicate_key", file="a.csv", row=4, table="grids", column=("grid_code",), value="G1",
                        first_file="a.csv", first_row=2),
                problem("unknown_value", file="a.csv", row=5, table="units", column="unit_level", value="镇",
                        expected=TABLES["units"].column("unit_level").choices),
                problem("implausible_change", "vanishes", district="150102", figure="community_workers",
                        previous="2026-11-13", before=1544.0)]
    check = WeekCheck(dt.date(2026, 11, 27), {("grids", None): "a.csv"}, problems, [], {"x.csv"}, True)
    again = desk.week_check_from_json(json.loads(json.dumps(desk.week_check_json(check))))
    assert again == check and all(isinstance(p, Problem) for p in again.problems)


def test_the_desk_table_speaks_the_page_s_language():
    p = problem("wrong_type", file="队伍.xlsx", row=4, table="workforce", column="community_workers", value="50人",
                expected="int")
    zh, en = desk.problem_frame([p], "zh").row(0, named=True), desk.problem_frame([p], "en").row(0, named=True)
    assert zh["column"] == "社区工作者（community_workers）" and zh["problem"] == "应为整数，实际为“50人”"
    assert en["column"].endswith("(community_workers)") and en["problem"] == "should be a whole number, but reads “50人”"
    assert en["todo"].startswith("Enter digits only") and en["rule"] == "wrong type [wrong_type]"
