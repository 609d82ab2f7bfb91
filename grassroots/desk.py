"""The data desk (数据报送): districts hand in the week's files through the app; the city clerk
sees who is missing and publishes, through the same refresh and lock as `refresh.py`.

Layout, beside the snapshots in the data folder:

    inbox/<as-of>/                          the week's inbox, exactly what `refresh.py --inbox` reads
        units__150102.csv                   one file per district and report, named by the app
        city_indicators.xlsx                the city's own reports, one whole file each
    inbox/.history/<as-of>/<UTC time>__units__150102.csv
                                            a file replaced by a later upload (outside the week's
                                            folder: the refresh refuses sub-folders of an inbox)

A clerk's file is never opened by a name the clerk chose: the app names it `<report>__<district>`
with the extension its content proves (a zip holding `xl/workbook.xml` is .xlsx, text is .csv;
anything else is refused before it is written anywhere), and a workbook whose zip directory says
it inflates beyond `unzipped_cap` is refused before anything is inflated. The file is then parsed
and checked only in a worker process (grassroots/upload_worker.py, through grassroots/workers.py),
never in the app's, where every leader's page lives: under an address-space limit
(`UPLOAD_ADDRESS_SPACE`), killed at `UPLOAD_TIMEOUT_S`, at most `UPLOAD_CHECKS` at once, reading
under the reader's upload limits (reports.UPLOAD_LIMITS: rows and cells, counted while reading).
Only JSON comes back; the inbox write and the audit rows stay here, after its verdict.

The check is the refresh itself (`run_refresh(check_only=True)`) on a scratch copy of the week (a
private dot-folder inside the data folder, removed after the check): the inbox as it is, the new
file in its slot, and for every slot still empty last week's rows of that district
(state reports) or an empty file (event reports) as a stand-in. So the file meets every rule of
the real run — cross-report ones too: a grid's community must be in the district's list, this
week's or last week's — while the week is still incomplete; only the problems of the clerk's
own file decide whether it is accepted. Missing reports and districts belong to the week, and
show on the city clerk's board. The week's as-of date is the coming Friday (reports are due
Friday); the check treats it as today, the publish does not (`as_of_in_future`).

Who handed in what and when is the audit log's `upload` rows (grassroots/audit.py), matched to
the files by checksum; the log holds names, sizes and checksums, never the content.
"""

from __future__ import annotations

import atexit
import dataclasses
import datetime as dt
import hashlib
import io
import os
import shutil
import tempfile
import threading
import time
import uuid
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import polars as pl

from grassroots.store import snapshots
from grassroots.sandbox import workers
from grassroots.access.audit import Actor, AuditLog
from grassroots.catalogue.figures import FIGURES
from grassroots.intake.inbox import _OLD_FORMATS, report_kind
from grassroots.store.pipeline import RefreshResult, run_refresh
from grassroots.catalogue.rules import FileProblem, Note, Problem
from grassroots.intake.reports import UPLOAD_LIMITS, Limits
from grassroots.catalogue.tables import REPORTS, TABLES, Table
from grassroots.intake.workbook import BIG_HINT, MAX_RATIO, MAX_UNZIPPED, check_zip

INBOX = "inbox"
HISTORY = ".history"
DUE_WEEKDAY = 4  # Friday
DEFAULT_MAX_MB = 20
DISTRICT_REPORTS = [t for t in REPORTS if "district_code" in t.column_names]
CITY_REPORTS = [t for t in REPORTS if "district_code" not in t.column_names]

