"""Verifying the audit log's hash chain (grassroots/access/audit.py explains the chain) against its
anchors: each snapshot's manifest (`audit_anchor`) and the system journal (`grassroots-audit id=…`).
`verify` walks the chain from the first row and names the first row that breaks, and why.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from grassroots.access.audit import COLUMNS, GENESIS, JOURNAL_IDENT, columns_of, row_hash

@dataclass(frozen=True)
class Anchor:
    """A copy of (id, hash) kept outside the log, and where it was found."""

    id: int
    hash: str
    zh: str  # e.g. 快照 2026-11-13 的 manifest.json
    en: str


@dataclass(frozen=True)
class Verdict:
    ok: bool
    rule: str
    zh: str
    en: str
    row_id: int | None = None  # the row that breaks (or the anchor's id beyond the end)
    rows: int = 0
    code: int = 0  # the command's exit code: 0 ok, 1 broken, 2 cannot verify

    def __str__(self) -> str:
        return f"{'✓' if self.ok else '✗'} {self.zh} / {self.en} [rule {self.rule}]"


_JOURNAL = re.compile(rf"{JOURNAL_IDENT} id=(\d+) hash=([0-9a-f]{{64}})\b")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def manifest_anchors(data_dir: Path) -> tuple[list[Anchor], list[str]]:
    """The audit_anchor of every published snapshot (<data dir>/snapshots/<date>/manifest.json),
    and the manifests whose anchor cannot be read. A manifest without the key predates the chain;
    null means the log did not exist yet at that publish."""
    anchors, unreadable = [], []
    root = Path(data_dir) / "snapshots"
    for path in sorted(root.glob("*/manifest.json")) if root.is_dir() else []:
        name = path.parent.name
        if name.startswith("."):  # .staging-* / .replaced-*: never published as such
            continue
        try:
            manifest = json.loads(path.read_text("utf-8"))
            anchor = manifest.get("audit_anchor") if isinstance(manifest, dict) else ...
        except (OSError, ValueError):
            anchor = ...
        if anchor is None:
            continue
        if (isinstance(anchor, dict) and type(anchor.get("id")) is int and anchor["id"] >= 1
                and isinstance(anchor.get("hash"), str) and _HEX64.match(anchor["hash"])):
            anchors.append(Anchor(anchor["id"], anchor["hash"], f"快照 {name} 的 manifest.json", f"snapshot {name}'s manifest"))
        else:
            unreadable.append(name)
    return anchors, unreadable


def journal_anchors(lines, zh: str, en: str) -> list[Anchor]:
    """Every `grassroots-audit id=<id> hash=<hash>` in the lines (journalctl -o cat, or a syslog file)."""
    out = []
    for number, line in enumerate(lines, 1):
        for m in _JOURNAL.finditer(line):
            out.append(Anchor(int(m[1]), m[2], f"{zh}第 {number} 行", f"{en} line {number}"))
    return out


def read_journal() -> tuple[list[Anchor], str]:
    """The system journal's lines of ident grassroots-audit, through journalctl; ([], why) if it cannot be read."""
    exe = shutil.which("journalctl")
    if exe is None:
        return [], "未找到 journalctl，系统日志未核对 / no journalctl, journal not checked"
    try:
        out = subprocess.run([exe, "-t", JOURNAL_IDENT, "-o", "cat", "--no-pager"], capture_output=True,
                             text=True, errors="replace", timeout=300)
    except (OSError, subprocess.TimeoutExpired) as err:
        return [], f"journalctl 无法运行（{err}），系统日志未核对 / journalctl failed, journal not checked"
    if out.returncode != 0:
        why = (out.stderr.strip().splitlines() or [f"exit {out.returncode}"])[0]
        return [], f"journalctl 出错（{why}），系统日志未核对 / journalctl failed, journal not checked"
    anchors = journal_anchors(out.stdout.splitlines(), "系统日志", "journal")
    return anchors, f"系统日志 {len(anchors)} 条锚点 / {len(anchors)} journal anchors"


