"""What is in a week's inbox folder: the report files, what is skipped, and what is refused.

Nothing outside the inbox is ever read: symbolic links are refused without being followed or
opened, and so is anything that is not a plain file (a pipe would block the refresh). Office
lock files, `.DS_Store`, `Thumbs.db` and macOS `._*` companions are skipped with a note.
Sub-folders and files that are not a known report are errors, because a district's reports put
in the wrong place would otherwise be silently missing from the snapshot.

A report arrives as one file (`grids.csv`, `网格.xlsx`) or as one file per district
(`grids__150102.csv`); two files that say the same thing (`grids.csv` and `网格.xlsx`, or a
whole file beside district files) are refused with one sentence, not a flood of duplicate keys.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from grassroots.catalogue.rules import OLD_FORMATS, Note, Problem, problem
from grassroots.catalogue.tables import REPORTS, Table

REPORT_SUFFIXES = (".csv", ".xlsx")
DEMO_MARKER = "DEMO.txt"  # an inbox holding this file is demo data (示例数据)
MAX_FILE_BYTES = 512 << 20
JUNK = re.compile(r"^(\.DS_Store|Thumbs\.db|desktop\.ini|\._.*|~\$.*|\.~lock\..*#)$", re.IGNORECASE)
_COPY_MARK = re.compile(r"^(?P<stem>.+?)(\s*[(（]\d+[)）]|\s*-?\s*副本|\s*-\s*copy|\s+copy)$", re.IGNORECASE)


@dataclass(frozen=True)
class ReportFile:
    path: Path
    table: Table
    district: str | None  # the code after "__" for a file split by district


@dataclass
class Listing:
    files: dict[str, list[ReportFile]] = field(default_factory=dict)  # table name -> its files
    problems: list[Problem] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    blocked: set[str] = field(default_factory=set)  # tables whose files contradict each other
    demo: bool = False


def report_kind(name: str) -> tuple[Table | None, str | None]:
    """`grids.csv`, `grids__150102.xlsx`, `网格.csv` -> (the grids table, district or None)."""
    stem = name.rsplit(".", 1)[0]
    base, _, district = stem.partition("__")
    for t in REPORTS:
        if base.strip() in (t.name, t.zh):
            return t, (district or None)
    return None, None


def list_inbox(inbox: Path) -> Listing:
    listing = Listing(files={t.name: [] for t in REPORTS})
    with os.scandir(inbox) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            _classify(entry, listing)
    for name, files in listing.files.items():
        _check_duplicates(name, files, listing)
    return listing


def _classify(entry: os.DirEntry, listing: Listing) -> None:
    name = entry.name
    add = listing.problems.append
    if entry.is_symlink():  # checked first: never follow it, never open it
        add(problem("symlink", file=name))
        return
    if JUNK.match(name):
        listing.notes.append(Note("系统或办公软件的临时文件，已跳过", name))
        return
    if entry.is_dir(follow_symlinks=False):
        names = _peek(entry.path)
        add(problem("subfolder", file=name, contents=None if names is None else names[:5],
                    count=None if names is None else len(names)))
        return
    mode = entry.stat(follow_symlinks=False).st_mode
    if not stat.S_ISREG(mode):
        add(problem("not_a_file", file=name))
        return
    if name == DEMO_MARKER:
        listing.demo = True
        return
    suffix = Path(name).suffix.lower()
    table, district = report_kind(name)
    if suffix in OLD_FORMATS and table is not None:  # a report in a format that cannot be read (the catalogue names it)
        add(problem("unsupported_format", file=name, table=table.name, suffix=suffix))
        return
    if suffix not in REPORT_SUFFIXES or table is None:
        copy_of = _copy_of(name, suffix)
        add(problem("unknown_report", "" if copy_of is None else "copy", file=name, value=copy_of))
        return
    if entry.stat(follow_symlinks=False).st_size > MAX_FILE_BYTES:
        add(problem("too_large", "file", file=name, table=table.name, limit=MAX_FILE_BYTES))
        return
    listing.files[table.name].append(ReportFile(Path(entry.path), table, district))


def _peek(path: str) -> list[str] | None:
    """What a sub-folder holds, by name; None when it cannot be listed."""
    try:
        with os.scandir(path) as inner:
            return sorted(e.name for e in inner)
    except OSError:
        return None


def _copy_of(name: str, suffix: str) -> str | None:
    """The report a file's name says it is a copy of (`grids (2).csv`, `网格 - 副本.xlsx`), or None."""
    stem = name[: -len(suffix)] if suffix else name
    m = _COPY_MARK.match(stem)
    if m and report_kind(m["stem"] + ".csv")[0] is not None:
        return m["stem"]
    return None


def _check_duplicates(name: str, files: list[ReportFile], listing: Listing) -> None:
    """One whole file, or distinct per-district files; anything else is refused in one sentence."""
    whole = [f for f in files if f.district is None]
    by_district: dict[str, list[ReportFile]] = {}
    for f in files:
        if f.district is not None:
            by_district.setdefault(f.district, []).append(f)
    clash = len(whole) > 1 or (whole and by_district) or any(len(v) > 1 for v in by_district.values())
    if not clash:
        return
    listing.blocked.add(name)
    table = files[0].table
    names = "、".join(f.path.name for f in files)
    listing.problems.append(problem("duplicate_report", file=names, table=table.name, count=len(files)))