# What each rule means in a few words, for the clerk's problem table (the message says the details).
RULE_NAMES: dict[str, tuple[str, str]] = {
    "wrong_type": ("格式不对", "wrong type"), "not_a_number": ("不是数字", "not a number"),
    "required": ("必填项为空", "required"), "unknown_value": ("不在可选值中", "not an allowed value"),
    "implausible": ("数值不合理", "implausible value"), "thousands_separator": ("千分位有误", "thousands separator"),
    "code_as_number": ("代码被 Excel 改成了数字", "code turned into a number"),
    "excel_error": ("Excel 错误值", "Excel error value"), "control_character": ("不可见字符", "invisible character"),
    "missing_column": ("缺少列", "missing column"), "unknown_column": ("无法识别的列", "unknown column"),
    "duplicate_column": ("列重复", "duplicate column"), "unlabelled_column": ("列没有表头", "column without header"),
    "repeated_header": ("表头重复出现", "repeated header"), "extra_cells": ("多出的单元格", "extra cells"),
    "malformed_csv": ("CSV 格式错误", "malformed CSV"), "wrong_delimiter": ("分隔符不对", "wrong delimiter"),
    "encoding": ("编码无法识别", "encoding"), "mixed_encoding": ("混有两种编码", "mixed encodings"),
    "empty_file": ("空文件", "empty file"), "empty_report": ("只有表头", "header only"),
    "corrupt_xlsx": ("Excel 文件损坏", "broken workbook"), "no_sheet": ("找不到数据表", "no data sheet"),
    "ambiguous_sheet": ("多个工作表都像数据", "several data sheets"),
    "unsupported_format": ("文件格式不支持", "unsupported format"), "wrong_extension": ("扩展名与内容不符", "wrong extension"),
    "content_mismatch": ("扩展名与内容不符", "extension and content differ"), "too_large": ("文件太大", "file too large"),
    "report_mismatch": ("选错了报表", "another report"), "district_mismatch": ("不是本旗县区的数据", "another district's row"),
    "duplicate_key": ("重复报送", "duplicate"), "unknown_code": ("代码不存在", "unknown code"),
    "missing_parent": ("上级单位不存在", "missing parent unit"), "date_outside_week": ("日期不在本周", "date outside the week"),
    "date_after_as_of": ("日期晚于截止日", "date after the as-of date"), "totals_mismatch": ("与明细不一致", "totals differ"),
    "inconsistent": ("前后矛盾", "inconsistent"), "incomplete_report": ("缺少旗县区或指标", "incomplete report"),
    "missing_report": ("缺少报表", "missing report"), "duplicate_report": ("同一报表有多个文件", "duplicate report"),
    "implausible_change": ("与上期相比变化过大", "implausible change"), "unknown_report": ("无法识别的文件", "unknown file"),
    "refresh_running": ("正在发布", "publishing in progress"), "not_allowed": ("无权报送", "not allowed"),
    "week_published": ("本期已发布", "already published"),
    "upload_limit": ("超出检查的时间或内存上限", "over the check's time or memory limit"),
    "busy": ("系统繁忙", "busy"), "unavailable": ("检查暂时无法进行", "check unavailable"),
    "check_failed": ("检查出错", "check failed"),
}


def rule_name(rule: str, lang: str = "zh") -> str:
    pair = RULE_NAMES.get(rule)
    return (pair[1] if lang == "en" else pair[0]) if pair else rule


# ------------------------------------------------------------------ weeks and places
def due_date(today: dt.date) -> dt.date:
    """The Friday a week's reports are due: today if Friday, else the coming one."""
    return today + dt.timedelta(days=(DUE_WEEKDAY - today.weekday()) % 7)


def inbox_root(base: Path) -> Path:
    return Path(base) / INBOX


def week_inbox(base: Path, as_of: dt.date) -> Path:
    return inbox_root(base) / as_of.isoformat()


def history_dir(base: Path, as_of: dt.date) -> Path:
    return inbox_root(base) / HISTORY / as_of.isoformat()


def open_weeks(base: Path, today: dt.date, *, published_too: bool = False, back_days: int = 56) -> list[dt.date]:
    """Weeks a clerk may hand in for, newest first: the coming Friday, and earlier weeks whose
    inbox exists and that are not published yet (or, for the city clerk, published: a correction)."""
    coming = due_date(today)
    published = {s.as_of for s in snapshots.list_snapshots(base)}
    weeks = {coming}
    root = inbox_root(base)
    if root.is_dir():
        for entry in root.iterdir():
            try:
                day = dt.date.fromisoformat(entry.name)
            except ValueError:
                continue
            if day < coming and (coming - day).days <= back_days and (published_too or day not in published):
                weeks.add(day)
    return sorted(weeks, reverse=True)


