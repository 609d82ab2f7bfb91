"""Problems are data, worded from the catalogue (grassroots/catalogue/rules/).

- every rule the code can raise is declared, with a name and, per variant, a message and a hint in
  Chinese and English; the rules are found by walking the source (the first argument of every
  `Problem(`, `problem(`, `CellError(`, `FileProblem(` and the desk's `refused(` helper);
- every call site passes the fields its wording needs, and the wording renders in both languages
  with any values of those fields, text that looks like Markdown or HTML coming out as it went in;
- a problem with an unknown rule or variant, or without a field its wording needs, is refused at once;
(tests/test_problems_by_fields.py: nothing decides by the words.)
"""

from __future__ import annotations

import ast
import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grassroots.catalogue import rules
from grassroots.catalogue.figures import FIGURES
from grassroots.catalogue.rules import (CONTENT_KINDS, DELIMITERS, OLD_FORMATS, RULES, TYPE_WORDS, WRITE_REASONS,
                                        CellError, FileProblem, Problem, problem)
from grassroots.catalogue.tables import CITY_INDICATORS, TABLES
from grassroots.checks import plausibility

REPO = Path(__file__).resolve().parents[1]
# The constructors of problems, and the fields each leaves to whoever catches it.
CONSTRUCTORS = {"Problem": (), "problem": (), "CellError": rules.PLACE, "FileProblem": ("file",),
                "refused": ("file", "table")}  # refused: grassroots/desk/upload.py, the worker's verdicts
# Variants the syntax tree cannot tell, each checked by a test of its own below.
COMPUTED_VARIANTS = {("unknown_code", "col.ref"), ("content_mismatch", "fix"), ("implausible_change", "_variant(c)")}
# Helpers that forward a rule they are given (their callers are the call sites).
FORWARDERS = {("grassroots/catalogue/rules/problem.py", "problem"), ("grassroots/desk/upload.py", "refused")}


def product_files() -> list[Path]:
    out = [REPO / f for f in ("dashboard.py", "serve.py", "refresh.py") if (REPO / f).exists()]
    for folder in ("grassroots", "queries", "app", "views"):
        out += sorted((REPO / folder).rglob("*.py"))
    return out


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _function(node: ast.AST, parents) -> ast.AST | None:
    while node in parents:
        node = parents[node]
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return node
    return None


def _dict_fields(name: str, function: ast.AST | None) -> set[str] | None:
    """The keys of `name = dict(a=…, b=…)` in the function, for a call that passes `**name`."""
    for node in ast.walk(function) if function is not None else ():
        if (isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == [name]
                and isinstance(node.value, ast.Call) and getattr(node.value.func, "id", None) == "dict"):
            return {k.arg for k in node.value.keywords if k.arg}
    return None


def call_sites() -> tuple[list[dict], set[tuple[str, str]], set[tuple[str, str]]]:
    """Every construction of a problem with a rule written out: rule, variants, the fields passed
    (None when some come from a `**` the tree cannot read), and where. Also the computed variants,
    and the functions that pass a rule on."""
    sites, computed, forwarders = [], set(), set()
    for path in product_files():
        rel = path.relative_to(REPO).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = _parents(tree)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in CONSTRUCTORS):
                continue
            if not node.args:
                continue
            first = node.args[0]
            function = _function(node, parents)
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                forwarders.add((rel, getattr(function, "name", "")))
                continue
            rule = first.value
            variant_node = node.args[1] if len(node.args) > 1 else next(
                (k.value for k in node.keywords if k.arg == "variant"), ast.Constant(""))
            if isinstance(variant_node, ast.Constant):
                variants = [variant_node.value]
            elif (isinstance(variant_node, ast.IfExp) and isinstance(variant_node.body, ast.Constant)
                  and isinstance(variant_node.orelse, ast.Constant)):
                variants = [variant_node.body.value, variant_node.orelse.value]
            else:
                computed.add((rule, ast.unparse(variant_node)))
                variants = None
            fields: set[str] | None = {k.arg for k in node.keywords if k.arg and k.arg != "variant"}
            for k in node.keywords:
                if k.arg is None:
                    spread = _dict_fields(k.value.id, function) if isinstance(k.value, ast.Name) else None
                    fields = None if spread is None or fields is None else fields | spread
            sites.append({"rule": rule, "variants": variants, "fields": fields,
                          "later": CONSTRUCTORS[node.func.id], "where": f"{rel}:{node.lineno}"})
    return sites, computed, forwarders


SITES, COMPUTED, FORWARDING = call_sites()


