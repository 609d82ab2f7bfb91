"""The audit log is a hash chain, anchored outside itself (snapshot manifests, the system journal),
and `python -m grassroots audit verify` names the first row that breaks.

The tampering tests work on a copy of one small world: a log of 30 rows whose row 20 was the head
when week 2 was published (its manifest's anchor), with every row's journal line in a file.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import tiny
from auditlog import ZHOU, expected_hash, journal_lines, raw_rows  # noqa: F401 (journal_lines is an autouse fixture)
from click.testing import CliRunner

from grassroots.access import audit, chain
from grassroots.cli.audit import audit_group
from grassroots.access.audit import FILE, GENESIS, Actor, AuditLog
from grassroots.store.pipeline import run_refresh

REPO = Path(__file__).resolve().parents[1]
WANG = Actor("wang", ("leader", "analyst"))  # no client address: stored as null
ANCHOR = 20  # the head when week 2 was published
ROWS = 30


def tamper(path: Path, *statements: str, params: list[tuple] | None = None) -> None:
    """What someone with write access to the file can do: drop the triggers, then change rows."""
    con = sqlite3.connect(path)
    con.execute("drop trigger events_no_update")
    con.execute("drop trigger events_no_delete")
    for i, sql in enumerate(statements):
        con.execute(sql, params[i] if params else ())
    con.commit()
    con.close()


def check(base: Path, journal: Path | None = None) -> chain.Verdict:
    anchors, unreadable = chain.manifest_anchors(base)
    if journal is not None:
        anchors += chain.journal_anchors(journal.read_text("utf-8").splitlines(), "journal ", "journal")
    return chain.verify(base / FILE, anchors, unreadable)


def cli(*args: str):
    return CliRunner().invoke(audit_group, ["verify", *args])


# ------------------------------------------------------------------ the chain itself
def test_each_row_carries_the_hash_of_the_row_before(tmp_path, journal_lines):
    log = AuditLog(tmp_path / FILE)
    assert log.head() is None
    log.record(ZHOU, "upload", "accepted", week="2026-11-20", report="grids", file="网格.csv")
    log.record(WANG, "sign_in", "ok")
    log.record(ZHOU, "publish", "ok", week="2026-11-20", accept=["community_workers"])
    rows = raw_rows(tmp_path / FILE)
    assert [r[0] for r in rows] == [1, 2, 3]
    prev = GENESIS
    for r in rows:
        assert r[8] == prev
        assert r[9] == expected_hash(prev, r[:8])
        prev = r[9]
    assert rows[1][4] is None and '"file": "网格.csv"' in rows[0][7]  # detail hashed as stored, Chinese as typed
    assert log.head() == (3, rows[2][9])
    assert journal_lines == [f"grassroots-audit id={r[0]} hash={r[9]}" for r in rows]
    verdict = chain.verify(tmp_path / FILE)
    assert verdict.ok and verdict.rows == 3 and verdict.row_id == 3 and rows[2][9] in verdict.zh


def test_a_journal_that_cannot_be_written_never_loses_the_event(tmp_path, monkeypatch):
    def broken(ident, digest):
        raise OSError("no /dev/log")

    monkeypatch.setattr(audit, "journal", broken)
    log = AuditLog(tmp_path / FILE)
    log.record(ZHOU, "sign_in", "ok")
    assert log.head()[0] == 1 and len(log.events()) == 1


WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from grassroots.access import audit
    audit.journal = lambda ident, digest: None
    path, go, who = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    while not go.exists():
        time.sleep(0.005)
    log = audit.AuditLog(path)
    for i in range(200):
        log.record(audit.Actor(who, ("clerk",)), "sql_query", "ok", n=i)
        time.sleep(0.002)  # an app process does not append in a tight loop (SQLite would let it starve the other)
""")


