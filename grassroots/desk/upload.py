"""Handing in one file: what the bytes are (whatever the name says), the gate before anything is
written or parsed, the check in a worker process, and the inbox write under the refresh lock.

A clerk's file is never opened by a name the clerk chose: the app names it `<report>__<district>`
with the extension its content proves (a zip holding `xl/workbook.xml` is .xlsx, text is .csv;
anything else is refused before it is written anywhere), and a workbook whose zip directory says
it inflates beyond `unzipped_cap` is refused before anything is inflated. The file is then parsed
and checked only in a worker process (worker.py beside this file, through grassroots/sandbox/workers.py),
never in the app's, where every leader's page lives: under an address-space limit
(`UPLOAD_ADDRESS_SPACE`), killed at `UPLOAD_TIMEOUT_S`, at most `UPLOAD_CHECKS` at once, reading
under the reader's upload limits (reports.UPLOAD_LIMITS: rows and cells, counted while reading).
Only JSON comes back; the inbox write and the audit rows stay here, after its verdict.

Who handed in what and when is the audit log's `upload` rows (grassroots/access/audit.py), matched
to the files by checksum; the log holds names, sizes and checksums, never the content.
"""

from __future__ import annotations

import atexit
import dataclasses
import datetime as dt
import hashlib
import io
import os
import time
import uuid
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from grassroots.access.audit import Actor, AuditLog
from grassroots.catalogue.rules import FileProblem, Note, Problem, problem
from grassroots.catalogue.tables import TABLES, Table
from grassroots.desk.places import (DEFAULT_MAX_MB, history_dir, may_hand_in, reports_for, slot_name, slot_of,
                                    week_inbox)
from grassroots.desk.review import under_review
from grassroots.desk.week import WeekCheck, check_week, concerns, files_of, scratch_dir, week_check_from_json
from grassroots.intake.inbox import report_kind
from grassroots.intake.reports import UPLOAD_LIMITS, Limits
from grassroots.intake.workbook import MAX_RATIO, MAX_UNZIPPED, check_zip
from grassroots.sandbox import workers
from grassroots.store import snapshots

# ------------------------------------------------------------------ what a file is
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CONTROLS = bytes(range(0, 9)) + bytes(range(14, 27)) + bytes(range(28, 32)) + b"\x0b\x0c"