def test_the_walk_finds_the_call_sites():  # the checks below would pass vacuously otherwise
    rules_seen = {s["rule"] for s in SITES}
    assert len(SITES) >= 90 and {"wrong_type", "implausible_change", "too_large", "busy", "more_problems"} <= rules_seen
    assert COMPUTED == COMPUTED_VARIANTS
    assert FORWARDING == FORWARDERS


def test_every_rule_the_code_raises_is_declared_with_both_languages():
    for site in SITES:
        assert site["rule"] in RULES, site
        for variant in site["variants"] or ():
            assert variant in RULES[site["rule"]].wordings, site
    for rule in RULES.values():
        assert rule.zh and rule.en and rule.zh != rule.en, rule.id
        assert rule.wordings, rule.id
        for variant, w in rule.wordings.items():
            assert w.zh and w.en and w.hint_zh and w.hint_en, (rule.id, variant)
            assert w.zh != w.en and w.hint_zh != w.hint_en, (rule.id, variant)
            assert {n for n, _ in rules.placeholders(w.zh)} == {n for n, _ in rules.placeholders(w.en)}, (rule.id, variant)
            for template in (w.zh, w.en, w.hint_zh, w.hint_en):
                for name, spec in rules.placeholders(template):
                    assert spec in rules.SPECS or name in rule.derive or _is_python_spec(spec), (rule.id, name, spec)
    assert rules.RULE_NAMES == {r.id: (r.zh, r.en) for r in RULES.values()}


def _is_python_spec(spec: str) -> bool:
    try:
        format(1.5, spec)
        return True
    except ValueError:
        return False


def test_every_call_site_passes_the_fields_its_wording_needs():
    for site in SITES:
        if site["fields"] is None or site["variants"] is None:
            continue  # a `**` of fields the tree cannot read, or a computed variant: the render test covers them
        for variant in site["variants"]:
            missing = RULES[site["rule"]].needs(variant) - site["fields"] - set(site["later"])
            assert not missing, (site["where"], site["rule"], variant, missing)


def test_the_computed_variants_are_declared():
    refs = {c.ref for t in TABLES.values() for c in t.columns if c.ref}
    assert refs <= set(RULES["unknown_code"].wordings)
    assert {"", "workbook", "text"} <= set(RULES["content_mismatch"].wordings)
    changes = [plausibility.Change("community_workers", None, 10, after, rule, limit)
               for after, rule, limit in ((5, "falls", 3), (5, "falls", 0), (20, "rises", 50), (None, "vanishes", 3),
                                          (0, "vanishes", 3))]
    assert [plausibility._variant(c) for c in changes] == ["falls", "falls_any", "rises", "vanishes", "zero"]
    assert set(RULES["implausible_change"].wordings) == {"falls", "falls_any", "rises", "vanishes", "zero"}


# ------------------------------------------------------------------ rendering, with any values
LOOKS_LIKE_MARKUP = ["**粗体**", "<b>街道</b>", "[点我](http://evil.example)", "<script>alert(1)</script>", "$x$",
                     "{value}", "{0}", "%s", "_斜体_", "=SUM(1+1)", "a\\nb", "`code`", "#N/A", ":material/home:"]
TEXT = st.one_of(st.sampled_from(LOOKS_LIKE_MARKUP), st.text(max_size=40))
DISTRICTS = sorted(rules._districts())
INVISIBLE = [c for c in range(0x3000) if unicodedata.category(chr(c)) in ("Cc", "Cf")] + [0xFEFF, 0xFFFD, 0xE000, 0xF8FF]


def _strategy(name: str, specs: set[str]):
    """A strategy for one field, from how its templates write it."""
    if name == "figure" or specs & {"figure", "unit"}:
        return st.sampled_from(sorted(FIGURES))
    if specs & {"char", "codepoint"}:
        return st.sampled_from(INVISIBLE)
    if specs & {"size", "mb", "mb1", "gib", ","}:
        return st.integers(0, 2**40)
    if specs & {"number", "g", "+.1f"}:
        return st.floats(-1e12, 1e12, allow_nan=False) | st.integers(-10**9, 10**9)
    if "list" in specs:
        return st.lists(TEXT, min_size=1, max_size=4)
    if specs & {"district", "scope"}:
        return st.sampled_from(DISTRICTS) | TEXT
    words = {"report": TABLES, "type": TYPE_WORDS, "content": CONTENT_KINDS, "delimiter": DELIMITERS,
             "format": OLD_FORMATS, "indicator": CITY_INDICATORS, "reason": WRITE_REASONS}
    for spec, known in words.items():
        if spec in specs:
            return st.sampled_from(sorted(known)) | TEXT
    return TEXT


