"""The weekly refresh: one inbox of reports in, one validated snapshot out, or nothing at all.

Order of a run: take the data folder's lock (one refresh at a time) and sweep what a killed run
left; list the inbox; read and check every file, collecting every problem; check the reports
against each other and against last week (coverage); build the tables (events added to last
week's); stage them; compute the figures of the staged snapshot with the pages' own SQL and
check them against last week's (plausibility); only then commit the snapshot in one rename.

`check_only` runs every step but the commit, in a private temporary folder, so a district can
check its files before sending them. Any failure while writing (disk full, read-only folder)
is a problem too: the earlier snapshots are never touched.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import polars as pl

from grassroots.checks import plausibility
from grassroots.checks.relations import check_relations
from grassroots.checks.repeats import check_repeats
from grassroots.store import snapshots, warehouse
from grassroots.catalogue.figures import FIGURES, load_targets
from grassroots.intake.inbox import list_inbox
from grassroots.catalogue.rules import Note, Problem, capped, problem, total
from grassroots.intake.reports import read_reference
from grassroots.catalogue.tables import HISTORY, HISTORY_DIR, REFERENCES, REPORTS, SCHEMA_VERSION, TABLES
from grassroots.checks.validate import parse_reports
from grassroots.checks.week import check_brands, check_coverage, check_dates, check_keys, check_references, check_totals


@dataclass
class RefreshResult:
    as_of: dt.date
    problems: list[Problem] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # published anyway; shown beside the notes (a repeat)
    snapshot: Path | None = None
    manifest: dict | None = None
    checked: bool = False  # check_only: every check passed
    figures: pl.DataFrame | None = None  # the week's figures, once every check passed (stored at publish)

    @property
    def ok(self) -> bool:
        return not self.problems and (self.snapshot is not None or self.checked)


def code_version() -> str:
    try:
        out = subprocess.run(["git", "-C", str(snapshots.REPO), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, timeout=5)
        rev = out.stdout.strip() if out.returncode == 0 else "unknown"
    except OSError:
        rev = "unknown"
    return f"schema v{SCHEMA_VERSION}, code {rev}"


def run_refresh(inbox: Path, as_of: dt.date, *, base: Path | None = None, force: bool = False,
                accept_changes: tuple[str, ...] = (), check_only: bool = False, today: dt.date | None = None,
                progress: Callable[[str], None] = lambda _: None,
                anchor: Callable[[], dict | None] | None = None, carried: tuple[str, ...] = ()) -> RefreshResult:
    """Validate `inbox` as the week ending `as_of` and publish it; publish nothing on any problem.

    The manifest records what `anchor()` returns at the moment of the publish as `audit_anchor`: the
    caller's audit log head ({"id", "hash"}; grassroots/access/audit.py, AuditLog.anchor), or null.
    The store does not know the audit log; the desk and the command line hand it their log's.
    `carried` names the districts whose rows the desk carried over from last week (their files
    are last week's rows): recorded as `carried_over`, so every page can say so.
    """
    result = RefreshResult(as_of)
    base = Path(base or snapshots.data_dir())
    unknown = sorted(set(accept_changes) - set(FIGURES))
    if unknown:
        result.problems.append(problem("unknown_figure", figures=unknown))
        return result
    if check_only:
        return _run(inbox, as_of, base, force, accept_changes, True, today, progress, result, anchor)
    try:
        with snapshots.refresh_lock(base):
            for line in snapshots.sweep(base):
                progress(line)
            return _run(inbox, as_of, base, force, accept_changes, False, today, progress, result, anchor, carried)
    except snapshots.RefreshBusy as busy:
        result.problems.append(problem("refresh_running", holder=str(busy)))
    except OSError as err:
        result.problems.append(_write_problem(err, base))
    return result


def _write_problem(err: OSError, base: Path) -> Problem:
    """`code` is the errno's name (ENOSPC …): the catalogue says what it means; `error` the system's words otherwise."""
    return problem("write_failed", file=str(base), code=errno.errorcode.get(err.errno, str(err.errno)),
                   error=err.strerror or str(err))


def _run(inbox: Path, as_of: dt.date, base: Path, force: bool, accept: tuple[str, ...], check_only: bool,
         today: dt.date | None, progress: Callable[[str], None], result: RefreshResult,
         anchor: Callable[[], dict | None] | None = None, carried: tuple[str, ...] = ()) -> RefreshResult:
    problems, notes = result.problems, result.notes
    today = today or dt.date.today()
    inbox = Path(inbox)
    if not inbox.is_dir():
        problems.append(problem("missing_inbox", value=str(inbox)))
        return result
    if as_of > today:
        problems.append(problem("as_of_in_future", as_of=as_of, today=today))
    target = snapshots.snapshots_root(base) / as_of.isoformat()
    if target.exists() and not force and not check_only:
        problems.append(problem("snapshot_exists", file=str(target), as_of=as_of))

    references = {t.name: read_reference(t.name, snapshots.REF_DIR) for t in REFERENCES}
    districts = dict(zip(references["districts"]["district_code"], references["districts"]["district_name"]))
    progress(f"读取报送目录 {inbox} …")
    listing = list_inbox(inbox)
    parsed, sources = parse_reports(listing, inbox, districts, problems, notes)
    previous = snapshots.previous_snapshot(as_of, base)
    progress(f"校验 {len(sources)} 个文件，上一期快照：{previous.as_of if previous else '无'}")
    if previous and previous.damaged:
        problems.append(problem("previous_damaged", file=str(previous.path), as_of=previous.as_of,
                                damaged=previous.damaged))
        previous = None

    earlier_events: dict[str, pl.DataFrame] = {}
    for name, pt in parsed.items():
        earlier = None
        if pt.table.kind == "event" and previous and previous.table_path(name).is_file():
            earlier = earlier_events[name] = pl.read_parquet(previous.table_path(name)).drop("snapshot_date")
        check_keys(pt, problems, earlier, str(previous.as_of) if previous else "")
    check_coverage(parsed, districts, _previous_districts(previous), problems)
    check_references(parsed, references, problems)
    check_relations(parsed, references, problems)
    check_brands(parsed, references["deliberation_brands"], problems)
    check_dates(parsed, as_of, problems)
    check_totals(parsed, problems)
    check_repeats(parsed, load_targets(), problems, result.warnings)
    result.warnings[:] = capped(result.warnings)
    if problems:
        result.problems[:] = capped(problems)
        progress(f"发现 {total(result.problems)} 个问题，未发布任何快照。")
        return result

    frames: dict[str, pl.DataFrame] = {}
    for t in REPORTS:
        week = parsed[t.name].data()
        if t.kind == "event" and t.name in earlier_events:
            week = pl.concat([earlier_events[t.name], week], how="vertical_relaxed")
        frames[t.name] = week.sort(list(t.key))
    frames.update(references)
    history = _history(frames, previous, as_of)

    manifest = {
        "demo": listing.demo,
        "published_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "previous_snapshot": previous.as_of.isoformat() if previous else None,
        "sources": [{**s, "sha256": hashlib.sha256(Path(inbox / s["file"]).read_bytes()).hexdigest()} for s in sources],
        "validation": {"passed": True, "files": len(sources), "rows": sum(s["rows"] for s in sources), "problems": 0},
        "notes": [str(n) for n in notes],
        "warnings": [p.as_json() for p in result.warnings],
        "code_version": code_version(),
        "tables": {name: TABLES[name].kind for name in frames},
        **({"carried_over": sorted(carried)} if carried else {}),
    }
    progress(f"写入快照 {as_of} …")
    scratch = tempfile.TemporaryDirectory(prefix="grassroots-check-") if check_only else None
    try:
        staged = snapshots.stage(as_of, frames, base=base, root=Path(scratch.name) if scratch else None, history=history)
    except OSError as err:
        problems.append(_write_problem(err, base))
        return result
    try:
        accepted, result.figures = _figures(staged, previous, accept, problems, progress)
        if problems:
            snapshots.discard(staged)
            return result
        manifest["accepted_changes"] = accepted
        manifest["figures"] = {"definitions": warehouse.definitions_version()}
        if check_only:
            snapshots.discard(staged)
            result.checked = True
            return result
        manifest["audit_anchor"] = _audit_anchor(anchor, manifest, notes)
        result.snapshot = snapshots.commit(staged, manifest, base=base, force=force)
    except OSError as err:
        snapshots.discard(staged)
        problems.append(_write_problem(err, base))
        return result
    finally:
        if scratch:
            scratch.cleanup()
    result.manifest = json.loads((result.snapshot / snapshots.MANIFEST).read_text("utf-8"))
    return result


def _audit_anchor(anchor: Callable[[], dict | None] | None, manifest: dict, notes: list[Note]) -> dict | None:
    """The audit log's head as the snapshot is published; a log that cannot be read does not stop the publish."""
    if anchor is None:
        return None
    try:
        return anchor()
    except Exception as err:  # whatever the log's failure (a locked, broken or foreign file), publishing goes on
        note = Note(f"审计日志无法读取，本快照未记录审计锚点：{type(err).__name__}: {err}")
        notes.append(note)
        manifest["notes"].append(str(note))
        return None


def _previous_districts(previous: snapshots.Snapshot | None) -> dict[str, set[str]]:
    """Districts present in each state report of the previous snapshot (for coverage "previous")."""
    out: dict[str, set[str]] = {}
    if previous is None:
        return out
    for t in REPORTS:
        path = previous.table_path(t.name)
        if t.coverage == "previous" and path.is_file():
            out[t.name] = set(pl.read_parquet(path, columns=["district_code"])["district_code"].drop_nulls())
    return out


def _history(frames: dict[str, pl.DataFrame], previous: snapshots.Snapshot | None,
             as_of: dt.date) -> dict[str, pl.DataFrame]:
    """Each history table: the previous snapshot's history (weeks before this one) plus this week."""
    out = {}
    for t in HISTORY:
        week = frames[t.name].with_columns(pl.lit(as_of).alias("snapshot_date"))
        earlier = _earlier(previous, t.name, as_of)
        out[t.name] = (pl.concat([earlier, week], how="vertical_relaxed") if earlier is not None else week).sort(
            "snapshot_date", *t.key)
    return out


def _earlier(previous: snapshots.Snapshot | None, name: str, as_of: dt.date) -> pl.DataFrame | None:
    if previous is None:
        return None
    path = previous.history_path(name)
    if not path.is_file():  # a snapshot published before histories existed: its own week only
        path = previous.table_path(name)
    if not path.is_file():
        return None
    return pl.read_parquet(path).filter(pl.col("snapshot_date") < as_of)


def stored_figures(snapshot: snapshots.Snapshot) -> pl.DataFrame:
    """A snapshot's figures as stored at its publish (its history's own week); computed from its
    tables only for a snapshot published before figures were stored."""
    earlier = _earlier(snapshot, "figures", snapshot.as_of + dt.timedelta(days=1))
    if earlier is not None and "city_only" in earlier.columns:
        week = earlier.filter(pl.col("snapshot_date") == snapshot.as_of)
        if week.height:
            return week
    return warehouse.figures([snapshot.path])


def _figures(staged: snapshots.Staged, previous: snapshots.Snapshot | None,
             accept: tuple[str, ...], problems: list[Problem],
             progress: Callable[[str], None]) -> tuple[list[dict], pl.DataFrame]:
    """Compute the staged week's figures with the staging SQL, once: they are stored with the
    snapshot (history/figures.parquet) and every page reads them from there. Check them against
    last week's stored figures (plausibility: like with like); return the accepted changes and the figures."""
    progress("计算各项指标并与上一期比较 …")
    now = warehouse.figures([staged.path])
    before = stored_figures(previous) if previous is not None else None
    accepted: list[dict] = []
    if before is not None:
        changes = plausibility.out_of_band(now, before, load_targets())
        refused = [c for c in changes if c.figure_id not in accept]
        problems += plausibility.problems(refused, now, before, previous.as_of.isoformat())
        accepted = [c.as_record() for c in changes if c.figure_id in accept]
    if problems:
        return accepted, now
    earlier = _earlier(previous, "figures", staged.as_of)
    if (earlier is None or not earlier.filter(pl.col("snapshot_date") == previous.as_of).height) and before is not None:
        earlier = before if earlier is None else pl.concat([earlier, before], how="vertical_relaxed")
    history = pl.concat([earlier, now], how="vertical_relaxed") if earlier is not None else now
    snapshots.add_file(staged, f"{HISTORY_DIR}/figures.parquet", history.sort("snapshot_date", "figure_id", "district_code"))
    return accepted, now
