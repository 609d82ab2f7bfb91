"""The audit log: who signed in (or failed to), handed in, published, overrode or queried what, when.

One SQLite file beside the snapshots (`<data dir>/audit.sqlite`, WAL), one table, append-only
by design: this module has no UPDATE or DELETE path, and the table's triggers refuse both, so a
bug elsewhere cannot rewrite history either. SQLite rather than a text file: a killed process
or a full disk loses at most the row being written, never the rows before it, and several app
processes may write at once (WAL, busy timeout).

What a row holds: time (UTC), user, roles, client address, action, outcome and a small JSON
detail written by the code (file names, checksums, row counts, figure ids, the SQL text of the
SQL box). Never a password, never the content of an uploaded file: callers pass names and
counts, and `record` drops any detail key that looks like a secret.

The sign-in throttle reads its counters from here (failed sign-ins per account since its last
success, per client address within a window): the log is shared by every app process, so a
guesser gains nothing by landing on another process, and there is no second store to keep true.

Tamper evidence. Triggers only stop mistakes: whoever can write the file can drop them. So the
rows form a hash chain, and the chain's head is copied to places outside the log:

    prev_hash  the hash of the row before (64 zeros for the first row)
    hash       sha256(prev_hash + "\\n" + canonical), hex, over UTF-8 bytes
    canonical  json.dumps([id, at, user, roles, client, action, outcome, detail],
                          ensure_ascii=False, separators=(",", ":"))
               the column values exactly as stored: id an integer, client null or text,
               detail the stored JSON text itself (not re-encoded)

A row is appended by reading the last row's id and hash and inserting id + 1 in one
`BEGIN IMMEDIATE` transaction, so concurrent writers (several app processes, refresh.py) are
serialised by SQLite and the chain has neither forks nor gaps. A log made before the chain
existed is rebuilt into this layout, ids kept, in one transaction on the first connection.

Anchors: every published snapshot's manifest.json records the head at its publish as
`"audit_anchor": {"id": …, "hash": …}` (grassroots/store/pipeline.py), and every append writes
`grassroots-audit id=<id> hash=<hash>` to the system log (syslog, ident grassroots-audit,
facility LOG_AUTH; best effort). `python -m grassroots.access.audit verify` walks the chain from the
first row and checks it against those anchors. Editing a row breaks its hash; deleting one breaks
the next row's prev_hash and leaves a gap in the ids (which are never reused or skipped); rewriting a row and recomputing every later hash, or cutting rows from
the end, is caught by an anchor taken after that row. What it cannot catch: someone who can also
rewrite every anchor (the manifests and the system journal), e.g. root. The manifests live in the
same data folder as the log, so against the app's own account only the journal is out of reach,
and rows after the last publish are anchored only there. The journal is per machine: a second log
on the same machine (a test run, a staging copy) writes lines that are not this log's; check such a
log with `--journal none`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import click

FILE = "audit.sqlite"
LOCAL_TZ = dt.timezone(dt.timedelta(hours=8), "北京时间")  # Hohhot keeps Beijing time; the log stores UTC
_SECRET_KEYS = ("password", "passwd", "secret", "token", "hash")
GENESIS = "0" * 64  # prev_hash of the first row
JOURNAL_IDENT = "grassroots-audit"
COLUMNS = ("id", "at", "user", "roles", "client", "action", "outcome", "detail")  # what the hash covers, in order

_TABLE = """
create table events (
    id        integer primary key,
    at        text not null,          -- UTC, ISO 8601 with microseconds: sorts as text
    user      text not null,
    roles     text not null,          -- comma-separated role codes
    client    text,                   -- client address as the app saw it
    action    text not null,          -- sign_in, sign_out, session_timeout, upload, publish, override, sql_query, page_refused
    outcome   text not null,          -- ok, failed, throttled, refused, accepted …
    detail    text not null default '{}',
    prev_hash text not null,          -- the hash of the row before; 64 zeros for the first
    hash      text not null           -- sha256(prev_hash + "\\n" + canonical text of this row), hex
)"""
_EXTRAS = (  # one statement each: they run inside a transaction, where executescript cannot
    "create index if not exists events_user on events (action, user, at)",
    "create index if not exists events_client on events (action, client, at)",
    "create trigger if not exists events_no_update before update on events "
    "begin select raise(abort, 'the audit log is append-only'); end",
    "create trigger if not exists events_no_delete before delete on events "
    "begin select raise(abort, 'the audit log is append-only'); end",
)


class AuditSchemaError(Exception):
    """The file holds an `events` table this module did not make."""


@dataclass(frozen=True)
class Actor:
    """Who acts: the signed-in user (or "anonymous" in the open demo mode), their roles, the
    district of a district clerk, and the client address."""

    user: str
    roles: tuple[str, ...] = ()
    district: str | None = None
    client: str | None = None


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _stamp(when: dt.datetime) -> str:
    return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _parse(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc)


# ------------------------------------------------------------------ the chain
def canonical(values) -> str:
    """The text a row's hash covers: its COLUMNS values as a compact JSON array."""
    return json.dumps(list(values), ensure_ascii=False, separators=(",", ":"))