def _specs(rule: str, variant: str) -> dict[str, set[str]]:
    w = RULES[rule].wordings[variant]
    out: dict[str, set[str]] = {}
    for template in (w.zh, w.en, w.hint_zh, w.hint_en):
        for name, spec in rules.placeholders(template):
            out.setdefault(name, set()).add(spec)
    return out


@st.composite
def fields_for(draw, rule: str, variant: str, names: set[str]) -> dict:
    """Values for the fields a call site passes (and what its catcher adds)."""
    specs = _specs(rule, variant)
    names = set(names) | set(RULES[rule].needs(variant))
    out: dict = {}
    table = draw(st.sampled_from([t for t in TABLES.values() if len(t.columns) >= 2]))
    for name in sorted(names):
        if name == "table":
            out[name] = table.name
        elif name == "column":
            one = st.sampled_from(table.column_names)
            several = st.lists(one, min_size=1, max_size=3, unique=True)  # a key of several columns
            out[name] = draw(one if "column" in specs.get(name, set()) else one | several)
            out["table"] = table.name
        elif name in ("whole", "agree"):  # a column of the table, by name
            out[name] = draw(st.sampled_from(table.column_names))
            out["table"] = table.name
        elif name == "row" or name == "position":
            out[name] = draw(st.integers(1, 1_048_576))
        elif name == "movers":
            out[name] = draw(st.lists(st.tuples(st.sampled_from(DISTRICTS), st.none() | st.floats(0, 1e6),
                                                st.none() | st.floats(0, 1e6)), max_size=5))
            out["moved"] = len(out[name]) + draw(st.integers(0, 10))
        elif name == "moved":
            continue
        elif name == "contents":
            out[name] = draw(st.lists(TEXT, max_size=5))
            out["count"] = len(out[name]) + draw(st.integers(0, 10))
        elif name == "count" and rule == "subfolder":
            continue
        elif name == "district" and "scope" in specs.get(name, set()):
            out[name] = draw(st.none() | st.sampled_from(DISTRICTS))
        else:
            out[name] = draw(_strategy(name, specs.get(name, set())))
    return out


RENDERED = [(s["rule"], v, frozenset((s["fields"] or set()) | set(s["later"])), s["where"])
            for s in SITES for v in (s["variants"] or RULES[s["rule"]].wordings)]


@pytest.mark.parametrize("rule, variant, names, where", RENDERED, ids=[f"{r}:{v}@{w}" for r, v, _, w in RENDERED])
@settings(max_examples=15, deadline=None, derandomize=True, database=None)
@given(data=st.data())
def test_every_wording_renders_in_both_languages_and_survives_json(rule, variant, names, where, data):
    values = data.draw(fields_for(rule, variant, names))
    p = problem(rule, variant, **values)
    specs = _specs(rule, variant)
    w = RULES[rule].wordings[variant]
    for lang in ("zh", "en"):
        message, hint = p.message_in(lang), p.hint_in(lang)
        assert message and hint
        for name, value in p.fields().items():  # a value written as it is comes out unchanged
            if specs.get(name) == {""} and isinstance(value, str):
                if any(n == name for n, _ in rules.placeholders(w.template("message", lang))):
                    assert value in message, (name, value, message)
                if any(n == name for n, _ in rules.placeholders(w.template("hint", lang))):
                    assert value in hint, (name, value, hint)
        assert p.line(lang).endswith(f"[{'rule' if lang == 'en' else '规则'} {rule}]")
        if p.get("header") is not None:
            assert p.column_label(lang) == p.get("header")
    assert str(p) == p.line("zh")
    assert Problem.from_json(json.loads(json.dumps(p.as_json(), ensure_ascii=False))) == p


def test_the_one_line_form_is_today_s():
    p = problem("wrong_type", file="grids.csv", row=7, table="grids", column="compounds", value="many", expected="int")
    assert str(p) == ("grids.csv 第 7 行 列「覆盖小区数（compounds）」：应为整数，实际为“many”"
                      "（只填数字，不要带单位、百分号或文字；没有的请填 0） [规则 wrong_type]")
    assert p.line("en") == ("grids.csv row 7 column “residential compounds (compounds)”: should be a whole number, but "
                            "reads “many” (Enter digits only, without a unit, a per cent sign or words; enter 0 where "
                            "there is none) [rule wrong_type]")
    change = problem("implausible_change", "falls", figure="community_workers", previous="2026-11-13", before=500,
                     after=300, pct=-40.0, limit=3, movers=[("150102", 50, 30)], moved=1)
    assert str(change) == ("列「社区工作者（community_workers）」：全市“社区工作者”由上期（2026-11-13）的 500人 变为 300人"
                           "（-40.0%），超出允许的每周变化（每周下降不超过 3%）。变化来自：新城区 50 → 30（请核对相关旗县区的"
                           "报表是否漏报或重复统计；如确属实际变化，请加 --accept-change community_workers 重新运行） [规则 implausible_change]")
    missing = problem("incomplete_report", file="workforce.xlsx", table="workforce", column="district_code", district="150102")
    assert missing.message == "报表“社区工作者队伍”缺少新城区（150102）的数据：每个旗县区每周都要报送这张表"
    assert "Xincheng (150102)" in missing.message_in("en") and missing.column_label("en") == "district code (district_code)"
    assert problem("more_problems", file="a.csv", of="wrong_type", count=3, total=23).message == "同类问题另有 3 处未逐条列出（共 23 处）"
    assert problem("unlabelled_column", file="a.csv", row=1, position=3).column_label() == "第3列"


