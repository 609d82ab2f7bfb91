"""The city clerk's view of a week, and publishing it: every slot (district reports × districts,
then the city's reports) with its state and who handed it in; the tables the page shows; the
publish through the same `run_refresh` and lock as `refresh.py`, audited with each confirmed change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import polars as pl

from grassroots.access.audit import Actor, AuditLog
from grassroots.catalogue.figures import FIGURES
from grassroots.catalogue.rules import Problem, rule_name
from grassroots.desk.places import CITY_REPORTS, DISTRICT_REPORTS, district_codes, report_label, week_inbox
from grassroots.desk.week import WeekCheck, clear_cache, week_status
from grassroots.store.pipeline import RefreshResult, run_refresh

@dataclass(frozen=True)
class Cell:
    report: str
    district: str | None
    state: str  # ok | problems | missing
    file: str | None = None
    problems: int = 0
    by: str | None = None  # who handed it in (the audit log), None when it came another way
    at: dt.datetime | None = None


def receipts(log: AuditLog, as_of: dt.date) -> list[dict]:
    """Every upload of the week, newest first (accepted and refused)."""
    return [e for e in log.events(actions=["upload"], limit=5000) if e["detail"].get("week") == as_of.isoformat()]


def board(base: Path, as_of: dt.date, log: AuditLog, today: dt.date | None = None,
          districts: list[str] | None = None) -> tuple[list[Cell], WeekCheck]:
    """Every slot of the week (district reports × districts, then the city's reports) with its state."""
    check = week_status(base, as_of, today)
    inbox = week_inbox(base, as_of)
    by_sha = {}
    for event in reversed(receipts(log, as_of)):  # oldest first: the latest upload of a content wins
        if event["outcome"] == "accepted":
            by_sha[(event["detail"].get("stored"), event["detail"].get("sha256"))] = event
    cells = []
    whole = {r for r, d in check.files if d is None}
    slots = [(t.name, d) for t in DISTRICT_REPORTS for d in (districts or district_codes())]
    slots += [(t.name, None) for t in CITY_REPORTS]
    for report, district in slots:
        whole_name = check.files.get((report, None)) if report in whole else None
        name = check.files.get((report, district)) or whole_name
        if name is None:
            cells.append(Cell(report, district, "missing"))
            continue
        try:
            digest = hashlib.sha256((inbox / name).read_bytes()).hexdigest()
        except OSError:
            digest = None
        event = by_sha.get((name, digest))
        n = len(check.of_file(name, None if name == whole_name else district))
        cells.append(Cell(report, district, "problems" if n else "ok", name, n,
                          event["user"] if event else None, event["at"] if event else None))
    return cells, check


def accept_choices(problems: list[Problem]) -> list[str]:
    """The figures whose week-on-week change the city clerk may confirm (implausible_change: its figure field)."""
    out = []
    for p in problems:
        figure = p.get("figure") if p.rule == "implausible_change" else None
        if figure in FIGURES and figure not in out:
            out.append(figure)
    return out


def publish(base: Path, as_of: dt.date, *, actor: Actor, log: AuditLog, accept: tuple[str, ...] = (),
            force: bool = False, today: dt.date | None = None, progress: Callable[[str], None] = lambda _: None,
            inbox: Path | None = None, carried: tuple[str, ...] = ()) -> RefreshResult:
    """Publish the week's inbox exactly as `refresh.py --inbox … --as-of …` does (same function,
    same lock); audited, with each confirmed change as an override. The page publishes through
    review.publish_week, which asks for every district approved first (or gives `inbox`, the week
    with the `carried` districts' files replaced by last week's rows)."""
    base = Path(base)
    if "clerk" not in actor.roles:
        log.record(actor, "publish", "refused", reason="not_allowed", week=as_of.isoformat())
        raise PermissionError(f"{actor.user} may not publish")
    result = run_refresh(inbox or week_inbox(base, as_of), as_of, base=base, force=force, accept_changes=tuple(accept),
                         today=today, progress=progress, anchor=log.anchor,  # the snapshot anchors this log's chain
                         carried=carried)
    record_publish(log, actor, as_of, result, accept, force)
    if result.ok:
        clear_cache()
    return result


def record_publish(log: AuditLog, actor: Actor, as_of: dt.date, result: RefreshResult, accept: tuple[str, ...],
                   force: bool) -> None:
    """The audit rows of one publish (the desk's or refresh.py's): its outcome, then each confirmed change."""
    log.record(actor, "publish", "ok" if result.ok else "refused", week=as_of.isoformat(), force=force,
               accept=list(accept), problems=len(result.problems),
               rules=dict(Counter(p.rule for p in result.problems)),
               files=(result.manifest or {}).get("validation", {}).get("files"))
    for change in (result.manifest or {}).get("accepted_changes", []) if result.ok else []:
        log.record(actor, "override", "ok", week=as_of.isoformat(), figure=change["figure"],
                   district=change.get("district"), before=change.get("from"), after=change.get("to"))



def problem_frame(problems: list[Problem], lang: str = "zh") -> pl.DataFrame:
    """One row per problem, as the clerk reads it, in the page's language: file, Excel row, column,
    problem, what to do, rule (each rendered from the catalogue)."""
    return pl.DataFrame({
        "file": [p.file or "—" for p in problems],
        "row": [str(p.row) if p.row is not None else "—" for p in problems],
        "column": [p.column_label(lang) or "—" for p in problems],
        "problem": [p.message_in(lang) for p in problems],
        "todo": [p.hint_in(lang) or "—" for p in problems],
        "rule": [f"{rule_name(p.rule, lang)} [{p.rule}]" for p in problems],
    }, schema={k: pl.String for k in ("file", "row", "column", "problem", "todo", "rule")})


def board_frame(cells: list[Cell], symbols: dict[str, str], lang: str = "zh") -> pl.DataFrame:
    """Reports down, districts across (then the city's reports in a `city` column): ✓, ⚠ n or —."""
    reports = list(dict.fromkeys(c.report for c in cells))
    columns = list(dict.fromkeys(c.district or "city" for c in cells))
    by = {(c.report, c.district or "city"): c for c in cells}
    data: dict[str, list[str]] = {"report": [report_label(r, lang) for r in reports]}
    for col in columns:
        data[col] = [(symbols[by[(r, col)].state] + (f" {by[(r, col)].problems}" if by[(r, col)].problems else ""))
                     if (r, col) in by else "" for r in reports]
    return pl.DataFrame(data, schema={k: pl.String for k in data})
