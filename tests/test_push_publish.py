"""The push rides on a publish from the command line: refresh.py sends the week's brief to the
[push] recipients of the secrets file; a receiver that is down never fails the publish (the
message waits in the outbox, and `push retry` sends it); --push queue leaves the sending to it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import tiny

from grassroots.access.audit import FILE, AuditLog
from grassroots.store import snapshots
from tests.push_receivers import Robots, toml

REPO = Path(__file__).resolve().parents[1]


def run(args: list[str], secrets: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "STREAMLIT_SECRETS_FILES": str(secrets)}
    return subprocess.run([sys.executable, *args], cwd=REPO, capture_output=True, text=True, timeout=300, env=env)


def briefs(robots: Robots, robot: str = "/wecom:c") -> list[dict]:
    """The briefs a robot accepted (alerts of the week go to it too)."""
    return [a for a in robots.accepted if a["robot"] == robot and "预警" not in a["body"]["markdown"]["content"]]


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_publish_pushes_and_a_receiver_that_is_down_waits_in_the_outbox(tmp_path):
    robots = Robots()
    try:
        base, secrets = tmp_path / "data", tmp_path / "secrets.toml"
        secrets.write_text(toml({"push": {"backoff_seconds": 0, "recipients": [
            {"name": "city", "kind": "wecom", "webhook": f"{robots.url}/wecom?key=c"},
            {"name": "down", "kind": "wecom", "webhook": f"http://127.0.0.1:{closed_port()}/wecom?key=d"}]}}),
            encoding="utf-8")
        week = tiny.AS_OF[1].isoformat()
        out = run(["refresh.py", "--inbox", str(tiny.write_inbox(tmp_path / "w1", 1)), "--as-of", week,
                   "--data-dir", str(base)], secrets)
        assert out.returncode == 0, out.stderr
        assert [s.as_of.isoformat() for s in snapshots.list_snapshots(base)] == [week]  # published whatever the push did
        assert "推送 city（wecom）：已发送" in out.stderr and "推送 down（wecom）：第 1 次失败" in out.stderr
        assert len(briefs(robots)) == 1
        assert "示例数据" in briefs(robots)[0]["body"]["markdown"]["content"]  # the tiny world's week is demo data
        again = run(["-m", "grassroots", "push", "send", "--week", week, "--data-dir", str(base)], secrets)
        assert len(briefs(robots)) == 1  # nothing twice
        assert "down" in again.stdout and again.returncode == 1  # the one still owed is tried again, and fails
        pushes = [e for e in AuditLog(base / FILE).events(actions=["push"])]
        assert {(e["detail"]["recipient"], e["outcome"]) for e in pushes if e["detail"]["subject"] == "brief"} == {
            ("city", "sent"), ("down", "retry")}
    finally:
        robots.close()


def test_push_queue_leaves_the_sending_to_push_retry(tmp_path):
    robots = Robots()
    try:
        base, secrets = tmp_path / "data", tmp_path / "secrets.toml"
        secrets.write_text(toml({"push": {"recipients": [
            {"name": "city", "kind": "wecom", "webhook": f"{robots.url}/wecom?key=c"}]}}), encoding="utf-8")
        out = run(["refresh.py", "--inbox", str(tiny.write_inbox(tmp_path / "w1", 1)), "--as-of",
                   tiny.AS_OF[1].isoformat(), "--data-dir", str(base), "--push", "queue"], secrets)
        assert out.returncode == 0 and "已排入推送队列" in out.stderr and robots.accepted == []
        sent = run(["-m", "grassroots", "push", "retry", "--data-dir", str(base)], secrets)
        assert sent.returncode == 0 and "已发送" in sent.stdout and len(briefs(robots)) == 1
        assert "没有需要发送的消息" in run(["-m", "grassroots", "push", "retry", "--data-dir", str(base)], secrets).stdout
    finally:
        robots.close()
