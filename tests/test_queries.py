"""The query layer over the demo snapshots: conventions of the SQL files, figures that add up,
history, caching, and names that can never reach SQL as text."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

from grassroots.access.scope import CITY
from grassroots import demo
from grassroots.store import snapshots
from grassroots.store import warehouse
from queries import db, run
from tests.conftest import LAST

TESTS = Path(__file__).parent
SQL_FILES = sorted(Path(db.QUERY_DIR).glob("*.sql")) + sorted(warehouse.STAGING_DIR.glob("*.sql"))
ADDITIVE = ["streets_now", "communities", "grids", "signs_removed", "community_workers", "legal_aid_cases",
            "volunteer_sessions", "graduates_recruited_4y", "staff_posts_moved_down", "observation_points"]


def snapshot(base, as_of=LAST) -> snapshots.Snapshot:
    return next(s for s in db.snapshot_list(base) if s.as_of == as_of)


def figures(base, as_of=LAST, district=None) -> dict[str, float]:
    frame = run("headline_figures", snapshot(base, as_of), scope=CITY, district_code=district)
    return {f: v for f, v in zip(frame["figure_id"], frame["value"]) if v is not None}


def test_every_sql_file_states_what_it_is_and_its_parameters():
    for path in SQL_FILES:
        sql = path.read_text(encoding="utf-8")
        assert sql.startswith("--"), path.name
        assert "参数" in sql or "$" not in sql, path.name
        assert not re.search(r"\{[a-z_]+\}|%s|%\(", sql), f"{path.name}: looks like string formatting"


def test_every_sql_file_has_a_test_named_after_it():
    """A test function whose name contains the file's stem, in tests/test_sql_*.py (not a grep of the pages)."""
    names = set()
    for path in TESTS.glob("test_sql_*.py"):
        names |= {n.name for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(n, ast.FunctionDef)}
    missing = [p.name for p in SQL_FILES if not any(p.stem in n for n in names)]
    assert missing == []


def test_districts_add_up_to_the_city(demo_base):
    city = figures(demo_base)
    codes = run("districts", snapshot(demo_base), scope=CITY)["district_code"].to_list()
    per_district = [figures(demo_base, district=c) for c in codes]
    for figure in ADDITIVE:
        assert sum(d.get(figure, 0) for d in per_district) == city[figure], figure


def test_an_earlier_snapshot_shows_fewer_streets_and_fewer_services(demo_base):
    first, last = figures(demo_base, demo.AS_OF_DATES[0]), figures(demo_base)
    assert first["streets_now"] == 31 and last["streets_now"] == 39
    assert first["legal_aid_cases"] < last["legal_aid_cases"]
    assert first["districts_plan_approved"] == 0 and last["districts_plan_approved"] == 4


def test_the_latest_snapshot_carries_every_week_of_history(demo_base):
    con = db._connection(str(snapshot(demo_base).path), snapshot(demo_base).digest).cursor()
    streets = con.sql("select value from figures_history where figure_id = 'streets_now' and district_code is null"
                      " order by snapshot_date").fetchall()
    assert len(streets) == len(demo.AS_OF_DATES)
    assert [v for (v,) in streets] == sorted(v for (v,) in streets)  # streets are only ever split, never merged
    assert streets[0][0] == 31 and streets[-1][0] == 39


def test_results_are_cached_and_a_republished_snapshot_is_not_served_stale(demo_base, tmp_path):
    base = tmp_path / "data"
    shutil.copytree(demo_base / "snapshots" / LAST.isoformat(), base / "snapshots" / LAST.isoformat())
    one = run("units_by_street", snapshot(base), scope=CITY, district_code=None)
    assert run("units_by_street", snapshot(base), scope=CITY, district_code=None) is one
    assert one["grids"].sum() > 100
    frames = {t: __import__("polars").read_parquet(base / "snapshots" / LAST.isoformat() / f"{t}.parquet").drop("snapshot_date")
              for t in snapshot(base).manifest["row_counts"]}
    frames["grids"] = frames["grids"].head(100)
    snapshots.publish(LAST, frames, {"demo": True}, base=base, force=True)
    two = run("units_by_street", snapshot(base), scope=CITY, district_code=None)
    assert two["grids"].sum() == 100


def test_a_query_on_a_replaced_snapshot_raises_instead_of_mixing(demo_base, tmp_path):
    base = tmp_path / "data"
    shutil.copytree(demo_base / "snapshots" / LAST.isoformat(), base / "snapshots" / LAST.isoformat())
    old = snapshot(base)
    frames = {t: __import__("polars").read_parquet(old.path / f"{t}.parquet").drop("snapshot_date")
              for t in old.manifest["row_counts"]}
    snapshots.publish(LAST, frames, {"demo": True, "note": "again"}, base=base, force=True)
    with pytest.raises(db.SnapshotChanged):
        run("districts", old, scope=CITY)  # a page still holding the old listing is told to rerun


def test_unknown_query_name_is_refused(demo_base):
    with pytest.raises(KeyError):
        run("../etc/passwd", snapshot(demo_base), scope=CITY)


def test_many_sessions_at_once_run_at_most_two_queries_at_once_and_each_gets_its_answer(demo_base, monkeypatch):
    """Twenty leaders opening a page together: DuckDB's memory is per instance, and at (100, 520)
    twenty queries at once ran it out. The queries wait their turn; none fails, none is lost."""
    import threading
    import time

    snap = snapshot(demo_base)
    real = db._connection
    running, most = [0], [0]
    count = threading.Lock()

    class Counted:
        def __init__(self, cursor):
            self.cursor_ = cursor

        def sql(self, *a, **kw):
            with count:
                running[0] += 1
                most[0] = max(most[0], running[0])
            try:
                time.sleep(0.02)  # long enough for the others to pile up
                return self.cursor_.sql(*a, **kw)
            finally:
                with count:
                    running[0] -= 1

        def close(self):
            self.cursor_.close()

    class Connection:
        def __init__(self, con):
            self.con = con

        def cursor(self):
            return Counted(self.con.cursor())

    monkeypatch.setattr(db, "_connection", lambda folder, digest: Connection(real(folder, digest)))
    monkeypatch.setattr(db, "_results", type(db._results)())  # nothing cached: every session queries
    codes = run("districts", snap, scope=CITY)["district_code"].to_list()
    answers: dict[str, int] = {}
    errors: list[BaseException] = []

    def leader(code: str) -> None:
        try:
            answers[code] = run("streets_by_district", snap, scope=CITY, district_code=code).height
        except BaseException as err:  # noqa: BLE001  a failure is what the test looks for
            errors.append(err)

    threads = [threading.Thread(target=leader, args=(c,)) for c in codes * 2]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == [] and set(answers) == set(codes)
    assert most[0] == db.QUERIES_AT_ONCE
