"""The city's review of each district's week: a district clerk submits the week once its files pass,
the city clerk approves it or returns it with a reason; each round is kept (the events are never
changed). Publishing needs every district approved, or the city clerk carries the others over from
last week: their files are replaced, in a scratch copy of the inbox, by last week's rows (the same
stand-ins the upload check uses), and the snapshot's manifest says so (`carried_over`).

Items: `review:<as-of>:<district>` (a district's week), `week:<as-of>` (its publishes).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from grassroots.access.audit import Actor, AuditLog
from grassroots.catalogue.rules import problem
from grassroots.desk import loop
from grassroots.desk.places import DISTRICT_REPORTS, district_codes, district_names, present, week_inbox
from grassroots.desk.week import _fill, clear_cache, scratch_dir, week_status
from grassroots.store import snapshots
from grassroots.store.eventlog import Event, EventLog
from grassroots.store.pipeline import RefreshResult, run_refresh


def item(as_of: dt.date, district: str) -> str:
    return f"review:{as_of.isoformat()}:{district}"


def week_item(as_of: dt.date) -> str:
    return f"week:{as_of.isoformat()}"


@dataclass
class Round:
    """One submission and what the city made of it."""

    number: int
    submitted_by: str
    submitted_at: dt.datetime
    decision: str | None = None  # approved | returned
    decided_by: str | None = None
    decided_at: dt.datetime | None = None
    reason: str | None = None


@dataclass
class Review:
    as_of: dt.date
    district: str
    state: str  # missing | submitted | returned | approved (catalogue/loop.toml)
    version: int
    rounds: list[Round] = field(default_factory=list)

    @property
    def reason(self) -> str | None:
        """Why it was returned, while it is."""
        return self.rounds[-1].reason if self.state == "returned" and self.rounds else None


def fold(as_of: dt.date, district: str, events: list[Event]) -> Review:
    rounds: list[Round] = []
    for e in events:
        if e.kind == "submit":
            rounds.append(Round(len(rounds) + 1, e.actor, e.at))
        elif e.kind in ("approve", "return") and rounds:
            rounds[-1].decision = "approved" if e.kind == "approve" else "returned"
            rounds[-1].decided_by, rounds[-1].decided_at = e.actor, e.at
            rounds[-1].reason = e.payload.get("reason")
    return Review(as_of, district, loop.state_of("review", events), len(events), rounds)


def reviews(log: EventLog, as_of: dt.date, districts: list[str] | None = None) -> dict[str, Review]:
    """Every district's review of the week, in the districts' order."""
    by_item: dict[str, list[Event]] = defaultdict(list)
    for e in log.events(prefix=f"review:{as_of.isoformat()}:"):
        by_item[e.item].append(e)
    return {d: fold(as_of, d, by_item.get(item(as_of, d), [])) for d in (districts or district_codes())}


def review(log: EventLog, as_of: dt.date, district: str) -> Review:
    return fold(as_of, district, log.events(item(as_of, district)))


def under_review(audit: AuditLog, as_of: dt.date, district: str | None) -> bool:
    """The district's files wait for the city's decision, or are approved: they stay as they are."""
    return district is not None and review(loop.loop_log(audit), as_of, district).state in ("submitted", "approved")


def _published(base: Path, as_of: dt.date) -> bool:
    return any(s.as_of == as_of for s in snapshots.list_snapshots(base))


# ------------------------------------------------------------------ the acts
def submit(base: Path, as_of: dt.date, district: str, seen: int, *, actor: Actor, audit: AuditLog,
           today: dt.date | None = None) -> loop.Outcome:
    """The district's week goes to the city: only once every report of the district is handed in
    and has no problem of its own; the files' checksums go with it."""
    log = loop.loop_log(audit)
    if loop.may("submit", actor, district):  # a role that may not is refused (and audited) by act below
        reason = "week_published" if _published(base, as_of) else None
        check = week_status(base, as_of, today)  # the district's own file of each report, or the city's whole one
        files = {t.name: check.files.get((t.name, district)) or check.files.get((t.name, None)) for t in DISTRICT_REPORTS}
        if reason is None and (None in files.values() or any(check.of_file(n, district) for n in files.values())):
            reason = "files_not_ready"
        if reason:
            audit.record(actor, "review", "refused", reason=reason, act="submit", item=item(as_of, district), seen=seen)
            return loop.Outcome(False, reason, log.events(item(as_of, district)))
        inbox = week_inbox(base, as_of)
        payload = {"files": {n: hashlib.sha256((inbox / n).read_bytes()).hexdigest() for n in sorted(files.values())}}
    else:
        payload = {}
    return loop.act(log, audit, actor, "submit", item(as_of, district), seen, payload, district=district)


