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

from grassroots.catalogue.rules import Note, Problem
from grassroots.catalogue.tables import REPORTS, Table

REPORT_SUFFIXES = (".csv", ".xlsx")
DEMO_MARKER = "DEMO.txt"  # an inbox holding this file is demo data (示例数据)
MAX_FILE_BYTES = 512 << 20
JUNK = re.compile(r"^(\.DS_Store|Thumbs\.db|desktop\.ini|\._.*|~\$.*|\.~lock\..*#)$", re.IGNORECASE)
_OLD_FORMATS = {".xls": "Excel 97-2003 工作簿（.xls）", ".xlsm": "启用宏的工作簿（.xlsm）", ".et": "WPS 表格（.et）",
                ".ods": "OpenDocument 表格（.ods）", ".numbers": "Numbers 表格", ".xlsb": "Excel 二进制工作簿（.xlsb）"}
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
        add(Problem("symlink", "是符号链接（快捷方式），不会被读取", name, hint="请把文件本身复制进报送目录"))
        return
    if JUNK.match(name):
        listing.notes.append(Note("系统或办公软件的临时文件，已跳过", name))
        return
    if entry.is_dir(follow_symlinks=False):
        inside = _peek(entry.path)
        add(Problem("subfolder", f"报送目录里有子文件夹「{name}」{inside}，其中的文件不会被读取", name,
                  hint="请把报表文件直接放在报送目录中，不要放在子文件夹里"))
        return
    mode = entry.stat(follow_symlinks=False).st_mode
    if not stat.S_ISREG(mode):
        add(Problem("not_a_file", "不是普通文件，不会被读取", name, hint="请放入普通的 CSV 或 Excel 文件"))
        return
    if name == DEMO_MARKER:
        listing.demo = True
        return
    suffix = Path(name).suffix.lower()
    table, district = report_kind(name)
    if suffix in _OLD_FORMATS and table is not None:
        add(Problem("unsupported_format", f"{_OLD_FORMATS[suffix]}格式不能读取", name,
                  hint="请在 Excel 或 WPS 中“另存为” Excel 工作簿（.xlsx）或 CSV UTF-8 后重新报送"))
        return
    if suffix not in REPORT_SUFFIXES or table is None:
        add(Problem("unknown_report", _unknown_message(name, suffix), name,
                  hint="文件名应为报表名称，如 grids.csv、网格.xlsx 或按旗县区拆分的 grids__150102.csv"))
        return
    if entry.stat(follow_symlinks=False).st_size > MAX_FILE_BYTES:
        add(Problem("too_large", f"文件超过 {MAX_FILE_BYTES >> 20} MB", name, hint="请按旗县区拆分成多个文件"))
        return
    listing.files[table.name].append(ReportFile(Path(entry.path), table, district))


def _peek(path: str) -> str:
    try:
        with os.scandir(path) as inner:
            names = sorted(e.name for e in inner)
    except OSError:
        return ""
    if not names:
        return "（空）"
    shown = "、".join(names[:5]) + (f" 等 {len(names)} 个" if len(names) > 5 else "")
    return f"（含 {shown}）"


def _unknown_message(name: str, suffix: str) -> str:
    stem = name[: -len(suffix)] if suffix else name
    m = _COPY_MARK.match(stem)
    if m and report_kind(m["stem"] + ".csv")[0] is not None:
        return f"文件名像是报表“{m['stem']}”的副本，无法确定是否应使用它"
    return "无法识别的报送文件：文件名应为报表名称"


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
    listing.problems.append(Problem(
        "duplicate_report",
        f"报表“{table.zh}”有 {len(files)} 个文件（{names}），它们报送的是同一份数据，无法确定以哪个为准",
        names, hint="每类报表只保留一个文件，或每个旗县区各一个文件（如 grids__150102.csv），删除多余的文件后重新报送"))