def test_two_processes_appending_at_once_give_one_chain(tmp_path):
    path, go = tmp_path / FILE, tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(go), who], cwd=REPO,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for who in ("a", "b")]
    time.sleep(1.0)  # both interpreters up and waiting
    go.touch()
    for p in procs:
        _, err = p.communicate(timeout=180)
        assert p.returncode == 0, err
    rows = raw_rows(path)
    assert [r[0] for r in rows] == list(range(1, 401))
    assert sorted(r[2] for r in rows) == ["a"] * 200 + ["b"] * 200
    users = [r[2] for r in rows]
    switches = sum(users[i] != users[i + 1] for i in range(len(users) - 1))
    assert switches >= 2  # they did write at the same time
    prev = GENESIS
    for r in rows:
        assert (r[8], r[9]) == (prev, expected_hash(prev, r[:8])), r[0]
        prev = r[9]
    verdict = chain.verify(path)
    assert verdict.ok and verdict.rows == 400


# ------------------------------------------------------------------ anchors
def test_a_snapshot_records_the_head_of_the_log_it_was_given(tmp_path):
    log = AuditLog(tmp_path / "elsewhere" / "audit.sqlite")
    for i in range(3):
        log.record(ZHOU, "upload", "accepted", n=i)
    result = run_refresh(tiny.write_inbox(tmp_path / "w1", 1), tiny.AS_OF[1], base=tmp_path / "data",
                         today=tiny.AS_OF[2], anchor=log.anchor)
    assert result.ok, result.problems
    assert result.manifest["audit_anchor"] == {"id": 3, "hash": log.head()[1]}
    assert not (tmp_path / "data" / FILE).exists()


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Path:
    """data/ (week 1 published before any log, week 2 at row 20, 30 rows in all) and journal.log."""
    root = tmp_path_factory.mktemp("chain")
    base, journal = root / "data", root / "journal.log"
    with pytest.MonkeyPatch.context() as mp:
        def to_file(ident, digest):
            with journal.open("a") as f:
                f.write(audit.journal_line(ident, digest) + "\n")

        mp.setattr(audit, "journal", to_file)
        log = AuditLog(base / FILE)  # where refresh.py keeps it: absent at the first publish
        assert run_refresh(tiny.write_inbox(root / "w1", 1), tiny.AS_OF[1], base=base, today=tiny.AS_OF[2],
                           anchor=log.anchor).ok
        for i in range(1, ROWS + 1):
            log.record(ZHOU if i % 3 else WANG, "sql_query" if i % 2 else "upload", "ok", n=i, text=f"第 {i} 次")
            if i == ANCHOR:
                assert run_refresh(tiny.write_inbox(root / "w2", 2), tiny.AS_OF[2], base=base, today=tiny.AS_OF[2],
                                   anchor=log.anchor).ok
    return root


@pytest.fixture
def copy(world, tmp_path) -> Path:
    """A private copy of the world to tamper with."""
    shutil.copytree(world, tmp_path / "w")
    return tmp_path / "w"


def manifest(base: Path, week: int) -> dict:
    return json.loads((base / "snapshots" / tiny.AS_OF[week].isoformat() / "manifest.json").read_text("utf-8"))


def test_the_untouched_world_verifies_with_its_anchors(copy):
    base = copy / "data"
    assert manifest(base, 1)["audit_anchor"] is None  # published before the log existed
    rows = raw_rows(base / FILE)
    assert manifest(base, 2)["audit_anchor"] == {"id": ANCHOR, "hash": rows[ANCHOR - 1][9]}
    assert len((copy / "journal.log").read_text().splitlines()) == ROWS
    verdict = check(base, copy / "journal.log")
    assert verdict.ok and verdict.rows == ROWS and verdict.row_id == ROWS
    result = cli("--file", str(base / FILE), "--journal", str(copy / "journal.log"))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"✓ 审计日志完好：共 {ROWS} 行，末行 id {ROWS}，哈希 {rows[-1][9]}")
    assert "[rule audit_ok]" in result.output and "快照锚点 1 个" in result.output and "30 条锚点" in result.output


