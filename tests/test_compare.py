"""Snapshot comparison on demo snapshots, including the deliberately revised value."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from grassroots import demo
from queries.compare import by_district, diff_snapshots, diff_table
from grassroots.catalogue.tables import TABLES


def snapshot(base, week):
    return base / "snapshots" / demo.AS_OF_DATES[week].isoformat()


def test_the_demo_revision_is_found(demo_base):
    week = demo.REVISED[4]
    diffs = {d.table.name: d for d in diff_snapshots(snapshot(demo_base, week - 1), snapshot(demo_base, week))}
    revisions = diffs["recruitment"].revisions
    assert revisions.height == 1
    row = revisions.row(0, named=True)
    assert (row["district_code"], row["year"], row["channel"], row["column"]) == demo.REVISED[:3] + ("recruits",)
    assert int(row["old"]) - int(row["new"]) == demo.REVISED[3]
    assert sum(d.revisions.height for d in diffs.values()) == 1  # nothing else was revised


def test_new_events_are_added_not_changed(demo_base):
    diffs = {d.table.name: d for d in diff_snapshots(snapshot(demo_base, 3), snapshot(demo_base, 4))}
    legal = diffs["legal_aid_cases"]
    assert legal.added.height == legal.rows_new - legal.rows_old > 0
    assert legal.removed.height == 0 and legal.changes.height == 0


def test_the_street_split_removes_old_streets_and_adds_new_ones(demo_base):
    week = demo.APPROVAL_WEEK["150102"]
    units = next(d for d in diff_snapshots(snapshot(demo_base, week - 1), snapshot(demo_base, week)) if d.table.name == "units")
    added = units.added.filter(pl.col("unit_level") == "street")["unit_name"].to_list()
    removed = units.removed.filter(pl.col("unit_level") == "street")["unit_name"].to_list()
    assert "呼伦贝尔北路街道" in added and "中山东路街道" in removed


def test_an_edited_event_counts_as_a_revision():
    table = TABLES["legal_aid_cases"]
    old = pl.DataFrame({"case_id": ["A", "B"], "handled_on": ["2026-01-01"] * 2, "district_code": ["150102"] * 2,
                        "unit_code": [None, None], "team_id": ["T", "T"], "case_type": ["劳动", "邻里"]})
    new = old.with_columns(pl.when(pl.col("case_id") == "B").then(pl.lit("消费")).otherwise(pl.col("case_type")).alias("case_type"))
    diff = diff_table(table, old, new)
    assert diff.revisions.select("case_id", "old", "new").rows() == [("B", "邻里", "消费")]
    assert by_district([diff])["revised"].to_list() == [1]


def test_a_state_change_is_not_a_revision():
    table = TABLES["signage_cleanup"]
    old = pl.DataFrame({"district_code": ["150102"], "signs_removed": [10], "wall_rules_removed": [3]})
    new = old.with_columns(signs_removed=pl.lit(12))
    diff = diff_table(table, old, new)
    assert diff.changed_rows == 1 and diff.revisions.height == 0


_value = st.one_of(st.none(), st.integers(0, 3))
_rows = st.dictionaries(st.sampled_from([f"15010{i}" for i in range(6)]), st.tuples(_value, _value), max_size=6)


@settings(max_examples=200, deadline=None)
@given(old=_rows, new=_rows, dropped=st.booleans())
def test_added_removed_and_changed_are_what_a_row_by_row_reading_finds(old, new, dropped):
    """Rows set aside as the same on both sides (by their hash) never hide a difference, also when
    the newer snapshot lacks a column (`dropped`): then the rest are compared."""
    table = TABLES["signage_cleanup"]

    def frame(rows):
        return pl.DataFrame({"district_code": list(rows), "signs_removed": [v[0] for v in rows.values()],
                             "wall_rules_removed": [v[1] for v in rows.values()]},
                            schema={"district_code": pl.String, "signs_removed": pl.Int64, "wall_rules_removed": pl.Int64})

    diff = diff_table(table, frame(old), frame(new).drop("wall_rules_removed") if dropped else frame(new))
    assert sorted(diff.added["district_code"]) == sorted(set(new) - set(old))
    assert sorted(diff.removed["district_code"]) == sorted(set(old) - set(new))
    expected = sorted((k, col, None if a is None else str(a), None if b is None else str(b))
                      for k in set(old) & set(new)
                      for col, a, b in zip(("signs_removed", "wall_rules_removed")[:1 if dropped else 2], old[k], new[k]) if a != b)
    assert sorted(diff.changes.select("district_code", "column", "old", "new").rows()) == expected
