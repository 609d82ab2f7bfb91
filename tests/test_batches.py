"""A report is read in batches (reports.BATCH rows; the refresh never holds a big file's rows as
Python lists): whatever the batch size, the rows read, their row numbers, the notes, the problems
and the published frame are those of reading the file in one batch. A smaller stand-in for the
2-million-row report `make bench` reads (bench/big_report.py): the batch size is a parameter, so
a file of a few thousand rows crosses hundreds of batch boundaries, with messy rows on them."""

from __future__ import annotations

import tempfile
from pathlib import Path

import tiny
from hypothesis import given, settings
from hypothesis import strategies as st

from grassroots.catalogue.rules import PER_KIND, capped
from grassroots.catalogue.tables import TABLES
from grassroots.checks.validate import parse_reports
from grassroots.intake.inbox import list_inbox

LABELS = [c.zh for c in TABLES["grids"].columns]
COMMUNITIES = [(p[2], d) for d, p in tiny.PLACES.items() if d not in tiny.VILLAGES]
ROWS = 1_500
# what a district's sheet holds besides plain rows; each is read the same way in any batch
MESSY = {
    "blank": lambda i, c, d: ["", "", "", ""],
    "total": lambda i, c, d: ["合计", "", "", "99"],
    "footer": lambda i, c, d: ["填表人：张三"],
    "header": lambda i, c, d: LABELS,
    "extra": lambda i, c, d: [f"{c}9{i:04d}", c, d, "2", "多出一格"],
    "bad_count": lambda i, c, d: [f"{c}8{i:04d}", c, d, "两个"],
    "spaced": lambda i, c, d: [f" {c}7{i:04d} ", c, d, "３"],  # not plain, read by parse_cell
    "unknown_community": lambda i, c, d: [f"{c}6{i:04d}", "150102999999", d, "1"],
}


def _write(folder: Path, messy: list[tuple[int, str]], encoding: str, newline: str) -> Path:
    tiny.write_inbox(folder, 1)
    lines = [LABELS]
    for i in range(ROWS):
        c, d = COMMUNITIES[i % len(COMMUNITIES)]
        lines.append([f"{c}{i:04d}", c, d, str(1 + i % 7)])
    for at, kind in sorted(messy, reverse=True):
        c, d = COMMUNITIES[at % len(COMMUNITIES)]
        lines.insert(1 + at, MESSY[kind](at, c, d))
    text = newline.join(",".join(cells) for cells in lines) + newline
    (folder / "grids.csv").write_bytes(text.encode(encoding))
    return folder


def _read(folder: Path, batch: int):
    problems, notes = [], []
    parsed, sources = parse_reports(list_inbox(folder), folder, dict.fromkeys(tiny.DISTRICTS, ""), problems, notes,
                                    batch=batch)
    return parsed, sources, problems, notes


@settings(max_examples=15, deadline=None, derandomize=True, database=None)
@given(messy=st.lists(st.tuples(st.integers(0, ROWS), st.sampled_from(sorted(MESSY))), max_size=60),
       batch=st.integers(16, 700), encoding=st.sampled_from(["utf-8-sig", "gb18030"]),
       newline=st.sampled_from(["\r\n", "\n"]))
def test_any_batch_size_reads_the_same_rows_problems_and_notes_as_one_batch(messy, batch, encoding, newline):
    with tempfile.TemporaryDirectory() as tmp:
        folder = _write(Path(tmp), messy, encoding, newline)
        parsed, sources, problems, notes = _read(folder, batch)
        whole_parsed, whole_sources, whole_problems, whole_notes = _read(folder, 10**9)
    assert (sources, problems, notes) == (whole_sources, whole_problems, whole_notes)
    assert parsed.keys() == whole_parsed.keys()
    for name, pt in parsed.items():
        assert pt.frame.equals(whole_parsed[name].frame) and pt.complete == whole_parsed[name].complete, name
    grids = parsed["grids"].frame
    kept = {"spaced", "unknown_community"}  # rows read as data besides the plain ones (checked later, by the week)
    assert grids.height == ROWS + sum(1 for _, kind in messy if kind in kept)
    assert grids["_row"].is_sorted() and grids["_row"].n_unique() == grids.height
    bad = sum(1 for _, kind in messy if kind == "bad_count")
    assert sum(1 for p in capped(problems) if p.rule == "wrong_type") == min(bad, PER_KIND)


def test_a_file_whose_every_row_is_wrong_makes_a_few_problems_and_a_count():
    with tempfile.TemporaryDirectory() as tmp:
        folder = _write(Path(tmp), [(i, "bad_count") for i in range(3 * ROWS)], "utf-8-sig", "\r\n")
        problems = _read(folder, 256)[2]
    wrong = [p for p in problems if p.rule == "wrong_type"]
    (more,) = [p for p in problems if p.rule == "more_problems"]
    assert len(wrong) == PER_KIND and [p.row for p in wrong] == sorted(p.row for p in wrong)
    assert (more.file, more.column, more.get("of"), more.get("count"), more.get("total")) == (
        "grids.csv", "compounds", "wrong_type", 3 * ROWS - PER_KIND, 3 * ROWS)
    assert capped(problems) == problems  # capping what the tally kept changes nothing