def row_hash(prev_hash: str, values) -> str:
    return hashlib.sha256(f"{prev_hash}\n{canonical(values)}".encode("utf-8")).hexdigest()


def journal_line(ident: int, digest: str) -> str:
    return f"{JOURNAL_IDENT} id={ident} hash={digest}"


_syslog_lock = threading.Lock()


def journal(ident: int, digest: str) -> None:
    """Write the new head to the system log. Replaceable (tests point it at a list or a file);
    `record` calls it after the commit and ignores any error it raises."""
    import syslog

    with _syslog_lock:  # openlog is process-wide: set our ident for this one line, then let go
        syslog.openlog(JOURNAL_IDENT, 0, syslog.LOG_AUTH)
        try:
            syslog.syslog(syslog.LOG_INFO, journal_line(ident, digest))
        finally:
            syslog.closelog()


def _columns(con: sqlite3.Connection) -> list[str]:
    return [r[1] for r in con.execute("pragma table_info(events)")]


def _ensure_schema(con: sqlite3.Connection) -> None:
    """Create the chained table, or rebuild a log made before the chain; one transaction."""
    con.execute("begin immediate")
    try:
        columns = _columns(con)
        if not columns:
            con.execute(_TABLE)
        elif set(columns) == set(COLUMNS):
            _migrate(con)
        elif set(columns) != {*COLUMNS, "prev_hash", "hash"}:
            raise AuditSchemaError(f"表 events 的列不是审计日志的列：{', '.join(columns)}")
        for statement in _EXTRAS:
            con.execute(statement)
        con.execute("commit")
    except BaseException:
        _rollback(con)
        raise


def _rollback(con: sqlite3.Connection) -> None:
    if con.in_transaction:  # SQLite may already have rolled back (disk full, I/O error)
        con.execute("rollback")


def _migrate(con: sqlite3.Connection) -> None:
    """The unchained table becomes the chained one, row by row in id order, ids kept.

    The old table is renamed aside first (its indexes and triggers go with it), the new one is
    filled from it, and then the old one is dropped; all inside the caller's transaction, so
    either every row is in the new table or nothing changed.
    """
    con.execute("alter table events rename to events_unchained")
    con.execute(_TABLE)
    prev = GENESIS
    rows = con.execute(f"select {', '.join(COLUMNS)} from events_unchained order by id")
    for values in rows:
        digest = row_hash(prev, values)
        con.execute(f"insert into events ({', '.join(COLUMNS)}, prev_hash, hash) values ({', '.join('?' * 10)})",
                    (*values, prev, digest))
        prev = digest
    con.execute("drop table events_unchained")


_ready: set[tuple] = set()  # (path, inode) whose schema this process has created or seen


class AuditLog:
    def __init__(self, path: Path):
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            con.execute("pragma busy_timeout = 10000")
            key = (str(self.path), self.path.stat().st_ino)
            if key not in _ready:
                if con.execute("pragma journal_mode").fetchone()[0] != "wal":
                    con.execute("pragma journal_mode = wal")
                _ensure_schema(con)
                _ready.add(key)
        except BaseException:
            con.close()
            raise
        return con

    def record(self, actor: Actor, action: str, outcome: str, *, when: dt.datetime | None = None, **detail) -> None:
        """Append one event, chained to the one before. Detail values must be JSON-serialisable
        (dates become text)."""
        clean = {k: v for k, v in detail.items() if not any(s in k.lower() for s in _SECRET_KEYS)}
        values = [_stamp(when or now_utc()), str(actor.user), ",".join(actor.roles),
                  None if actor.client is None else str(actor.client), str(action), str(outcome),
                  json.dumps(clean, ensure_ascii=False, default=str)]
        con = self._connect()
        try:
            con.execute("begin immediate")  # read the head and append under one write lock
            try:
                last = con.execute("select id, hash from events order by id desc limit 1").fetchone()
                ident, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
                digest = row_hash(prev, [ident, *values])
                con.execute(f"insert into events ({', '.join(COLUMNS)}, prev_hash, hash) values ({', '.join('?' * 10)})",
                            (ident, *values, prev, digest))
                con.execute("commit")
            except BaseException:
                _rollback(con)
                raise
        finally:
            con.close()
        try:
            journal(ident, digest)
        except Exception:  # noqa: BLE001 — best effort: no syslog socket must not lose the event
            pass

    def anchor(self) -> dict | None:
        """The head as a snapshot's manifest records it (`audit_anchor`): {"id", "hash"}, or None."""
        head = self.head()
        return {"id": head[0], "hash": head[1]} if head else None

    def head(self) -> tuple[int, str] | None:
        """The last row's (id, hash), or None while the log is empty or absent."""
        if not self.path.exists():
            return None
        con = self._connect()
        try:
            row = con.execute("select id, hash from events order by id desc limit 1").fetchone()
        finally:
            con.close()
        return (row[0], row[1]) if row else None

    def events(self, *, actions: list[str] | None = None, user: str | None = None, since: dt.datetime | None = None,
               limit: int = 1000) -> list[dict]:
        """Newest first: dicts with id, at (datetime), user, roles (list), client, action, outcome, detail (dict)."""
        if not self.path.exists():
            return []
        where, params = [], []
        if actions:
            where.append(f"action in ({','.join('?' * len(actions))})")
            params += actions
        if user:
            where.append("user = ?")
            params.append(user)
        if since:
            where.append("at >= ?")
            params.append(_stamp(since))
        sql = ("select id, at, user, roles, client, action, outcome, detail from events"
               + (" where " + " and ".join(where) if where else "") + " order by id desc limit ?")
        con = self._connect()
        try:
            rows = con.execute(sql, [*params, limit]).fetchall()
        finally:
            con.close()
        return [dict(id=r[0], at=_parse(r[1]), user=r[2], roles=[x for x in r[3].split(",") if x], client=r[4],
                     action=r[5], outcome=r[6], detail=json.loads(r[7])) for r in rows]

    def failures(self, *, since: dt.datetime, user: str | None = None, client: str | None = None) -> tuple[int, dt.datetime | None]:
        """Failed sign-ins of an account (after its last successful one) or from a client, since `since`:
        (how many, when the last one was)."""
        if not self.path.exists():
            return 0, None
        column, value = ("user", user) if user is not None else ("client", client)
        start = _stamp(since)
        con = self._connect()
        try:
            if column == "user":
                ok = con.execute("select max(at) from events where action = 'sign_in' and outcome = 'ok' and user = ?",
                                 (value,)).fetchone()[0]
                start = max(start, ok or "")
            n, last = con.execute(f"select count(*), max(at) from events where action = 'sign_in' and outcome = 'failed' "
                                  f"and {column} = ? and at > ?", (value, start)).fetchone()
        finally:
            con.close()
        return n, _parse(last) if last else None


