"""督办: a leader flags a figure of a district (what is expected, by when, a note); the district
answers with what it did (and optionally a file) and marks it done; each published week checks the
task against its own stored figures (history/figures.parquet): met, the task closes itself;
answered but not met, it stays open as 已答复，数据未达标. A leader may close it by hand with a note.

Items: `task:<id>`. A figure whose target lies below its baseline (fewer enforcement items) is met
at or below the expected value; every other at or above it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from grassroots.access.audit import Actor, AuditLog
from grassroots.catalogue.figures import FIGURES, load_targets
from grassroots.desk import loop
from grassroots.desk.upload import content_kind
from grassroots.store import snapshots
from grassroots.store.eventlog import Event, EventLog
from grassroots.store.pipeline import stored_figures

FILES = "loop_files"  # <data dir>/loop_files/<task>/<sha256><suffix>: answers' files, named by the app
FILE_KINDS = {".csv": "text", ".xlsx": "xlsx", ".pdf": "pdf"}  # what an answer's file may be, by its content


def lower_is_better(figure_id: str) -> bool:
    target = load_targets()["targets"].get(figure_id)
    return bool(target and target["target"] < target.get("baseline", 0))


@dataclass
class Answer:
    by: str
    at: dt.datetime
    text: str
    file: dict | None = None  # original, stored, sha256, bytes


@dataclass
class Task:
    id: str
    state: str  # open | answered | unmet | closed (catalogue/loop.toml)
    version: int
    figure: str
    district: str
    expected: float
    at_most: bool  # met at or below `expected`
    due: dt.date
    note: str
    flagged_by: str
    flagged_at: dt.datetime
    flagged_on: dt.date  # the snapshot the leader was looking at
    answers: list[Answer] = field(default_factory=list)
    checks: list[dict] = field(default_factory=list)  # each publish's look: snapshot, value, met
    closed_by: str | None = None
    closed_at: dt.datetime | None = None
    closed_how: str | None = None  # data | hand
    close_note: str | None = None

    @property
    def item(self) -> str:
        return f"task:{self.id}"

    def overdue(self, today: dt.date) -> bool:
        return self.state != "closed" and today > self.due

    def closed_on_time(self) -> bool:
        return self.closed_at is not None and self.closed_at.astimezone(dt.timezone(dt.timedelta(hours=8))).date() <= self.due

    def meets(self, value: float | None) -> bool:
        return value is not None and (value <= self.expected if self.at_most else value >= self.expected)


def fold(events: list[Event]) -> Task:
    first = events[0]
    p = first.payload
    task = Task(first.item.split(":", 1)[1], "open", len(events), p["figure"], p["district"], float(p["expected"]),
                bool(p["at_most"]), dt.date.fromisoformat(p["due"]), p.get("note", ""), first.actor, first.at,
                dt.date.fromisoformat(p["snapshot"]))
    for e in events[1:]:
        if e.kind == "answer":
            task.answers.append(Answer(e.actor, e.at, e.payload.get("text", ""), e.payload.get("file")))
        elif e.kind == "evaluated":
            task.checks.append(e.payload)
        if e.kind == "close" or (e.kind == "evaluated" and e.payload.get("state") == "closed"):
            task.closed_by, task.closed_at = e.actor, e.at
            task.closed_how = "hand" if e.kind == "close" else "data"
            task.close_note = e.payload.get("note")
    task.state = loop.state_of("task", events)
    return task


def tasks(log: EventLog) -> list[Task]:
    """Every task, newest first."""
    by_item: dict[str, list[Event]] = defaultdict(list)
    for e in log.events(prefix="task:"):
        by_item[e.item].append(e)
    return sorted((fold(events) for events in by_item.values()), key=lambda t: t.flagged_at, reverse=True)


def task(log: EventLog, task_id: str) -> Task | None:
    events = log.events(f"task:{task_id}")
    return fold(events) if events else None


def visible(all_tasks: list[Task], district_only: str | None) -> list[Task]:
    """A district clerk sees their own district's tasks only."""
    return [t for t in all_tasks if district_only is None or t.district == district_only]


