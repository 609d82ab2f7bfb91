"""The demo generator writes the same reports every time (byte for byte for CSV)."""

from __future__ import annotations

import os
import subprocess
import sys

from refresh_helpers import REPO

from grassroots import demo
from grassroots.intake.reports import read_report

WEEK = demo.WEEKS - 1  # the last week: every report kind, events, split files


def _same_inboxes(a, b) -> None:
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    assert any(n.endswith(".csv") for n in names) and any(n.endswith(".xlsx") for n in names)
    for name in names:
        if name.endswith(".xlsx"):  # workbooks may embed a creation time: compare the cells
            ra, rb = read_report(a / name), read_report(b / name)
            assert (ra.header, ra.rows) == (rb.header, rb.rows), name
            assert ra.rows or name.startswith("negative"), name
        else:
            assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_same_week_twice_gives_the_same_files(tmp_path):
    (as_of_a, a), = demo.write_inboxes(tmp_path / "a", range(WEEK, WEEK + 1))
    (as_of_b, b), = demo.write_inboxes(tmp_path / "b", range(WEEK, WEEK + 1))
    assert as_of_a == as_of_b == demo.AS_OF_DATES[WEEK]
    _same_inboxes(a, b)


def test_one_week_alone_matches_the_full_demo_build(tmp_path, demo_inbox_root):
    week = 7
    (as_of, inbox), = demo.write_inboxes(tmp_path, range(week, week + 1))
    _same_inboxes(inbox, demo_inbox_root / as_of.isoformat())


def test_another_process_with_another_hash_seed_gives_the_same_files(tmp_path):
    code = ("import sys; from pathlib import Path; from grassroots import demo; "
            f"demo.write_inboxes(Path(sys.argv[1]), range({WEEK}, {WEEK + 1}))")
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", code, str(tmp_path / seed)], cwd=REPO, env=env,
                             capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
    day = demo.AS_OF_DATES[WEEK].isoformat()
    _same_inboxes(tmp_path / "1" / day, tmp_path / "2" / day)