def content_kind(data: bytes) -> str:
    """What the bytes are, whatever the name says: xlsx, text, or what else it is (the catalogue's
    CONTENT_KINDS names each)."""
    if not data:
        return "empty"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:  # reads the directory only
                names = set(z.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return "zip"
        if "xl/vbaProject.bin" in names:
            return "xlsm"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "xl/workbook.bin" in names:
            return "xlsb"
        if "content.xml" in names:
            return "ods"
        return "docx" if "word/document.xml" in names else "zip"
    if data.startswith(_OLE2):
        return "ole"
    if data.startswith(b"%PDF"):
        return "pdf"
    if data[:8] in (b"\x89PNG\r\n\x1a\n",) or data[:3] == b"\xff\xd8\xff" or data[:4] in (b"GIF8",):
        return "image"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "text"  # UTF-16 text ("Unicode 文本"): the reader refuses it with its own advice
    head = data[:65536]
    # A stray NUL or control character in a CSV is the reader's to report with its row; a file
    # made mostly of them is not text at all.
    controls = len(head) - len(head.translate(None, _CONTROLS))
    return "binary" if controls > max(8, len(head) // 100) else "text"


def gate(report: Table, district: str | None, original: str, data: bytes, max_bytes: int) -> tuple[str | None, list[Problem]]:
    """Before anything is written or parsed: size, extension, content, and a name that says another
    report or district. Returns the suffix to store under (".csv"/".xlsx") or the problems."""
    name = Path(original).name or "upload"
    suffix = Path(name).suffix.lower()
    problems: list[Problem] = []
    if len(data) > max_bytes:
        problems.append(problem("too_large", "upload", file=name, table=report.name, size=len(data), limit=max_bytes))
        return None, problems
    if suffix not in (".csv", ".xlsx"):
        problems.append(problem("unsupported_format", "upload", file=name, table=report.name, suffix=suffix))
        return None, problems
    if data.startswith(b"PK\x03\x04"):  # its zip directory only, before anything is inflated or listed
        try:
            check_zip(data, unzipped_cap(max_bytes), MAX_RATIO)
        except FileProblem as err:
            if err.rule == "too_large":  # a broken zip is content_kind's to name
                return None, [err.problem(name, table=report.name)]
    kind = content_kind(data)
    expected = "xlsx" if suffix == ".xlsx" else "text"
    if kind == "empty":
        problems.append(problem("empty_file", "upload", file=name, table=report.name))
    elif kind != expected:
        fix = {("text", "xlsx"): "workbook", ("xlsx", "text"): "text"}.get((expected, kind), "")  # which advice fits
        problems.append(problem("content_mismatch", fix, file=name, table=report.name, suffix=suffix, kind=kind))
    table, named_district = report_kind(name)
    if table is not None and table.name != report.name:
        problems.append(problem("report_mismatch", file=name, table=report.name, other=table.name))
    if named_district and district and named_district != district:
        problems.append(problem("district_mismatch", "file_name", file=name, table=report.name, district=district,
                                value=named_district))
    return (".xlsx" if kind == "xlsx" else ".csv") if not problems else None, problems



# ------------------------------------------------------------------ where an upload is checked
UPLOAD_WORKER = Path(__file__).with_name("worker.py")
REPO = Path(__file__).resolve().parents[2]  # the worker runs as a script: it is told where the project is
# Checks at once, one worker each. A week's uploads are a few dozen, spread over days; a third clerk
# at the same second is told to try again rather than wait behind two possibly heavy files.
UPLOAD_CHECKS = 2
# A worker's address space. Measured (Polars 1, DuckDB 2.0, pyarrow 26, MALLOC_ARENA_MAX=2): the
# check of a whole demo week with the city's grids as one .xlsx (6,158 rows, the biggest real
# report) maps ~0.83 GB (~0.3 GB resident) and fails below ~0.8 GB, where pyarrow can no longer be
# mapped. A file at the reader's upload limits (495 k cells) peaked at 0.94 GB (0.49 GB resident):
# 1.5 GiB leaves half a gigabyte above that.
UPLOAD_ADDRESS_SPACE = 3 << 29
# A real check takes ~1 s (the demo week above: 0.6-0.8 s); a file at the upload limits 7 s, or 17 s
# when its header is no report's and it is read once more to say which report it is. A clerk
# waiting longer than a minute is better told to split the file.
UPLOAD_TIMEOUT_S = 60.0
# A worker idles at ~0.3 GB resident after a check; one that kept more is replaced. One idle worker
# is kept warm (~1 s of imports saved); a second is started when two clerks check at once.
UPLOAD_RECYCLE_RSS = 512 << 20
UPLOAD_KEEP_IDLE = 1
UPLOAD_ANSWER = 64 << 20  # the JSON of a week's check: problems are capped per kind, texts at _TEXT


def unzipped_cap(max_bytes: int) -> int:
    """How far an uploaded workbook may inflate: 64 MB of XML already holds more cells than the
    upload limits allow (~40 bytes per cell), and images or embedded files, which do not inflate,
    may fill the rest of a larger upload limit; never more than the refresh's own cap."""
    return min(max(64 << 20, 2 * max_bytes), MAX_UNZIPPED)


def upload_pool(size: int = UPLOAD_CHECKS, address_space: int = UPLOAD_ADDRESS_SPACE) -> workers.Pool:
    """Workers that check uploads (the app's is UPLOADS; tests make their own with other limits)."""
    def spawn() -> workers.Worker:
        return workers.Worker(UPLOAD_WORKER, address_space, (str(REPO),), max_header=UPLOAD_ANSWER)

    return workers.Pool(size, spawn, recycle_rss=UPLOAD_RECYCLE_RSS, keep_idle=min(UPLOAD_KEEP_IDLE, size))


UPLOADS = upload_pool()
atexit.register(UPLOADS.close)


def check_upload(base: Path, as_of: dt.date, report: str, district: str | None, stored: str, data: bytes,
                 today: dt.date | None = None) -> tuple[WeekCheck, Table | None]:
    """The week's check with the file in its slot, and the report the file is if its header is
    another report's. Runs in the upload worker (grassroots/upload_worker.py), not in the app."""
    table = TABLES[report]
    check = check_week(base, as_of, candidate=(stored, data), replaces=(report, district), today=today)
    other = None
    if any(p.rule in _HEADER_RULES for p in check.of_file(stored, district)):
        other = looks_like(data, Path(stored).suffix, [t for t in reports_for(district) if t is not table], base)
    return check, other



def _checked_elsewhere(base: Path, as_of: dt.date, report: str, district: str | None, stored: str, data: bytes,
                       today: dt.date | None, original: str, pool: workers.Pool, timeout_s: float,
                       limits: Limits) -> tuple[WeekCheck, Table | None] | list[Problem]:
    """check_upload in a worker: its result, or the one problem that says which limit stopped it."""
    def refused(rule: str, variant: str = "", **fields) -> list[Problem]:
        return [problem(rule, variant, file=original, table=report, **fields)]

    try:
        worker = pool.checkout()
    except OSError:
        return refused("unavailable")
    if worker is None:
        return refused("busy", count=pool.size)
    try:
        with scratch_dir(base) as tmp:  # handed over as a file in the data folder, not through a pipe
            path = Path(tmp) / f"upload{Path(stored).suffix}"
            path.write_bytes(data)
            request = {"base": str(Path(base).resolve()), "as_of": as_of.isoformat(), "report": report,
                       "district": district, "stored": stored, "file": str(path),
                       "today": (today or dt.date.today()).isoformat(), "limits": dataclasses.asdict(limits)}
            answer, _ = worker.ask(request, timeout_s)
        if answer.get("reason") == "memory":
            worker.kill()  # it exits after saying so: never hand it out again meanwhile
    except workers.WorkerGone as gone:  # died: an allocation past its address space, most likely
        answer = {"ok": False, "reason": {"timeout": "timeout", "startup": "startup"}.get(gone.reason, "memory")}
    except OSError as err:  # the scratch copy could not be written (a full disk)
        answer = {"ok": False, "reason": "error", "error": err.strerror or type(err).__name__}
    finally:
        pool.checkin(worker)
    space = worker.address_space
    if answer.get("ok"):
        other = answer.get("other")
        return week_check_from_json(answer["check"]), TABLES.get(other) if isinstance(other, str) else None
    reason = answer.get("reason")
    if reason == "timeout":
        return refused("upload_limit", "timeout", seconds=timeout_s)
    if reason == "memory":
        return refused("upload_limit", "memory", limit=space)
    if reason == "startup":
        return refused("unavailable")
    return refused("check_failed", error=str(answer.get("error", ""))[:80])



# ------------------------------------------------------------------ handing in
@dataclass
class HandIn:
    accepted: bool
    problems: list[Problem]  # the file's own: any one refuses it
    stored: str | None = None  # the inbox name the app chose
    replaced: str | None = None  # the earlier file, now under inbox/.history/
    notes: list[Note] = field(default_factory=list)
    others: list[Problem] = field(default_factory=list)  # the district's other files, after this one
    changes: list[Problem] = field(default_factory=list)  # week-on-week bands: the city clerk confirms at publishing


def _shown(problems: list[Problem], stored: str, original: str) -> list[Problem]:
    """The clerk knows the file by the name it had on their computer."""
    return [dataclasses.replace(p, file=original) if stored in files_of(p) else p for p in problems]


def hand_in(base: Path, as_of: dt.date, report: str, district: str | None, data: bytes, original: str, *,
            actor: Actor, log: AuditLog, max_bytes: int = DEFAULT_MAX_MB << 20, today: dt.date | None = None,
            pool: workers.Pool | None = None, timeout_s: float = UPLOAD_TIMEOUT_S,
            limits: Limits = UPLOAD_LIMITS) -> HandIn:
    """Check one file for (report, district) of the week and, if it has no problem of its own,
    put it in the week's inbox (the earlier one to the history). Every outcome is audited.
    The file is parsed only in an upload worker (``pool``, UPLOADS by default), stopped at
    ``timeout_s`` and reading under ``limits``; a limit it passes is its problem."""
    base = Path(base)
    table = TABLES[report]
    original = Path(original).name[:200]
    facts = dict(week=as_of.isoformat(), report=report, district=district, original=original, bytes=len(data),
                 sha256=hashlib.sha256(data).hexdigest())
    if not may_hand_in(actor, district) or table not in reports_for(district):
        log.record(actor, "upload", "refused", reason="not_allowed", **facts)
        raise PermissionError(f"{actor.user} may not hand in {report} for {district or 'the city'}")
    published = any(s.as_of == as_of for s in snapshots.list_snapshots(base))
    if published and "clerk" not in actor.roles:
        refusal = problem("week_published", file=original, table=report, as_of=as_of)
        log.record(actor, "upload", "refused", rules={"week_published": 1}, **facts)
        return HandIn(False, [refusal])
    if under_review(log, as_of, district):  # what the city reviews (or approved) is what gets published
        log.record(actor, "upload", "refused", rules={"under_review": 1}, **facts)
        return HandIn(False, [problem("under_review", file=original, table=report, as_of=as_of)])
    suffix, problems = gate(table, district, original, data, max_bytes)
    if problems:
        log.record(actor, "upload", "refused", rules=dict(Counter(p.rule for p in problems)), **facts)
        return HandIn(False, problems)
    stored = slot_name(report, district, suffix)
    limits = dataclasses.replace(limits, unzipped=min(limits.unzipped, unzipped_cap(max_bytes)))
    verdict = _checked_elsewhere(base, as_of, report, district, stored, data, today, original,
                                 UPLOADS if pool is None else pool, timeout_s, limits)
    if isinstance(verdict, list):  # a limit of the check itself stopped it
        log.record(actor, "upload", "refused", rules=dict(Counter(p.rule for p in verdict)), **facts)
        return HandIn(False, verdict)
    check, other = verdict
    own = check.of_file(stored, district)
    if other is not None and any(p.rule in _HEADER_RULES for p in own):  # every column problem only says the same
        own = [problem("report_mismatch", "header", file=stored, table=table.name, other=other.name)]
    if own:
        log.record(actor, "upload", "refused", rules=dict(Counter(p.rule for p in own)), problems=len(own), **facts)
        return HandIn(False, _shown(own, stored, original), notes=_shown_notes(check.notes_of(stored), stored, original))
    try:
        replaced = _store(base, as_of, report, district, stored, data)
    except snapshots.RefreshBusy as busy:
        refusal = problem("refresh_running", "upload", file=original, table=report, holder=str(busy))
        log.record(actor, "upload", "refused", rules={"refresh_running": 1}, **facts)
        return HandIn(False, [refusal])
    log.record(actor, "upload", "accepted", stored=stored, replaced=replaced, **facts)
    mine = {name for (_, d), name in check.files.items() if d == district and name != stored}
    others = [p for p in check.problems if any(concerns(p, n, district) for n in mine)]
    changes = [p for p in check.problems if p.rule == "implausible_change"]
    return HandIn(True, [], stored, replaced, _shown_notes(check.notes_of(stored), stored, original), others, changes)


_HEADER_RULES = {"missing_column", "unknown_column", "unlabelled_column"}


def looks_like(data: bytes, suffix: str, candidates: list[Table], base: Path | None = None) -> Table | None:
    """The one report among `candidates` whose every column the file's header names, if any: a
    clerk who picked the wrong report hears which one the file is."""
    from grassroots.intake.inbox import ReportFile
    from grassroots.catalogue.rules import FileProblem
    from grassroots.intake.reports import read_report

    matches = []
    parsed: dict = {}  # the file is parsed once, then read as each report
    with scratch_dir(base) as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        for table in candidates:
            try:
                raw = read_report(ReportFile(path, table, None), parsed)
            except (FileProblem, Exception):  # unreadable as this report: not this one
                continue
            if not any(p.rule in _HEADER_RULES for p in raw.problems):
                matches.append(table)
    return matches[0] if len(matches) == 1 else None


def _shown_notes(notes: list[Note], stored: str, original: str) -> list[Note]:
    return [dataclasses.replace(n, file=original) if n.file == stored else n for n in notes]


def _store(base: Path, as_of: dt.date, report: str, district: str | None, stored: str, data: bytes,
           wait_s: float = 3.0) -> str | None:
    """Put the file in the inbox under the refresh lock (a publish never reads a half-replaced
    week); an earlier file of the slot moves to the history first. Returns the history name."""
    inbox, history = week_inbox(base, as_of), history_dir(base, as_of)
    deadline = time.monotonic() + wait_s
    while True:
        try:
            with snapshots.refresh_lock(base):
                inbox.mkdir(parents=True, exist_ok=True)
                history.mkdir(parents=True, exist_ok=True)
                incoming = history / f".incoming-{uuid.uuid4().hex}"
                with open(incoming, "wb") as f:
                    f.write(data)
                    f.flush()
                    os.fsync(f.fileno())
                replaced = None
                stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
                for name in sorted(os.listdir(inbox)):
                    if slot_of(name) == (report, district) and (inbox / name).is_file():
                        replaced = f"{stamp}__{name}"
                        os.replace(inbox / name, history / replaced)
                os.replace(incoming, inbox / stored)
                return replaced
        except snapshots.RefreshBusy:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.25)