def approve(as_of: dt.date, district: str, seen: int, *, actor: Actor, audit: AuditLog) -> loop.Outcome:
    return loop.act(loop.loop_log(audit), audit, actor, "approve", item(as_of, district), seen, {}, district=district)


def send_back(as_of: dt.date, district: str, seen: int, reason: str, *, actor: Actor, audit: AuditLog) -> loop.Outcome:
    """退回: the reason is required."""
    return loop.act(loop.loop_log(audit), audit, actor, "return", item(as_of, district), seen,
                    {"reason": reason.strip()}, district=district)


# ------------------------------------------------------------------ publishing
def not_approved(audit: AuditLog, as_of: dt.date) -> list[str]:
    return [d for d, r in reviews(loop.loop_log(audit), as_of).items() if r.state != "approved"]


def publish_week(base: Path, as_of: dt.date, *, actor: Actor, audit: AuditLog, accept: tuple[str, ...] = (),
                 force: bool = False, carry: tuple[str, ...] = (), today: dt.date | None = None,
                 progress: Callable[[str], None] = lambda _: None) -> RefreshResult:
    """Publish the week once every district is approved; `carry` must name exactly the districts that
    are not, whose data is then last week's. Through desk.publish (same run_refresh and lock as
    refresh.py, audited); the publish is an event of the week, and the tasks are evaluated on it."""
    from grassroots.desk.board import publish
    from grassroots.desk.tasks import evaluate

    base = Path(base)
    if "clerk" not in actor.roles:
        return publish(base, as_of, actor=actor, log=audit)  # refused and audited there
    missing = not_approved(audit, as_of)
    if sorted(carry) != sorted(missing):
        names = district_names()
        result = RefreshResult(as_of, [problem("not_approved", districts=[names.get(d, d) for d in missing])])
        audit.record(actor, "publish", "refused", reason="not_approved", week=as_of.isoformat(), districts=missing)
        return result
    if not carry:
        result = publish(base, as_of, actor=actor, log=audit, accept=accept, force=force, today=today, progress=progress)
    else:
        with scratch_dir(base) as tmp:
            inbox = Path(tmp) / as_of.isoformat()
            inbox.mkdir()
            kept = {slot: name for slot, name in present(week_inbox(base, as_of)).items() if slot[1] not in carry}
            for name in kept.values():
                shutil.copyfile(week_inbox(base, as_of) / name, inbox / name, follow_symlinks=False)
            previous = snapshots.previous_snapshot(as_of, base)
            _fill(inbox, kept, previous if previous is not None and not previous.damaged else None, district_codes())
            result = publish(base, as_of, actor=actor, log=audit, accept=accept, force=force, today=today,
                             progress=progress, inbox=inbox, carried=tuple(sorted(carry)))
    if result.ok:
        clear_cache()
        loop.record(loop.loop_log(audit), audit, actor, "clerk", "published", week_item(as_of),
                    {"carried": sorted(carry), "snapshot": as_of.isoformat()})
        evaluate(base, as_of, actor=actor, audit=audit)
    return result


def carried_over(log: EventLog, as_of: dt.date) -> list[str]:
    """The districts the last publish of the week carried over from last week."""
    published = [e for e in log.events(week_item(as_of)) if e.kind == "published"]
    return published[-1].payload.get("carried", []) if published else []
