"""The district loop's actors and shortcuts, shared by its tests (the users of tests/access.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from grassroots.access.audit import Actor, AuditLog
from grassroots.desk import loop, review

LI = Actor("li", ("district_clerk",), "150102", "10.0.0.7")
SUN = Actor("sun", ("district_clerk",), "150103", "10.0.0.8")
ZHOU = Actor("zhou", ("clerk",), None, "10.0.0.2")
WANG = Actor("wang", ("leader",), None, "10.0.0.3")
ZHAO = Actor("zhao", ("analyst",), None, "10.0.0.4")
ACTORS = {"li": LI, "sun": SUN, "zhou": ZHOU, "wang": WANG, "zhao": ZHAO}


def audit_of(base: Path) -> AuditLog:
    return AuditLog(Path(base) / "audit.sqlite")


def clerk_of(district: str) -> Actor:
    return Actor(f"clerk{district}", ("district_clerk",), district)


def approve_all(base: Path, as_of: dt.date, districts, today: dt.date | None = None) -> None:
    """Each district submits its week and the city clerk approves it."""
    audit = audit_of(base)
    for d in districts:
        r = review.review(loop.loop_log(audit), as_of, d)
        done = review.submit(base, as_of, d, r.version, actor=clerk_of(d), audit=audit, today=today)
        assert done.ok, (d, done.reason)
        assert review.approve(as_of, d, r.version + 1, actor=ZHOU, audit=audit).ok