def test_an_edited_row_is_named(copy):
    base = copy / "data"
    tamper(base / FILE, "update events set detail = '{\"n\":7,\"text\":\"无事\"}' where id = 7")
    verdict = check(base)
    assert (verdict.ok, verdict.rule, verdict.row_id, verdict.code) == (False, "audit_chain_broken", 7, 1)
    result = cli("--data-dir", str(base), "--journal", "none")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "✗ 第 7 行（id 7）的内容与其哈希不符：该行在写入后被改写 / row 7 (id 7) does not match its hash: "
        "it was altered after it was written [rule audit_chain_broken]")


def test_a_deleted_middle_row_is_named_by_the_row_after_it(copy):
    base = copy / "data"
    tamper(base / FILE, "delete from events where id = 7")
    verdict = check(base, copy / "journal.log")
    assert (verdict.rule, verdict.row_id, verdict.code) == ("audit_row_missing", 8, 1)
    assert "第 7 行（id 8）之前缺少 id 7" in verdict.zh


def test_a_deleted_and_rechained_middle_row_still_leaves_its_gap(copy):
    base = copy / "data"
    tamper(base / FILE, "delete from events where id = 7")
    rechain(base / FILE, 8, raw_rows(base / FILE)[5][9])  # row 8 now chains to row 6
    verdict = chain.verify(base / FILE)
    assert (verdict.rule, verdict.row_id) == ("audit_row_missing", 8)


def test_rows_cut_from_the_end_are_caught_by_the_snapshot_anchor(copy):
    base = copy / "data"
    tamper(base / FILE, f"delete from events where id >= {ANCHOR - 1}")
    verdict = check(base)
    assert (verdict.rule, verdict.row_id, verdict.code) == ("audit_truncated", ANCHOR, 1)
    assert verdict.zh == (f"锚点 id {ANCHOR}（快照 {tiny.AS_OF[2]} 的 manifest.json）超出日志末行（id {ANCHOR - 2}）："
                          "末尾的记录被删除")


def test_rows_cut_after_the_last_snapshot_are_caught_only_by_the_journal(copy):
    base = copy / "data"
    tamper(base / FILE, "delete from events where id >= 25")
    assert check(base).ok  # the snapshot's anchor (row 20) still holds: the limit of manifest anchors
    verdict = check(base, copy / "journal.log")
    assert (verdict.rule, verdict.row_id) == ("audit_truncated", 25)
    assert "锚点 id 25（journal 第 25 行）超出日志末行（id 24）" in verdict.zh