def reports_for(district: str | None) -> list[Table]:
    """A district hands in the reports that carry a district code; the city the others."""
    return DISTRICT_REPORTS if district else CITY_REPORTS


def may_hand_in(actor: Actor, district: str | None) -> bool:
    if "clerk" in actor.roles:
        return True
    return "district_clerk" in actor.roles and district is not None and actor.district == district


def slot_name(report: str, district: str | None, suffix: str) -> str:
    return f"{report}__{district}{suffix}" if district else f"{report}{suffix}"


def _slot_of(name: str) -> tuple[str, str | None] | None:
    table, district = report_kind(name)
    return (table.name, district) if table is not None else None


def present(inbox: Path) -> dict[tuple[str, str | None], str]:
    """The report files in the inbox by slot (report, district or None for a whole file)."""
    out: dict[tuple[str, str | None], str] = {}
    if not inbox.is_dir():
        return out
    with os.scandir(inbox) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.is_file(follow_symlinks=False) and Path(entry.name).suffix.lower() in (".csv", ".xlsx"):
                slot = _slot_of(entry.name)
                if slot:
                    out[slot] = entry.name
    return out


# ------------------------------------------------------------------ what a file is
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CONTROLS = bytes(range(0, 9)) + bytes(range(14, 27)) + bytes(range(28, 32)) + b"\x0b\x0c"
_KIND_ZH = {"xlsx": "Excel 工作簿（.xlsx）", "xlsm": "启用宏的 Excel 工作簿（.xlsm）", "xlsb": "Excel 二进制工作簿（.xlsb）",
            "ods": "OpenDocument 表格（.ods）", "docx": "Word 文档", "zip": "压缩包", "ole": "Excel 97-2003（.xls）、WPS 或 Word 旧格式文件",
            "pdf": "PDF 文件", "image": "图片", "binary": "二进制文件（不是表格）", "text": "文本（CSV）", "empty": "空文件"}


def content_kind(data: bytes) -> str:
    """What the bytes are, whatever the name says: xlsx, text, or what else it is."""
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
        problems.append(Problem("too_large", f"文件有 {len(data) / 2**20:.1f} MB，超过上限 {max_bytes / 2**20:.0f} MB", name,
                                hint="请删除多余的工作表、图片或空白行后重新上传；仍然太大请联系市委社会工作部"))
        return None, problems
    if suffix not in (".csv", ".xlsx"):
        what = _OLD_FORMATS.get(suffix, f"“{suffix or '无扩展名'}”文件")
        problems.append(Problem("unsupported_format", f"只接受 .csv 和 .xlsx 文件，这是{what}", name,
                                hint="请在 Excel 或 WPS 中“另存为” Excel 工作簿（.xlsx）或 CSV UTF-8 后重新上传"))
        return None, problems
    if data.startswith(b"PK\x03\x04"):  # its zip directory only, before anything is inflated or listed
        try:
            check_zip(data, unzipped_cap(max_bytes), MAX_RATIO)
        except FileProblem as err:
            if err.rule == "too_large":  # a broken zip is content_kind's to name
                return None, [err.problem(name)]
    kind = content_kind(data)
    expected = "xlsx" if suffix == ".xlsx" else "text"
    if kind == "empty":
        problems.append(Problem("empty_file", "文件是空的（0 字节）", name, hint="请确认选对了文件后重新上传"))
    elif kind != expected:
        fix = {("text", "xlsx"): "请把扩展名改回 .xlsx，或在 Excel 中“另存为” CSV UTF-8",
               ("xlsx", "text"): "请在 Excel 中“另存为” Excel 工作簿（.xlsx），或把扩展名改为 .csv"}.get(
            (expected, kind), "请在 Excel 或 WPS 中打开报表，“另存为” Excel 工作簿（.xlsx）或 CSV UTF-8 后重新上传")
        problems.append(Problem("content_mismatch", f"文件扩展名是 {suffix}，但内容是{_KIND_ZH.get(kind, kind)}", name, hint=fix))
    table, named_district = report_kind(name)
    if table is not None and table.name != report.name:
        problems.append(Problem("report_mismatch", f"文件名是报表“{table.zh}”，但上传到了“{report.zh}”", name,
                                hint=f"请在“报表”中选择“{table.zh}”，或确认选对了文件"))
    if named_district and district and named_district != district:
        problems.append(Problem("district_mismatch", f"文件名中的旗县区代码是 {named_district}，不是 {district}", name,
                                hint="请确认上传的是本旗县区的文件"))
    return (".xlsx" if kind == "xlsx" else ".csv") if not problems else None, problems


