"""Five leaders at once while an analyst runs runaway SQL: no errors, nobody sees another's view.

The small version of `make bench`'s load test (bench/load.py, which documents the steps and the
checks): five sessions, each with its own district and language, open the overview from a link,
move to 减负 and 队伍建设 through the navigation and change the district, for a bounded time, while
one more session submits queries that never finish or never fit in memory to the SQL box.

The sessions are Playwright contexts on one Chromium driven by Playwright's async API in a thread
of their own: the session-scoped `browser` fixture uses the sync API, whose calls block one at a
time and so cannot keep five sessions busy at once.
"""

from __future__ import annotations

import threading

import pytest

from bench.load import run_load

pytestmark = pytest.mark.browser


def test_five_leaders_and_a_runaway_analyst(app_url, demo_base):
    found: dict = {}

    def drive():
        try:
            found["result"] = run_load(app_url, demo_base, sessions=5, seconds=25, baseline=False, warmup=False,
                                       timeout_ms=45_000, log=lambda _: None)
        except BaseException as err:  # noqa: BLE001  (reported below, in the test's thread)
            found["error"] = err

    worker = threading.Thread(target=drive, daemon=True)
    worker.start()
    worker.join(timeout=240)
    assert not worker.is_alive(), "the load test did not finish in time"
    if "error" in found:
        raise found["error"]
    phase = found["result"]["with_analyst"]
    assert phase["steps"] >= 5, phase
    assert phase["errors"] == 0, phase["error_messages"]
    assert phase["crosstalk"] == 0, phase["crosstalk_messages"]
    assert phase["analyst_answers"] == 0 and not phase["analyst_errors"], phase["analyst_errors"]
    assert sum(phase["analyst_refusals"].values()) >= 1, phase