def rechain(path: Path, first: int, prev: str) -> None:
    """A careful attacker's second step: recompute every hash from row `first` on."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("drop trigger if exists events_no_update")
    for r in con.execute("select id, at, user, roles, client, action, outcome, detail from events "
                         "where id >= ? order by id", (first,)).fetchall():
        digest = expected_hash(prev, r)
        con.execute("update events set prev_hash = ?, hash = ? where id = ?", (prev, digest, r[0]))
        prev = digest
    con.close()


def rewrite_and_rechain(path: Path, ident: int) -> None:
    """A careful attacker: change a row, then recompute its hash and every later one."""
    tamper(path, "update events set user = 'nobody' where id = ?", params=[(ident,)])
    rechain(path, ident, raw_rows(path)[ident - 2][9])


def test_a_rewritten_and_rechained_log_is_caught_by_the_snapshot_anchor(copy):
    base = copy / "data"
    rewrite_and_rechain(base / FILE, 12)
    assert chain.verify(base / FILE).ok  # the chain alone is consistent again
    verdict = check(base)
    assert (verdict.rule, verdict.row_id, verdict.code) == ("audit_anchor_mismatch", ANCHOR, 1)
    assert f"第 {ANCHOR} 行（id {ANCHOR}）的哈希与锚点不符（锚点见快照 {tiny.AS_OF[2]} 的 manifest.json）" in verdict.zh


def test_a_rewritten_and_rechained_log_is_caught_by_the_journal_at_the_rewritten_row(copy):
    base = copy / "data"
    rewrite_and_rechain(base / FILE, 12)
    verdict = check(base, copy / "journal.log")
    assert (verdict.rule, verdict.row_id) == ("audit_anchor_mismatch", 12)
    assert "第 12 行（id 12）的哈希与锚点不符（锚点见journal 第 12 行）" in verdict.zh
    result = cli("--file", str(base / FILE), "--journal", str(copy / "journal.log"))
    assert result.exit_code == 1 and "第 12 行（id 12）" in result.output.splitlines()[0]


def test_a_manifest_whose_anchor_was_mangled_is_a_break(copy):
    base = copy / "data"
    path = base / "snapshots" / tiny.AS_OF[2].isoformat() / "manifest.json"
    m = json.loads(path.read_text("utf-8"))
    m["audit_anchor"] = {"id": "20", "hash": "x"}
    path.write_text(json.dumps(m), "utf-8")
    verdict = check(base)
    assert (verdict.rule, verdict.code) == ("audit_anchor_unreadable", 1) and str(tiny.AS_OF[2]) in verdict.zh


# ------------------------------------------------------------------ the command, on bad input
def test_a_missing_log_is_a_usage_error_unless_an_anchor_says_it_existed(copy, tmp_path):
    result = cli("--file", str(tmp_path / "nothing" / FILE), "--journal", "none")
    assert result.exit_code == 2 and "不存在" in result.output and "[rule audit_no_log]" in result.output
    (copy / "data" / FILE).unlink()
    result = cli("--data-dir", str(copy / "data"), "--journal", "none")
    assert result.exit_code == 1
    assert f"但存在 id {ANCHOR} 的锚点（快照 {tiny.AS_OF[2]} 的 manifest.json）" in result.output


@pytest.mark.parametrize("content", [b"this is not a database, just text\n" * 40, b"SQLite format 3\x00" + b"\x00" * 200])
def test_a_file_that_is_not_a_log_gets_a_sentence_not_a_traceback(tmp_path, content):
    path = tmp_path / "audit.sqlite"
    path.write_bytes(content)
    out = subprocess.run([sys.executable, "-m", "grassroots", "audit", "verify", "--file", str(path), "--journal", "none"],
                         cwd=REPO, capture_output=True, text=True, timeout=60)
    assert out.returncode == 2, out
    assert "Traceback" not in out.stdout + out.stderr
    assert out.stdout.startswith("✗ ") and "[rule audit_" in out.stdout


def test_a_database_with_another_schema_gets_a_sentence(tmp_path):
    path = tmp_path / "audit.sqlite"
    con = sqlite3.connect(path)
    con.execute("create table events (id integer primary key, what text)")
    con.commit()
    con.close()
    result = cli("--file", str(path), "--journal", "none")
    assert result.exit_code == 2 and "不是审计日志的格式" in result.output and "[rule audit_wrong_schema]" in result.output
    with pytest.raises(audit.AuditSchemaError):
        AuditLog(path).record(ZHOU, "sign_in", "ok")


def test_usage_errors_and_help(tmp_path):
    result = cli("--journal", str(tmp_path / "no-such.log"))
    assert result.exit_code == 2 and "系统日志文件不存在" in result.output
    assert cli("--file", str(tmp_path)).exit_code == 2  # a folder
    assert cli("--bogus").exit_code == 2
    out = subprocess.run([sys.executable, "-m", "grassroots", "audit", "verify", "-h"], cwd=REPO, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0 and "python -m grassroots audit verify --journal /var/log/auth.log" in out.stdout


def test_journal_auto_without_journalctl_says_it_skipped(copy, monkeypatch):
    monkeypatch.setattr(chain.shutil, "which", lambda name: None)
    result = cli("--data-dir", str(copy / "data"))
    assert result.exit_code == 0 and "未找到 journalctl，系统日志未核对" in result.output