# ------------------------------------------------------------------ the check on a scratch week
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


def _files(p: Problem) -> list[str]:
    return p.file.split("、") if p.file else []


def concerns(p: Problem, name: str, district: str | None) -> bool:
    """Whether a problem is about this file: it names the file alone, or a list of files with it and
    (a missing district, a brand's unit) this file's district, or says two files clash."""
    files = _files(p)
    if name not in files:
        return False
    if len(files) == 1 or p.rule == "duplicate_report":
        return True
    return district is not None and district in p.message


@dataclass
class WeekCheck:
    as_of: dt.date
    files: dict[tuple[str, str | None], str]  # real files by slot
    problems: list[Problem]
    notes: list[Note]
    stand_ins: set[str]
    ran_figures: bool  # every report was there and read: the week-on-week bands were checked too

    def of_file(self, name: str, district: str | None) -> list[Problem]:
        return [p for p in self.problems if concerns(p, name, district)]

    def notes_of(self, name: str) -> list[Note]:
        return [n for n in self.notes if n.file == name]

    @property
    def relevant(self) -> list[Problem]:
        """Every problem but those about last week's stand-in rows alone."""
        return [p for p in self.problems if not (p.file and set(_files(p)) <= self.stand_ins)]

    @property
    def week_level(self) -> list[Problem]:
        """Problems that are no single real file's: missing reports, coverage, last week's bands."""
        out = []
        for p in self.problems:
            if any(concerns(p, name, district) for (_, district), name in self.files.items()):
                continue
            if p.file and set(_files(p)) <= self.stand_ins:
                continue  # about last week's stand-in rows, not about anything handed in
            out.append(p)
        return out


def _scratch_dir(base: Path | None):
    """A private folder (0700) for checking an upload inside the data folder, so an uploaded file
    never leaves it; a dot-name no snapshot listing or refresh reads; removed after the check."""
    root = Path(base) if base is not None and Path(base).is_dir() else None
    return tempfile.TemporaryDirectory(prefix=".desk-check-", dir=root)


def _districts() -> list[str]:
    from grassroots.intake.reports import read_reference

    return read_reference("districts", snapshots.REF_DIR)["district_code"].to_list()


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
    with _scratch_dir(base) as tmp:
        scratch = Path(tmp) / as_of.isoformat()
        scratch.mkdir()
        for name in files.values():
            shutil.copyfile(inbox / name, scratch / name, follow_symlinks=False)
        real = dict(files)
        if candidate is not None:
            name, data = candidate
            (scratch / name).write_bytes(data)
            real[replaces] = name
        stand_ins = _fill(scratch, real, previous, _districts())
        result = run_refresh(scratch, as_of, base=Path(base), check_only=True, today=max(today, as_of))
    figures_ran = result.checked or any(p.rule == "implausible_change" for p in result.problems)
    return WeekCheck(as_of, real, result.problems, result.notes, stand_ins, figures_ran)


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


