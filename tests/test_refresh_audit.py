"""A publish from the command line lands in the same audit log as the data desk's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import tiny

from grassroots.access.audit import FILE, AuditLog

REPO = Path(__file__).resolve().parents[1]


def _refresh(inbox, as_of, base, *extra):
    return subprocess.run([sys.executable, "refresh.py", "--inbox", str(inbox), "--as-of", as_of.isoformat(),
                           "--data-dir", str(base), *extra], cwd=REPO, capture_output=True, text=True, timeout=180)


def test_cli_publishes_refusals_and_overrides_are_audited(tmp_path):
    base = tmp_path / "data"
    assert _refresh(tiny.write_inbox(tmp_path / "w1", 1), tiny.AS_OF[1], base).returncode == 0
    inbox = tiny.write_inbox(tmp_path / "w2", 2)
    rows = tiny.week_rows(2)["workforce"]
    for r in rows:
        r["community_workers"] = 30
    tiny.write_report(inbox / "workforce.csv", "workforce", rows)
    assert _refresh(inbox, tiny.AS_OF[2], base).returncode == 1  # refused: the fall is out of band
    assert _refresh(inbox, tiny.AS_OF[2], base, "--accept-change", "community_workers",
                    "--accept-change", "workers_per_10k_urban").returncode == 0
    events = AuditLog(base / FILE).events()
    seen = sorted((e["action"], e["outcome"]) for e in events)
    assert seen == [("override", "ok"), ("override", "ok"), ("publish", "ok"), ("publish", "ok"), ("publish", "refused")]
    assert all(e["user"].startswith("cli:") for e in events)
    assert _refresh(inbox, tiny.AS_OF[2], base, "--check").returncode == 1
    assert len(AuditLog(base / FILE).events()) == len(events)  # a check publishes nothing and logs nothing
