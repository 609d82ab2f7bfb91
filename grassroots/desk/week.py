"""A week's check on a scratch copy: `refresh --check` itself, on the inbox as it is, a candidate file
in its slot, and for every slot still empty last week's rows of that district (state reports) or
an empty file (event reports) as a stand-in. So a file meets every rule of the real run — cross-
report ones too: a grid's community must be in the district's list, this week's or last week's —
while the week is still incomplete; only the problems of the clerk's own file decide whether it is
accepted. The week's as-of date is the coming Friday (reports are due Friday); the check treats it
as today, the publish does not (`as_of_in_future`). The scratch copy is a private dot-folder inside
the data folder, removed after the check. A check travels back from the upload worker as JSON,
field by field (`week_check_json`; each problem's own fields, `Problem.as_json`), never as a pickle.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from grassroots.catalogue.rules import MAX_TEXT, Note, Problem
from grassroots.catalogue.tables import REPORTS, Table
from grassroots.desk.places import DISTRICT_REPORTS, district_codes, present, slot_name, week_inbox
from grassroots.store import snapshots
from grassroots.store.pipeline import run_refresh


def cell_text(value) -> str:
    """A value as a district would type it in a CSV report (是/否, whole numbers without .0, ISO dates)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _stand_in(table: Table, rows: pl.DataFrame | None) -> bytes:
    """A UTF-8 CSV of the report under its English column names: last week's rows, or just the header."""
    import csv

    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.column_names)
    if rows is not None:
        for row in rows.select(table.column_names).iter_rows():
            writer.writerow([cell_text(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def _fill(scratch: Path, files: dict[tuple[str, str | None], str], previous: snapshots.Snapshot | None,
          districts: list[str]) -> set[str]:
    """Write a stand-in into every empty slot of the scratch week; return their names."""
    written = set()
    whole = {report for report, district in files if district is None}
    for table in REPORTS:
        if table.name in whole:
            continue
        slots = [(table.name, d) for d in districts] if table in DISTRICT_REPORTS else [(table.name, None)]
        empty = [s for s in slots if s not in files]
        if not empty:
            continue
        frame = None
        if table.kind != "event" and previous is not None and previous.table_path(table.name).is_file():
            frame = pl.read_parquet(previous.table_path(table.name))
        elif table.kind != "event":
            continue  # the first week: nothing to stand in with; the week's problems say what is missing
        for report, district in empty:
            rows = None if frame is None else (frame.filter(pl.col("district_code") == district) if district else frame)
            name = slot_name(report, district, ".csv")
            (scratch / name).write_bytes(_stand_in(table, rows))
            written.add(name)
    return written


def files_of(p: Problem) -> list[str]:
    """The files a problem names: one, or a report's files joined with "、" (the file field's own form)."""
    return p.file.split("、") if p.file else []


def concerns(p: Problem, name: str, district: str | None) -> bool:
    """Whether a problem is about this file: it names the file alone, or a list of files with it and
    (a missing district, a brand's unit) this file's district in its district field, or says two
    files clash. Decided by the fields, never by the message's words."""
    files = files_of(p)
    if name not in files:
        return False
    if len(files) == 1 or p.rule == "duplicate_report":
        return True
    return district is not None and p.district == district


@dataclass
class WeekCheck:
    as_of: dt.date
    files: dict[tuple[str, str | None], str]  # real files by slot
    problems: list[Problem]
    notes: list[Note]
    stand_ins: set[str]
    ran_figures: bool  # every report was there and read: the week-on-week bands were checked too
    warnings: list[Problem] = dataclasses.field(default_factory=list)  # published anyway (a repeated event)
    figures: pl.DataFrame | None = None  # the week's figures when every check passed (never sent as JSON)

    def of_file(self, name: str, district: str | None) -> list[Problem]:
        return [p for p in self.problems if concerns(p, name, district)]

    def notes_of(self, name: str) -> list[Note]:
        return [n for n in self.notes if n.file == name]

    @property
    def relevant(self) -> list[Problem]:
        """Every problem but those about last week's stand-in rows alone."""
        return [p for p in self.problems if not (p.file and set(files_of(p)) <= self.stand_ins)]

    @property
    def week_level(self) -> list[Problem]:
        """Problems that are no single real file's: missing reports, coverage, last week's bands."""
        out = []
        for p in self.problems:
            if any(concerns(p, name, district) for (_, district), name in self.files.items()):
                continue
            if p.file and set(files_of(p)) <= self.stand_ins:
                continue  # about last week's stand-in rows, not about anything handed in
            out.append(p)
        return out


def scratch_dir(base: Path | None):
    """A private folder (0700) for checking an upload inside the data folder, so an uploaded file
    never leaves it; a dot-name no snapshot listing or refresh reads; removed after the check."""
    root = Path(base) if base is not None and Path(base).is_dir() else None
    return tempfile.TemporaryDirectory(prefix=".desk-check-", dir=root)


def check_week(base: Path, as_of: dt.date, *, candidate: tuple[str, bytes] | None = None,
               replaces: tuple[str, str | None] | None = None, today: dt.date | None = None) -> WeekCheck:
    """`refresh --check` on a scratch copy of the week: real files, the candidate in its slot,
    stand-ins in the empty slots. Treats the as-of date as today (reports come in before Friday)."""
    today = today or dt.date.today()
    inbox = week_inbox(base, as_of)
    files = {slot: name for slot, name in present(inbox).items() if slot != replaces}
    previous = snapshots.previous_snapshot(as_of, base)
    if previous is not None and previous.damaged:
        previous = None  # the run below says so; nothing is built on a damaged week
    with scratch_dir(base) as tmp:
        scratch = Path(tmp) / as_of.isoformat()
        scratch.mkdir()
        for name in files.values():
            shutil.copyfile(inbox / name, scratch / name, follow_symlinks=False)
        real = dict(files)
        if candidate is not None:
            name, data = candidate
            (scratch / name).write_bytes(data)
            real[replaces] = name
        stand_ins = _fill(scratch, real, previous, district_codes())
        result = run_refresh(scratch, as_of, base=Path(base), check_only=True, today=max(today, as_of))
    figures_ran = result.checked or any(p.rule == "implausible_change" for p in result.problems)
    warnings = [p for p in result.warnings if not (p.file and set(files_of(p)) <= stand_ins)]
    return WeekCheck(as_of, real, result.problems, result.notes, stand_ins, figures_ran, warnings, result.figures)


_cache_lock = threading.Lock()
_cache: dict[tuple, WeekCheck] = {}


def _fingerprint(base: Path, as_of: dt.date) -> tuple:
    inbox = week_inbox(base, as_of)
    entries = []
    if inbox.is_dir():
        for entry in os.scandir(inbox):
            st = entry.stat(follow_symlinks=False)
            entries.append((entry.name, st.st_size, st.st_mtime_ns, st.st_ino))
    previous = snapshots.previous_snapshot(as_of, base)
    return (str(base), as_of, tuple(sorted(entries)), previous.stamp if previous else None)


def clear_cache() -> None:
    """After a publish: every cached check may be against another previous week now."""
    with _cache_lock:
        _cache.clear()


def week_status(base: Path, as_of: dt.date, today: dt.date | None = None) -> WeekCheck:
    """The week's check, cached until a file of the inbox or the previous snapshot changes."""
    key = _fingerprint(base, as_of) + (max(today or dt.date.today(), as_of),)
    with _cache_lock:
        if key in _cache:
            return _cache[key]
    check = check_week(base, as_of, today=today)
    with _cache_lock:
        if len(_cache) > 16:
            _cache.clear()
        _cache[key] = check
    return check


def _cut(text: str | None) -> str | None:
    return text if text is None or len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def week_check_json(check: WeekCheck) -> dict:
    """A week's check as JSON, field by field (what the worker sends back: never a pickle). A problem
    goes as its rule, variant and fields, and comes back as the same Problem; its text fields are
    already cut to MAX_TEXT characters (a cell quoted in full may be long)."""
    return {"as_of": check.as_of.isoformat(),
            "files": [[report, district, name] for (report, district), name in check.files.items()],
            "problems": [p.as_json() for p in check.problems],
            "notes": [{"message": _cut(n.message), "file": n.file, "row": n.row} for n in check.notes],
            "stand_ins": sorted(check.stand_ins), "ran_figures": check.ran_figures,
            "warnings": [p.as_json() for p in check.warnings]}


def week_check_from_json(data: dict) -> WeekCheck:
    def text(value, default=None):
        return value if isinstance(value, str) else default

    def number(value):
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    problems = [Problem.from_json(p) for p in data["problems"]]
    notes = [Note(str(n["message"]), text(n.get("file")), number(n.get("row"))) for n in data["notes"]]
    files = {(str(r), text(d)): str(n) for r, d, n in data["files"]}
    return WeekCheck(dt.date.fromisoformat(data["as_of"]), files, problems, notes,
                     {str(n) for n in data["stand_ins"]}, bool(data["ran_figures"]),
                     [Problem.from_json(p) for p in data.get("warnings", ())])