# ------------------------------------------------------------------ where an upload is checked
UPLOAD_WORKER = Path(__file__).with_name("upload_worker.py")
REPO = Path(__file__).resolve().parents[1]  # the worker runs as a script: it is told where the project is
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
_TEXT = 2000  # characters of a message or hint sent back (a message quotes a cell, which may be long)


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


def _cut(text: str | None) -> str | None:
    return text if text is None or len(text) <= _TEXT else text[:_TEXT] + "…"


def week_check_json(check: WeekCheck) -> dict:
    """A week's check as JSON, field by field (what the worker sends back: never a pickle)."""
    return {"as_of": check.as_of.isoformat(),
            "files": [[report, district, name] for (report, district), name in check.files.items()],
            "problems": [dict(dataclasses.asdict(p), message=_cut(p.message), hint=_cut(p.hint)) for p in check.problems],
            "notes": [dict(dataclasses.asdict(n), message=_cut(n.message)) for n in check.notes],
            "stand_ins": sorted(check.stand_ins), "ran_figures": check.ran_figures}


def week_check_from_json(data: dict) -> WeekCheck:
    def text(value, default=None):
        return value if isinstance(value, str) else default

    def number(value):
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    problems = [Problem(str(p["rule"]), str(p["message"]), text(p.get("file")), number(p.get("row")),
                        text(p.get("column")), text(p.get("hint"), "")) for p in data["problems"]]
    notes = [Note(str(n["message"]), text(n.get("file")), number(n.get("row"))) for n in data["notes"]]
    files = {(str(r), text(d)): str(n) for r, d, n in data["files"]}
    return WeekCheck(dt.date.fromisoformat(data["as_of"]), files, problems, notes,
                     {str(n) for n in data["stand_ins"]}, bool(data["ran_figures"]))


def _gib(n: int) -> str:
    return f"{n / 2**30:g} GiB" if n >= 2**30 else f"{n / 2**20:.0f} MB"


def _checked_elsewhere(base: Path, as_of: dt.date, report: str, district: str | None, stored: str, data: bytes,
                       today: dt.date | None, original: str, pool: workers.Pool, timeout_s: float,
                       limits: Limits) -> tuple[WeekCheck, Table | None] | list[Problem]:
    """check_upload in a worker: its result, or the one problem that says which limit stopped it."""
    def refused(rule: str, message: str, hint: str) -> list[Problem]:
        return [Problem(rule, message, original, hint=hint)]

    try:
        worker = pool.checkout()
    except OSError:
        return refused("unavailable", "检查程序没能启动，文件没有保存", "请稍后再试；仍然不行请联系市委社会工作部")
    if worker is None:
        return refused("busy", f"已有 {pool.size} 个文件正在检查，请稍后再试", "请过一两分钟后重新上传")
    try:
        with _scratch_dir(base) as tmp:  # handed over as a file in the data folder, not through a pipe
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
        return refused("upload_limit", f"检查超过 {timeout_s:g} 秒的时限，已停止，文件没有保存", BIG_HINT)
    if reason == "memory":
        return refused("upload_limit", f"检查用内存超过 {_gib(space)} 的上限，已停止，文件没有保存", BIG_HINT)
    if reason == "startup":
        return refused("unavailable", "检查程序没能启动，文件没有保存", "请稍后再试；仍然不行请联系市委社会工作部")
    error = str(answer.get("error", ""))[:80]
    return refused("check_failed", f"检查这个文件时程序出错（{error}），文件没有保存",
                   "请把这个文件发给市委社会工作部的数据员，并说明上传的时间")


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
    return [dataclasses.replace(p, file=original) if stored in _files(p) else p for p in problems]


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
        problem = Problem("week_published", f"截至 {as_of} 的数据已经发布，不能再上传", original,
                          hint="如需更正，请联系市委社会工作部的数据员")
        log.record(actor, "upload", "refused", rules={"week_published": 1}, **facts)
        return HandIn(False, [problem])
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
        own = [Problem("report_mismatch", f"这个文件的表头是报表“{other.zh}”的，但上传到了“{table.zh}”", stored,
                       hint=f"请在“报表”中选择“{other.zh}”后重新上传")]
    if own:
        log.record(actor, "upload", "refused", rules=dict(Counter(p.rule for p in own)), problems=len(own), **facts)
        return HandIn(False, _shown(own, stored, original), notes=_shown_notes(check.notes_of(stored), stored, original))
    try:
        replaced = _store(base, as_of, report, district, stored, data)
    except snapshots.RefreshBusy as busy:
        problem = Problem("refresh_running", f"正在发布快照（{busy}），文件暂时不能放入报送目录", original,
                          hint="请一两分钟后重新上传")
        log.record(actor, "upload", "refused", rules={"refresh_running": 1}, **facts)
        return HandIn(False, [problem])
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
    with _scratch_dir(base) as tmp:
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
                    if _slot_of(name) == (report, district) and (inbox / name).is_file():
                        replaced = f"{stamp}__{name}"
                        os.replace(inbox / name, history / replaced)
                os.replace(incoming, inbox / stored)
                return replaced
        except snapshots.RefreshBusy:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.25)