# ------------------------------------------------------------------ the acts
def flag(figure: str, district: str, expected: float, due: dt.date, note: str, snapshot: dt.date, *,
         actor: Actor, audit: AuditLog) -> loop.Outcome:
    if figure not in FIGURES:
        raise ValueError(f"unknown figure {figure!r}")
    payload = {"figure": figure, "district": district, "expected": float(expected), "at_most": lower_is_better(figure),
               "due": due.isoformat(), "note": note.strip(), "snapshot": snapshot.isoformat()}
    return loop.act(loop.loop_log(audit), audit, actor, "flag", f"task:{uuid.uuid4().hex[:12]}", 0, payload,
                    district=district)


def answer(base: Path, task_id: str, seen: int, text: str, *, actor: Actor, audit: AuditLog,
           file: tuple[str, bytes] | None = None, max_bytes: int = 20 << 20) -> loop.Outcome:
    """The district's account of what it did, marking the task done; a file, if any, is checked
    by its content like an upload (.csv, .xlsx or .pdf, within the upload limit) and kept under a
    name the app chooses."""
    log = loop.loop_log(audit)
    current = task(log, task_id)
    if current is None:
        raise KeyError(task_id)
    item = f"task:{task_id}"
    payload: dict = {"text": text.strip()}
    if file is not None and loop.may("answer", actor, current.district):
        original, data = Path(file[0]).name[:200], file[1]
        suffix = Path(original).suffix.lower()
        if len(data) > max_bytes or FILE_KINDS.get(suffix) != content_kind(data):
            audit.record(actor, "task", "refused", reason="file_refused", act="answer", item=item, seen=seen,
                         original=original, bytes=len(data))
            return loop.Outcome(False, "file_refused", log.events(item))
        digest = hashlib.sha256(data).hexdigest()
        folder = Path(base) / FILES / task_id
        folder.mkdir(parents=True, exist_ok=True)
        stored = folder / f"{digest}{suffix}"
        if not stored.exists():
            partial = folder / f".incoming-{uuid.uuid4().hex}"
            partial.write_bytes(data)
            os.replace(partial, stored)
        payload["file"] = {"original": original, "stored": stored.name, "sha256": digest, "bytes": len(data)}
    return loop.act(log, audit, actor, "answer", item, seen, payload, district=current.district)


def attachment(base: Path, task_id: str, file: dict) -> bytes:
    """An answer's file as kept (by the checksum the answer recorded; never a name a user chose)."""
    path = Path(base) / FILES / Path(task_id).name / f"{file['sha256']}{Path(file['stored']).suffix}"
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != file["sha256"]:
        raise ValueError(f"{path} is not the file the answer recorded")
    return data


def close(task_id: str, seen: int, note: str, *, actor: Actor, audit: AuditLog) -> loop.Outcome:
    log = loop.loop_log(audit)
    current = task(log, task_id)
    if current is None:
        raise KeyError(task_id)
    return loop.act(log, audit, actor, "close", f"task:{task_id}", seen, {"note": note.strip()}, district=current.district)


def evaluate(base: Path, as_of: dt.date, *, actor: Actor, audit: AuditLog) -> list[Task]:
    """At a publish: every task flagged on an earlier week and not closed, checked against the
    snapshot's stored figures; returns the tasks as they now are."""
    log = loop.loop_log(audit)
    snapshot = next((s for s in snapshots.list_snapshots(base) if s.as_of == as_of), None)
    pending = [t for t in tasks(log) if t.state != "closed" and t.flagged_on < as_of]
    if snapshot is None or not pending:
        return pending
    figures = stored_figures(snapshot)
    out = []
    for t in pending:
        row = figures.filter((pl.col("figure_id") == t.figure) & (pl.col("district_code") == t.district))
        value = row["value"][0] if row.height else None
        met = t.meets(value)
        state = "closed" if met else ("unmet" if t.state in ("answered", "unmet") else t.state)
        loop.record(log, audit, actor, "clerk", "evaluated", t.item,
                    {"snapshot": as_of.isoformat(), "value": value, "met": met, "state": state})
        out.append(task(log, t.id))
    return out
