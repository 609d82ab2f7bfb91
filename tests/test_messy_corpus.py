"""Every messy inbox of the corpus ends published with the values the district meant, or refused
with exactly the named problems; never a traceback, never a half-written snapshot."""

from __future__ import annotations

import re
import shutil

import polars as pl
import pytest
import tiny
from messy.cases import ANY, CASES

from grassroots.store.pipeline import run_refresh
from grassroots.catalogue.tables import REPORTS
from grassroots.store.snapshots import sha256


def snapshot_tree(base):
    root = base / "snapshots"
    return {str(p.relative_to(root)): ("dir" if p.is_dir() else sha256(p)) for p in sorted(root.rglob("*"))}


@pytest.fixture(scope="session")
def week1_base(tmp_path_factory):
    root = tmp_path_factory.mktemp("tiny-week1")
    result = run_refresh(tiny.write_inbox(root / "inbox", 1), tiny.AS_OF[1], base=root / "data", today=tiny.AS_OF[2])
    assert result.ok, result.problems
    return root / "data"


def _key(p) -> tuple:
    column = p.column_label("zh")  # as the template labels it; a problem carries the column's name
    if column:
        m = re.search(r"（([a-z0-9_]+)）$", column)
        column = m[1] if m else column
    return (p.rule, p.file, p.row, column)


def _matches(actual: tuple, expected: tuple) -> bool:
    return all(e == ANY or a == e for a, e in zip(actual, expected))


def _named(problems, expected) -> None:
    """Exactly the expected problems (or warnings), each (rule, file, row, column), "*" for any."""
    actual = sorted(_key(p) for p in problems)
    assert len(actual) == len(expected) and all(
        any(_matches(a, e) for a in actual) for e in sorted(expected, key=str)), (actual, expected)


def test_the_corpus_is_big_enough():
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_messy_inbox(case, week1_base, tmp_path):
    base = tmp_path / "data"
    shutil.copytree(week1_base, base)
    inbox = tiny.write_inbox(tmp_path / "inbox", 2)
    case.edit(inbox)
    before = snapshot_tree(base)
    result = run_refresh(inbox, tiny.AS_OF[2], base=base, accept_changes=case.accept, today=tiny.AS_OF[2])
    if case.refused:
        _named(result.problems, case.refused)
        assert result.snapshot is None and snapshot_tree(base) == before
        assert all(p.message and p.hint for p in result.problems)
        assert "root:" not in "\n".join(map(str, result.problems))  # nothing read from outside the inbox
        return
    assert result.ok, [str(p) for p in result.problems]
    assert len(result.notes) == case.notes, [str(n) for n in result.notes]
    _named(result.warnings, case.warned)
    meant = tiny.frames(2)
    if case.meant:
        case.meant(meant)
    for t in REPORTS:
        published = pl.read_parquet(result.snapshot / f"{t.name}.parquet").drop("snapshot_date").sort(list(t.key))
        assert published.equals(meant[t.name].sort(list(t.key))), (t.name, published, meant[t.name])
    accepted = {c["figure"] for c in result.manifest["accepted_changes"]}
    assert accepted == set(case.accept)