def _open_readonly(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
    con.execute("pragma busy_timeout = 10000")
    return con


def _cannot_read(path: Path, zh: str, en: str, rule: str, anchors: list[Anchor]) -> Verdict:
    """The log cannot be walked. With anchors outside it, a chain did exist here: broken; else a usage error."""
    if anchors:
        a = max(anchors, key=lambda a: a.id)
        return Verdict(False, "audit_log_missing", f"{zh}，但存在 id {a.id} 的锚点（{a.zh}）：日志被删除或替换",
                       f"{en}, yet {a.en} anchors id {a.id}: the log was removed or replaced", a.id, code=1)
    return Verdict(False, rule, zh, en, code=2)


def verify(path: Path, anchors: list[Anchor] = (), unreadable_manifests: list[str] = ()) -> Verdict:
    """Walk the chain from the first row and check it against the anchors; the first break, or OK.

    Collect the anchors before calling: an anchor read after the walk could name a row appended
    meanwhile and look like rows removed from the end.
    """
    path = Path(path)
    anchors = list(anchors)
    if not path.exists():
        return _cannot_read(path, f"审计日志 {path} 不存在", f"no audit log at {path}", "audit_no_log", anchors)
    if not path.is_file():
        return _cannot_read(path, f"{path} 不是文件", f"{path} is not a file", "audit_no_log", anchors)
    by_id: dict[int, list[Anchor]] = defaultdict(list)
    for a in anchors:
        by_id[a.id].append(a)
    try:
        con = _open_readonly(path)
    except sqlite3.Error as err:
        return _cannot_read(path, f"无法打开审计日志 {path}（{err}）", f"cannot open {path} ({err})", "audit_unreadable", anchors)
    try:
        try:
            columns = columns_of(con)
        except sqlite3.DatabaseError as err:
            return _cannot_read(path, f"{path} 不是 SQLite 数据库（{err}）", f"{path} is not an SQLite database ({err})",
                                "audit_unreadable", anchors)
        if not columns:
            return _cannot_read(path, f"{path} 中没有审计日志表 events", f"{path} holds no events table",
                                "audit_wrong_schema", anchors)
        if set(columns) == set(COLUMNS):
            return _cannot_read(path, f"{path} 是尚未升级为哈希链的旧版审计日志（应用下次写入时会自动升级）",
                                f"{path} is an audit log from before the hash chain (upgraded at the next write)",
                                "audit_unchained", anchors)
        if not {*COLUMNS, "prev_hash", "hash"} <= set(columns):
            return _cannot_read(path, f"{path} 的 events 表不是审计日志的格式（列：{', '.join(columns)}）",
                                f"{path}'s events table is not an audit log", "audit_wrong_schema", anchors)
        con.execute("begin")  # one read snapshot for the whole walk
        rows = con.execute(f"select {', '.join(COLUMNS)}, prev_hash, hash from events order by id")
        return _walk(rows, by_id, unreadable_manifests)
    except sqlite3.Error as err:
        return Verdict(False, "audit_unreadable", f"读取审计日志 {path} 时出错（{err}）", f"error reading {path} ({err})",
                       code=2)
    finally:
        con.close()


def _walk(rows, by_id: dict[int, list[Anchor]], unreadable_manifests) -> Verdict:
    n, last_id, last_hash = 0, 0, GENESIS
    for *values, prev_hash, digest in rows:
        n += 1
        ident = values[0]
        where_zh, where_en = f"第 {n} 行（id {ident}）", f"row {n} (id {ident})"
        if type(ident) is not int or ident != last_id + 1:
            gone = f"{last_id + 1}" if ident == last_id + 2 else f"{last_id + 1}–{ident - 1}"
            return Verdict(False, "audit_row_missing", f"{where_zh}之前缺少 id {gone}：记录被删除",
                           f"{where_en} follows a gap (id {gone} missing): rows were deleted", ident, n, 1)
        if prev_hash != last_hash:
            return Verdict(False, "audit_chain_broken",
                           f"{where_zh}的 prev_hash 与上一行的哈希不符：其前的记录被删除、插入或改写",
                           f"{where_en}'s prev_hash differs from the row before's hash: rows before it were "
                           "deleted, inserted or rewritten", ident, n, 1)
        try:
            intact = row_hash(prev_hash, values) == digest
        except (TypeError, ValueError):  # a value of a type this module never writes
            intact = False
        if not intact:
            return Verdict(False, "audit_chain_broken", f"{where_zh}的内容与其哈希不符：该行在写入后被改写",
                           f"{where_en} does not match its hash: it was altered after it was written", ident, n, 1)
        for a in by_id.get(ident, ()):
            if a.hash != digest:
                return Verdict(False, "audit_anchor_mismatch",
                               f"{where_zh}的哈希与锚点不符（锚点见{a.zh}）：该行或其前的记录被改写，其后的哈希被重算",
                               f"{where_en}'s hash differs from the anchor in {a.en}: this row or one before it "
                               "was rewritten and the later hashes recomputed", ident, n, 1)
        last_id, last_hash = ident, digest
    beyond = [a for ids in by_id.values() for a in ids if a.id > last_id]
    if beyond:
        a = min(beyond, key=lambda a: a.id)
        return Verdict(False, "audit_truncated",
                       f"锚点 id {a.id}（{a.zh}）超出日志末行（id {last_id}）：末尾的记录被删除",
                       f"the anchor in {a.en} names id {a.id}, beyond the log's last row (id {last_id}): "
                       "rows were removed from the end", a.id, n, 1)
    if unreadable_manifests:
        names = "、".join(unreadable_manifests)
        return Verdict(False, "audit_anchor_unreadable", f"快照 {names} 的 manifest.json 中的审计锚点无法读取",
                       f"the audit anchor of snapshot(s) {', '.join(unreadable_manifests)} cannot be read", None, n, 1)
    head = f"末行 id {last_id}，哈希 {last_hash}" if n else "空日志"
    return Verdict(True, "audit_ok", f"审计日志完好：共 {n} 行，{head}",
                   f"audit log intact: {n} rows, " + (f"head id {last_id} hash {last_hash}" if n else "empty"),
                   last_id or None, n, 0)


