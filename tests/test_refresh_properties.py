"""Property-based tests: whatever a district types into a cell, the refresh either publishes the
value the district meant or refuses with named problems — never a traceback, never a silently
changed value. The expected value comes from a small oracle written independently of cells.py."""

from __future__ import annotations

import copy
import datetime as dt
import re
import shutil
import unicodedata
from decimal import Decimal

import polars as pl
import pytest
import tiny
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from grassroots.intake.cells import CellError, parse_cell
from grassroots.desk import cell_text
from grassroots.store.pipeline import run_refresh
from grassroots.catalogue.tables import REPORTS, TABLES

INVALID = object()  # the oracle's "no single reading": must be refused


def oracle(col, text: str):
    """What a person reading the cell would take it to mean, or INVALID."""
    t = text.strip()
    if any(unicodedata.category(ch) in ("Cc", "Cf") or ch == "\ufffd" for ch in t):
        return INVALID
    if t == "":
        return None if col.nullable else INVALID
    n = unicodedata.normalize("NFKC", t).replace("\u2212", "-")
    if col.dtype == "str":
        return n if (col.ref or col.name.endswith(("_code", "_id"))) else t
    if col.dtype in ("int", "float"):
        if not (re.fullmatch(r"[+-]?\d+(\.\d+)?", n) or re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", n)):
            return INVALID
        d = Decimal(n.replace(",", ""))
        if col.dtype == "int":
            return int(d) if d == d.to_integral_value() else INVALID
        return float(d)
    if col.dtype == "date":
        for form in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"):
            try:
                return dt.datetime.strptime(n, form).date()
            except ValueError:
                pass
        return INVALID
    if col.dtype == "bool":
        return {"是": True, "否": False, "true": True, "false": False, "1": True, "0": False,
                "yes": True, "no": False, "y": True, "n": False}.get(n.lower(), INVALID)
    raise AssertionError(col.dtype)


def _numbers():
    ints = st.integers(-10_000, 2_000_000)
    return st.one_of(
        ints.map(str), ints.map(lambda i: f"{i:,}"), ints.map(lambda i: f"{i}.0"),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        ints.map(lambda i: str(i).translate(str.maketrans("0123456789-", "０１２３４５６７８９－"))),
        st.sampled_from(["50,1", "1,2345", "1e3", "NaN", "nan", "-inf", "#N/A", "#DIV/0!", "12%", "1 234", "—", "１,０００"]),
    )


def _cells():
    return st.one_of(
        _numbers(), st.text(max_size=12),
        st.sampled_from(["2026-11-18", "2026/11/18", "2026年11月18日", "20261118", "2026-02-30", "是", "否", "TRUE",
                         "150102", "150102\u200b", " 150102 ", "1.50102E+11", "OP01", "WC01", "\x00", "\ufeff"]),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=6).map(lambda s: f" {s}\u3000"),
    )


COLUMNS = [(t.name, c.name) for t in REPORTS for c in t.columns]


@settings(max_examples=1500, deadline=None, derandomize=True, database=None)
@given(st.sampled_from(COLUMNS), _cells())
def test_a_cell_is_read_as_meant_or_refused(where, text):
    col = TABLES[where[0]].column(where[1])
    meant = oracle(col, text)
    try:
        value = parse_cell(col, text)
    except CellError as err:
        assert err.rule and err.message and err.hint
        return
    assert meant is not INVALID, (text, value)
    assert value == meant and type(value) is type(meant), (text, value, meant)


@pytest.fixture(scope="module")
def week1(tmp_path_factory):
    root = tmp_path_factory.mktemp("tiny-week1-prop")
    assert run_refresh(tiny.write_inbox(root / "inbox", 1), tiny.AS_OF[1], base=root / "data", today=tiny.AS_OF[2]).ok
    return root / "data"


FULL = str.maketrans("0123456789-/", "０１２３４５６７８９－／")


def _respellings(value) -> list[str]:
    """Other ways to type the same value: what a district means without typing it our way."""
    text = cell_text(value)
    out = [f" {text} ", f"\u3000{text}", f"{text}\u00a0"]
    if isinstance(value, int) and not isinstance(value, bool):
        out += [f"{value:,}", f"{value}.0", str(value).translate(FULL)]
    if isinstance(value, dt.date):
        out += [f"{value.year}/{value.month}/{value.day}", f"{value.year}年{value.month}月{value.day}日",
                value.strftime("%Y%m%d"), value.isoformat().translate(FULL)]
    if isinstance(value, bool):
        out += ["TRUE" if value else "FALSE", "1" if value else "0"]
    return out


def _mutations():
    tables = [t for t in REPORTS if tiny.week_rows(2)[t.name]]

    def cell(t):
        return st.integers(0, len(tiny.week_rows(2)[t.name]) - 1).flatmap(lambda i: st.sampled_from(t.column_names).flatmap(
            lambda c: st.tuples(st.just(t.name), st.just(i), st.just(c),
                                st.integers(0, 2).flatmap(lambda k: _cells() if k == 0 else st.sampled_from(
                                    _respellings(tiny.week_rows(2)[t.name][i][c]))))))

    return st.sampled_from(tables).flatmap(cell)


@settings(max_examples=80, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(_mutations())
def test_a_mutated_inbox_publishes_the_same_values_or_is_refused(week1, tmp_path_factory, mutation):
    table, index, column, text = mutation
    root = tmp_path_factory.mktemp("prop")
    base = root / "data"
    shutil.copytree(week1, base)
    rows = copy.deepcopy(tiny.week_rows(2))
    rows[table][index][column] = text  # written as the district typed it
    inbox = root / "inbox"
    tiny.write_inbox(inbox, 2)
    tiny.write_report(inbox / f"{table}.csv", table, rows[table])
    result = run_refresh(inbox, tiny.AS_OF[2], base=base, today=tiny.AS_OF[2])  # must not raise
    event("published" if result.ok else "refused")
    if not result.ok:
        assert result.problems and all(p.rule and p.message for p in result.problems)
        assert result.snapshot is None
        return
    col = TABLES[table].column(column)
    meant = oracle(col, text)
    assert meant is not INVALID, (mutation, "published a value with no single reading")
    rows[table][index][column] = meant
    expected = tiny.frames(2, rows)
    t = TABLES[table]
    published = pl.read_parquet(result.snapshot / f"{table}.parquet").drop("snapshot_date").sort(list(t.key))
    assert published.equals(expected[table].sort(list(t.key))), (mutation, published, expected[table])


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.sampled_from(COLUMNS), st.lists(_cells(), min_size=1, max_size=20))
def test_the_vectorised_reading_of_plain_cells_agrees_with_parse_cell(where, texts):
    """fastcells may only take cells whose reading cannot differ from parse_cell's."""
    import polars as pl

    from grassroots.intake import fastcells

    col = TABLES[where[0]].column(where[1])
    values, plain = fastcells.typed(col, pl.Series(texts, dtype=pl.String))
    for text, value, fast in zip(texts, values.to_list(), plain.to_list()):
        if fast:
            assert parse_cell(col, text) == value, (text, value)
