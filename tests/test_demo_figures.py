"""The demo reads its targets from data/ref/published_figures.csv: a corrected figure is edited there only."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest

from grassroots import demo
from grassroots.demo.world import FIGURES_CSV, read_targets

LAST = demo.WEEKS - 1


def _edited(tmp_path: Path, **values) -> Path:
    with FIGURES_CSV.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row["value"] = str(values.pop(row["id"], row["value"]))
    assert not values, f"no such figure: {values}"
    path = tmp_path / "published_figures.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _total(frame: pl.DataFrame, column: str) -> int:
    return frame[column].cast(int).sum()


def test_an_edited_figure_changes_what_the_demo_generates(tmp_path):
    world = demo.World(figures=_edited(tmp_path, signs_removed=9001, grids=6200, legal_aid_cases=1600,
                                       communities=452, communities_with_list=452))
    last = demo.week_reports(world, LAST)
    assert _total(last["signage_cleanup"], "signs_removed") == 9001
    assert last["grids"].height == 6200
    assert last["units"].filter(pl.col("unit_level") == "community").height == 452
    legal = sum(demo.week_reports(world, week)["legal_aid_cases"].height for week in range(demo.WEEKS))
    assert legal == 1600


def test_shares_that_are_not_published_as_counts_are_derived_from_the_stated_ones(tmp_path):
    world = demo.World(figures=_edited(tmp_path, workers_in_two_committees=1300, workers_two_committees_pct=50.0))
    workforce = demo.week_reports(world, LAST)["workforce"]
    assert _total(workforce, "in_two_committees") == 1300
    assert _total(workforce, "recruited_workers") == 2600
    assert read_targets()["recruited"] == 2596 and read_targets()["head_posts"] == 432


def test_the_published_ratio_of_workers_to_residents_holds_after_an_edit(tmp_path):
    world = demo.World(figures=_edited(tmp_path, community_workers=5600))
    workforce = demo.week_reports(world, LAST)["workforce"]
    ratio = _total(workforce, "community_workers") * 10_000 / _total(workforce, "urban_residents")
    assert round(ratio, 1) == 18.2


def test_figures_that_contradict_each_other_or_the_division_lists_are_refused(tmp_path):
    with pytest.raises(ValueError, match="communities_with_list"):
        read_targets(_edited(tmp_path, communities=460))
    with pytest.raises(ValueError, match="streets_now"):
        demo.World(figures=_edited(tmp_path, streets_now=40))
    with pytest.raises(ValueError, match="community_affairs_reduction_pct"):
        read_targets(_edited(tmp_path, community_affairs_after=60))
