"""SIGKILL at random points of many publishes: no partial snapshot is ever listed, and the next run
sweeps what was left and publishes. Runs in subprocesses, bounded in time."""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import tiny

from grassroots.store import snapshots
from grassroots.store.pipeline import run_refresh

REPO = Path(__file__).resolve().parents[1]
W1, W2 = tiny.AS_OF[1], tiny.AS_OF[2]


def _healthy(base: Path) -> set:
    listed = snapshots.list_snapshots(base, deep=True)
    assert all(s.ok for s in listed), [(s.as_of, s.damaged) for s in listed]
    dates = {s.as_of for s in listed}
    assert W1 in dates and dates <= {W1, W2}
    return dates


def _leftovers(base: Path) -> list[str]:
    return [p.name for p in (base / "snapshots").iterdir() if p.name.startswith((".staging-", ".replaced-"))]


def test_killing_the_refresh_at_random_points(tmp_path):
    base = tmp_path / "data"
    assert run_refresh(tiny.write_inbox(tmp_path / "w1", 1), W1, base=base, today=W2).ok
    inbox = tiny.write_inbox(tmp_path / "w2", 2)
    cmd = [sys.executable, "refresh.py", "--inbox", str(inbox), "--as-of", W2.isoformat(), "--data-dir", str(base), "--force"]
    started = time.monotonic()
    assert subprocess.run(cmd, cwd=REPO, capture_output=True, timeout=120).returncode == 0
    duration = time.monotonic() - started
    rng = random.Random(20261202)
    seen_leftovers = 0
    for _ in range(8):
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3 * duration, duration))
        proc.kill()
        proc.wait(timeout=30)
        _healthy(base)
        seen_leftovers += bool(_leftovers(base))
    final = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert final.returncode == 0, final.stderr
    assert _healthy(base) == {W1, W2}
    assert _leftovers(base) == []


PUBLISH_LOOP = textwrap.dedent("""
    import sys, tiny
    from pathlib import Path
    from grassroots.store import snapshots
    frames = tiny.frames(2)
    base = Path(sys.argv[1])
    while True:
        snapshots.publish(tiny.AS_OF[2], frames, {"demo": True}, base=base, force=True)
        print("published", flush=True)
""")


def test_killing_a_publish_loop_mid_write(tmp_path):
    """Publishing over and over with --force, killed anywhere: staging writes, the manifest, the exchange."""
    base = tmp_path / "data"
    assert run_refresh(tiny.write_inbox(tmp_path / "w1", 1), W1, base=base, today=W2).ok
    rng = random.Random(7)
    env_path = f"{REPO}:{REPO / 'tests'}"
    for _ in range(8):
        proc = subprocess.Popen([sys.executable, "-c", PUBLISH_LOOP, str(base)], cwd=REPO, stdout=subprocess.PIPE,
                                env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"})
        assert proc.stdout.readline()  # it is publishing
        time.sleep(rng.uniform(0, 0.4))
        proc.kill()
        proc.wait(timeout=30)
        _healthy(base)
    with snapshots.refresh_lock(base):
        snapshots.sweep(base)
    assert _leftovers(base) == []
    assert _healthy(base) == {W1, W2}
