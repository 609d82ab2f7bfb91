"""A refresh that breaks while writing publishes nothing: readers never see half a snapshot."""

from __future__ import annotations

import polars as pl
import pytest
from refresh_helpers import LAST, PREV, fresh_base

from grassroots import snapshots
from grassroots.pipeline import run_refresh


def test_crash_while_writing_publishes_nothing(demo_base, tmp_path, week_inbox, monkeypatch):
    base = fresh_base(demo_base, tmp_path)
    real_write = pl.DataFrame.write_parquet
    written = []

    def failing_write(self, file, *args, **kwargs):
        if len(written) == 5:
            raise OSError("disk full")
        written.append(file)
        return real_write(self, file, *args, **kwargs)

    monkeypatch.setattr(pl.DataFrame, "write_parquet", failing_write)
    with pytest.raises(OSError, match="disk full"):
        run_refresh(week_inbox, LAST, base=base)
    assert len(written) == 5  # it really was half-way through
    assert [s.as_of for s in snapshots.list_snapshots(base)] == [PREV]
    assert not (base / "snapshots" / LAST.isoformat()).exists()
    assert snapshots.previous_snapshot(LAST + (LAST - PREV), base).as_of == PREV

    monkeypatch.setattr(pl.DataFrame, "write_parquet", real_write)
    result = run_refresh(week_inbox, LAST, base=base)  # the next run starts over cleanly
    assert result.ok, result.problems
    assert [s.as_of for s in snapshots.list_snapshots(base)] == [PREV, LAST]