# ------------------------------------------------------------------ verification
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
            columns = _columns(con)
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


# ------------------------------------------------------------------ command line
EPILOG = """\b
示例 / Examples:
  python -m grassroots.access.audit verify
  python -m grassroots.access.audit verify --data-dir /srv/grassroots/data
  python -m grassroots.access.audit verify --file data/audit.sqlite --journal none
  python -m grassroots.access.audit verify --journal /var/log/auth.log

\b
核对：逐行检查哈希链，再与每个快照 manifest.json 的 audit_anchor
以及系统日志（journalctl -t grassroots-audit）中的锚点比对。
退出码 / exit codes: 0 完好 / intact, 1 发现断点 / broken, 2 用法错误或无法核对 / usage error, cannot verify."""


@click.group(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
def cli() -> None:
    """审计日志工具 / audit log tools."""


@cli.command("verify", epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--file", "path", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="审计日志文件（默认 <数据目录>/audit.sqlite）/ the audit log.")
@click.option("--data-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="数据目录，核对其下 snapshots/*/manifest.json 的锚点（默认 --file 所在目录，否则 data/ 或 "
                   "$GRASSROOTS_DATA_DIR）/ data folder.")
@click.option("--journal", default="auto", show_default=True, metavar="auto|none|FILE",
              help="系统日志锚点：auto 读 journalctl（没有则跳过），none 不核对，或从文件逐行读取 / journal anchors.")
def verify_command(path: Path | None, data_dir: Path | None, journal: str) -> None:
    """核对审计日志的哈希链及其外部锚点 / check the audit log's hash chain against its anchors.

    打印一行结论：完好（行数与末行哈希），或第一个断点及原因。
    Prints one line: OK with the row count and head, or the first row that breaks and why.
    """
    if journal not in ("auto", "none") and not Path(journal).is_file():
        raise click.BadParameter(f"系统日志文件不存在：{journal} / no such file", param_hint="--journal")
    try:
        if data_dir is None and path is not None:
            data_dir = path.parent  # the log lives beside the snapshots
        elif data_dir is None:
            from grassroots.store import snapshots

            data_dir = snapshots.data_dir()
        path = path or Path(data_dir) / FILE
        anchors, unreadable = manifest_anchors(Path(data_dir))
        notes = [f"快照锚点 {len(anchors)} 个 / {len(anchors)} snapshot anchors"]
        if journal == "auto":
            found, note = read_journal()
        elif journal == "none":
            found, note = [], "系统日志未核对（--journal none）/ journal not checked"
        else:
            with open(journal, encoding="utf-8", errors="replace") as f:
                found = journal_anchors(f, f"{journal} ", journal)
            note = f"{journal} 中 {len(found)} 条锚点 / {len(found)} anchors in {journal}"
        verdict = verify(path, anchors + found, unreadable)
    except Exception as exc:  # noqa: BLE001 — one sentence, never a traceback
        click.echo(f"✗ 无法核对：{type(exc).__name__}: {exc} / cannot verify [rule audit_internal_error]")
        sys.exit(2)
    if verdict.ok:
        click.echo(f"{verdict}（{'；'.join([*notes, note])}）")
    else:
        click.echo(str(verdict))
        click.echo(f"  {'；'.join([*notes, note])}", err=True)
    sys.exit(verdict.code)


if __name__ == "__main__":
    cli()