# ------------------------------------------------------------------ the board and publishing
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
    slots = [(t.name, d) for t in DISTRICT_REPORTS for d in (districts or _districts())]
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
    """The figures whose week-on-week change the city clerk may confirm (implausible_change)."""
    out = []
    for p in problems:
        if p.rule == "implausible_change":
            out += [fid for fid, f in FIGURES.items() if p.column == f"{f.zh}（{fid}）" and fid not in out]
    return out


def publish(base: Path, as_of: dt.date, *, actor: Actor, log: AuditLog, accept: tuple[str, ...] = (),
            force: bool = False, today: dt.date | None = None, progress: Callable[[str], None] = lambda _: None) -> RefreshResult:
    """Publish the week's inbox exactly as `refresh.py --inbox … --as-of …` does (same function,
    same lock); audited, with each confirmed change as an override."""
    base = Path(base)
    if "clerk" not in actor.roles:
        log.record(actor, "publish", "refused", reason="not_allowed", week=as_of.isoformat())
        raise PermissionError(f"{actor.user} may not publish")
    result = run_refresh(week_inbox(base, as_of), as_of, base=base, force=force, accept_changes=tuple(accept),
                         today=today, progress=progress, audit=log)  # the snapshot anchors this log's chain
    record_publish(log, actor, as_of, result, accept, force)
    if result.ok:
        with _cache_lock:
            _cache.clear()
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


# ------------------------------------------------------------------ tables for the page
_templates: dict[str, bytes] = {}


def template(report: str) -> bytes:
    """The blank Excel template of a report (headers, and a 填报说明 sheet), as refresh.py --templates writes it."""
    if report not in _templates:
        from grassroots.intake.templates import write_templates

        with tempfile.TemporaryDirectory(prefix="grassroots-templates-") as tmp:
            for path in write_templates(Path(tmp)):
                if path.suffix == ".xlsx":
                    _templates[path.stem] = path.read_bytes()
    return _templates[report]


def district_names(lang: str = "zh", short: bool = False) -> dict[str, str]:
    from grassroots.intake.reports import read_reference

    frame = read_reference("districts", snapshots.REF_DIR).sort("display_order")
    column = ("district_short" if short else "district_name") + ("_en" if lang == "en" else "")
    return dict(zip(frame["district_code"], frame[column]))


def report_label(report: str, lang: str = "zh") -> str:
    table = TABLES[report]
    return f"{table.en} ({report})" if lang == "en" else f"{table.zh}（{report}）"


def problem_frame(problems: list[Problem], lang: str = "zh") -> pl.DataFrame:
    """One row per problem, as the clerk reads it: file, Excel row, column, problem, what to do, rule."""
    return pl.DataFrame({
        "file": [p.file or "—" for p in problems],
        "row": [str(p.row) if p.row is not None else "—" for p in problems],
        "column": [p.column or "—" for p in problems],
        "problem": [p.message for p in problems],
        "todo": [p.hint or "—" for p in problems],
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
