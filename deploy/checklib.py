"""What deploy/check.py and deploy/check_desk.py share: paths, the site's host name, how a step
is reported, and the check's one deadline."""

from __future__ import annotations

import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The name a browser would use, sent in Host and Origin (nginx is reached on 127.0.0.1): Streamlit
# admits loopback origins anyway, so only a real name tests that nginx passes Host through intact.
HOST = "dashboard.test"


class CheckFailed(Exception):
    pass


STARTED = time.monotonic()


def say(ok: bool, text: str) -> None:
    print(f"{'✓' if ok else '✗'} {time.monotonic() - STARTED:4.1f} s  {text}", flush=True)


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise CheckFailed("out of time")
        return left
