"""Small-cell suppression: no count of people below 5 is shown, and none can be back-solved."""

from __future__ import annotations

import polars as pl

from grassroots.outputs.privacy import suppress


def hidden(frame: pl.DataFrame) -> list:
    return frame.filter(pl.col("suppressed"))["v"].to_list()


def test_a_small_cell_is_hidden_and_a_second_one_with_it():
    frame = suppress(pl.DataFrame({"g": ["a", "b", "c"], "v": [3, 40, 12]}), "v", ["g"])
    assert sorted(hidden(frame)) == [3, 12]  # 3 alone could be back-solved from the total


def test_zero_is_shown_and_large_cells_are_not_touched():
    frame = suppress(pl.DataFrame({"g": ["a", "b"], "v": [0, 40]}), "v", ["g"])
    assert hidden(frame) == []


def test_two_small_cells_need_no_secondary():
    frame = suppress(pl.DataFrame({"g": ["a", "b", "c"], "v": [2, 4, 40]}), "v", ["g"])
    assert sorted(hidden(frame)) == [2, 4]


def test_every_row_and_column_of_a_two_way_table_hides_none_or_at_least_two():
    frame = pl.DataFrame({
        "r": ["x", "x", "x", "y", "y", "y", "z", "z", "z"],
        "c": ["p", "q", "s", "p", "q", "s", "p", "q", "s"],
        "v": [2, 30, 41, 25, 33, 47, 19, 28, 52],
    })
    out = suppress(frame, "v", ["r", "c"])
    for group in ("r", "c"):
        counts = out.group_by(group).agg(pl.col("suppressed").sum())["suppressed"].to_list()
        assert all(n == 0 or n >= 2 for n in counts), (group, counts)
    assert out.filter(pl.col("v") == 2)["suppressed"][0]
