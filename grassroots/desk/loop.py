"""Acting in the district loop: who may do what (catalogue/loop.toml), on which district, from which
state; appended to the loop's event log (store/eventlog.py) only if the item is still at the
version the actor saw; every attempt — done, refused or too late — also in the audit log.

A role that lacks an action, or a district clerk acting on another district's item, is refused
here whatever the page showed (PermissionError, audited): hiding a button is not the guard. A
missing reason or note, or an item no longer in a state the action starts from, is an Outcome
that says so; an item someone else acted on first is `stale`, with the item's events as they now
are, so the page shows the new state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from grassroots.access.audit import Actor, AuditLog
from grassroots.catalogue.loop import ACTIONS, Action
from grassroots.store.eventlog import FILE, Event, EventLog, Stale

MAX_TEXT = 2000  # a reason, note or answer; longer is cut


@dataclass(frozen=True)
class Outcome:
    ok: bool
    reason: str | None = None  # stale | wrong_state | needs_text | files_not_ready | … (i18n: loop_refused_<reason>)
    events: list[Event] = field(default_factory=list)  # the item's events after the attempt
    event: Event | None = None  # the one appended


class Refused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def loop_log(audit: AuditLog) -> EventLog:
    """The loop's event log: loop.sqlite beside the audit log."""
    return EventLog(audit.path.with_name(FILE))


def role_for(action: Action, actor: Actor, district: str | None) -> str | None:
    """The role `actor` may do `action` in, on an item of `district` (None: no such role)."""
    for role in action.roles:
        if role in actor.roles and (role != "district_clerk" or (district is not None and actor.district == district)):
            return role
    return None


def may(action_id: str, actor: Actor, district: str | None = None) -> bool:
    return role_for(ACTIONS[action_id], actor, district) is not None


def state_of(action_item: str, events: list[Event]) -> str:
    """The state an item's events lead to: each event of an action moves it to that action's state;
    other events (a publish's evaluation) carry their state in the payload."""
    from grassroots.catalogue.loop import STATES

    state = next(iter(STATES[action_item]))  # the first declared: missing, or open
    for e in events:
        if e.kind in ACTIONS:
            state = ACTIONS[e.kind].to
        elif "state" in e.payload:
            state = e.payload["state"]
    return state


def act(log: EventLog, audit: AuditLog, actor: Actor, action_id: str, item: str, seen: int, payload: dict, *,
        district: str | None, check: Callable[[list[Event]], None] = lambda _: None) -> Outcome:
    """Do `action_id` on `item` (of `district`) as `actor`, who saw the item at version `seen`."""
    action = ACTIONS[action_id]
    facts = dict(act=action_id, item=item, seen=seen)
    role = role_for(action, actor, district)
    if role is None:
        audit.record(actor, action.item, "refused", reason="not_allowed", district=district, **facts)
        raise PermissionError(f"{actor.user} may not {action_id} {item}")
    payload = {k: (v[:MAX_TEXT] if isinstance(v, str) else v) for k, v in payload.items()}
    if action.needs and not str(payload.get(action.needs) or "").strip():
        audit.record(actor, action.item, "refused", reason="needs_text", **facts)
        return Outcome(False, "needs_text", log.events(item))

    def decide(events: list[Event]) -> None:
        if (action.starts and state_of(action.item, events) not in action.starts) or (not action.starts and events):
            raise Refused("wrong_state")
        check(events)

    try:
        event = log.append(item, action_id, actor=actor.user, role=role, expected_version=seen, payload=payload,
                           decide=decide)
    except Stale as stale:
        audit.record(actor, action.item, "stale", now=len(stale.events), **facts)
        return Outcome(False, "stale", stale.events)
    except Refused as refused:
        audit.record(actor, action.item, "refused", reason=refused.reason, **facts)
        return Outcome(False, refused.reason, log.events(item))
    audit.record(actor, action.item, "ok", seq=event.seq, **facts, **_summary(payload))
    return Outcome(True, None, log.events(item), event)


def record(log: EventLog, audit: AuditLog, actor: Actor, role: str, kind: str, item: str, payload: dict) -> Event:
    """An event no one decides on (a publish, its evaluation of the tasks): appended at the item's
    current version, retried if someone acts in between; audited like the acts."""
    while True:
        seen = len(log.events(item))
        try:
            event = log.append(item, kind, actor=actor.user, role=role, expected_version=seen, payload=payload)
        except Stale:
            continue
        audit.record(actor, "task" if item.startswith("task:") else "review", "ok", act=kind, item=item, seen=seen, seq=event.seq, **_summary(payload))
        return event


def _summary(payload: dict) -> dict:
    """What of a payload goes to the audit log: its values, long texts cut (the loop log has them whole)."""
    return {k: (v[:200] if isinstance(v, str) else v) for k, v in payload.items()}