def test_capping_is_a_rule_of_its_own_that_keeps_the_place():
    many = [problem("wrong_type", file="grids.csv", row=n, table="grids", column="compounds", value="x", expected="int")
            for n in range(2, 30)]
    out = rules.capped(many, per_kind=20)
    assert len(out) == 21 and out[:20] == many[:20]
    summary = out[-1]
    assert (summary.rule, summary.file, summary.table, summary.column, summary.get("of")) == (
        "more_problems", "grids.csv", "grids", "compounds", "wrong_type")
    assert summary.get("count") == 8 and summary.get("total") == 28
    assert str(summary).startswith("grids.csv 列「覆盖小区数（compounds）」：同类问题另有 8 处未逐条列出（共 28 处）")


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(st.lists(st.tuples(st.sampled_from(["a.csv", "b.csv"]), st.sampled_from(["compounds", "district_code"]),
                          st.sampled_from(["required", "wrong_type"])), max_size=80),
       st.integers(1, 6), st.integers(0, 4))
def test_a_tally_keeps_while_finding_what_capping_keeps_afterwards(kinds, per_kind, skipped):
    """Problems kept as they are found (checks over millions of rows) read as the same capped list."""
    many = [problem(rule, file=file, row=n, table="grids", column=column, value="x", expected="int")
            for n, (file, column, rule) in enumerate(kinds, start=2)]
    kept: list = []
    tally = rules.Tally(kept, per_kind)
    for p in many:
        tally.add(p)
    for key in [k for k in tally.seen if not tally.room(k)]:  # a full kind's further rows: counted, never built
        tally.count(key, skipped)
        many += [tally.first[key]] * skipped  # what they would have been, for the capping afterwards
    tally.close()
    assert rules.capped(kept, per_kind) == rules.capped(many, per_kind) == rules.capped(rules.capped(many, per_kind), per_kind)
    assert rules.total(rules.capped(kept, per_kind)) == len(many)


# ------------------------------------------------------------------ typos are refused at once
@pytest.mark.parametrize("make", [
    lambda: problem("no_such_rule", file="a.csv"),
    lambda: problem("wrong_type", "no_such_variant", value="x", expected="int"),
    lambda: problem("wrong_type", value="x"),  # expected is missing
    lambda: problem("required", table="grids", column="no_such_column"),
    lambda: problem("required", column="compounds"),  # a column without its table
    lambda: problem("required", table="no_such_table"),
    lambda: problem("unknown_code", value="x"),  # unknown_code has no default wording: name the column's kind
    lambda: CellError("wrong_type", "date"),  # the cell's value is missing
    lambda: FileProblem("no_sheet", sheets=["Sheet1"]),  # the report is missing
    lambda: Problem("wrong_type", "应为整数，实际为“x”"),  # the old call, message in the variant's place
    lambda: Problem("required", extra=(("file", "a.csv"),)),  # a named field smuggled in among the others
], ids=["rule", "variant", "field", "column", "table-less column", "table", "no default", "CellError", "FileProblem",
        "old call", "extra"])
def test_a_typo_is_refused_when_the_problem_is_made(make):
    with pytest.raises(ValueError):
        make()


def test_cell_and_file_problems_carry_the_same_data_and_become_problems():
    err = CellError("excel_error", value="#N/A")
    assert (err.rule, err.variant, err.fields) == ("excel_error", "", {"value": "#N/A"})
    assert err.message == "单元格是 Excel 错误值“#N/A”，不是数据" and err.hint
    p = err.problem(file="a.csv", row=4, table="workforce", column="heads")
    assert p == problem("excel_error", file="a.csv", row=4, table="workforce", column="heads", value="#N/A")
    raised = FileProblem("mixed_encoding", "gbk_first", row=4)
    assert raised.row == 4 and "从第 4 行起出现 UTF-8" in raised.message
    assert raised.problem("a.csv") == problem("mixed_encoding", "gbk_first", file="a.csv", row=4)
