"""Local accounts: the CLI that manages them, the password check, and the throttle on guessing."""

from __future__ import annotations

import datetime as dt

import pytest
from argon2 import PasswordHasher
from click.testing import CliRunner

from grassroots import accounts
from grassroots.audit import AuditLog

T0 = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone.utc)
PW = "correct horse battery"


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    """argon2id still, with small costs: the production defaults take ~0.1 s and 64 MiB a check."""
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    monkeypatch.setattr(accounts, "_dummy", [])


def cli(path, *args, password: str | None = None):
    return CliRunner().invoke(accounts.cli, ["--file", str(path), *args], input=None if password is None else password + "\n")


def test_the_cli_adds_lists_changes_and_disables_accounts(tmp_path):
    path = tmp_path / "accounts.toml"
    assert cli(path, "add", "wang", "--name", "王芳", "--role", "领导", "--role", "analyst", "--password-stdin",
               password=PW).exit_code == 0
    assert cli(path, "add", "li", "--role", "district_clerk", "--district", "150102", "--password-stdin",
               password=PW).exit_code == 0
    text = path.read_text("utf-8")
    assert "$argon2id$" in text and PW not in text
    assert path.stat().st_mode & 0o777 == 0o600
    listed = cli(path, "list").output
    assert "王芳" in listed and "领导、分析员" in listed and "150102" in listed and "argon2" not in listed
    users = accounts.load(path)
    assert users["wang"].roles == ("leader", "analyst") and users["li"].district_only == "150102"

    assert cli(path, "passwd", "wang", "--password-stdin", password="another long password").exit_code == 0
    log = AuditLog(tmp_path / "audit.sqlite")
    assert accounts.sign_in(accounts.load(path), "wang", PW, client="c", log=log).outcome == "failed"
    assert accounts.sign_in(accounts.load(path), "WANG", "another long password", client="c", log=log).outcome == "ok"
    assert cli(path, "disable", "wang").exit_code == 0
    assert accounts.sign_in(accounts.load(path), "wang", "another long password", client="c", log=log).outcome == "disabled"
    assert cli(path, "enable", "wang").exit_code == 0
    assert accounts.sign_in(accounts.load(path), "wang", "another long password", client="c", log=log).outcome == "ok"


def test_the_cli_refuses_what_would_make_a_bad_account(tmp_path):
    path = tmp_path / "accounts.toml"
    assert "district" in cli(path, "add", "li", "--role", "区级数据员", "--password-stdin", password=PW).output
    assert "未知的旗县区代码" in cli(path, "add", "li", "--role", "district_clerk", "--district", "999999",
                                   "--password-stdin", password=PW).output
    assert "未知的角色" in cli(path, "add", "li", "--role", "boss", "--password-stdin", password=PW).output
    assert "至少" in cli(path, "add", "li", "--role", "leader", "--password-stdin", password="short").output
    assert cli(path, "add", "a b", "--role", "leader", "--password-stdin", password=PW).exit_code != 0
    assert cli(path, "add", "wang", "--role", "leader", "--password-stdin", password=PW).exit_code == 0
    assert "已存在" in cli(path, "add", "Wang", "--role", "leader", "--password-stdin", password=PW).output
    assert "没有账号" in cli(path, "passwd", "nobody", "--password-stdin", password=PW).output


def test_an_oidc_account_has_no_password_and_cannot_sign_in_with_one(tmp_path):
    path = tmp_path / "accounts.toml"
    assert cli(path, "add", "zhao@dept.gov.cn", "--role", "analyst", "--oidc").exit_code == 0
    account = accounts.load(path)["zhao@dept.gov.cn"]
    assert account.password_hash is None and account.roles == ("analyst",)
    log = AuditLog(tmp_path / "audit.sqlite")
    assert accounts.sign_in(accounts.load(path), "zhao@dept.gov.cn", "", client="c", log=log).outcome == "failed"


def _users(tmp_path):
    path = tmp_path / "accounts.toml"
    with accounts.editing(path) as users:
        users["wang"] = accounts.Account("wang", "王芳", ("leader",), password_hash=accounts.hash_password(PW))
        users["zhou"] = accounts.Account("zhou", "周强", ("clerk",), password_hash=accounts.hash_password(PW))
    return accounts.load(path)


def test_a_wrong_password_is_refused_and_the_log_never_holds_a_password(tmp_path):
    users, log = _users(tmp_path), AuditLog(tmp_path / "audit.sqlite")
    assert accounts.sign_in(users, "wang", "wrong password", client="10.0.0.5", log=log, when=T0).outcome == "failed"
    # a password typed into the name field is not written down either
    assert accounts.sign_in(users, PW, PW, client="10.0.0.5", log=log, when=T0).outcome == "failed"
    assert accounts.sign_in(users, "wang", PW, client="10.0.0.5", log=log, when=T0).outcome == "ok"
    events = log.events()
    assert [(e["user"], e["action"], e["outcome"], e["detail"].get("reason")) for e in reversed(events)] == [
        ("wang", "sign_in", "failed", "wrong_password"), ("?", "sign_in", "failed", "unknown_user"),
        ("wang", "sign_in", "ok", None)]
    assert all(e["client"] == "10.0.0.5" for e in events)
    raw = (tmp_path / "audit.sqlite").read_bytes() + b"".join(p.read_bytes() for p in tmp_path.glob("audit.sqlite-*"))
    assert PW.encode() not in raw and b"wrong password" not in raw


def test_throttling_engages_after_n_wrong_passwords_of_an_account(tmp_path):
    users, log = _users(tmp_path), AuditLog(tmp_path / "audit.sqlite")
    policy = accounts.Policy(max_failures=5, base_wait_s=30)
    for i in range(5):
        assert accounts.sign_in(users, "wang", f"guess {i}", client=f"10.0.0.{i}", log=log, policy=policy,
                                when=T0 + dt.timedelta(seconds=i)).outcome == "failed"
    # the sixth try, even with the right password and from another address, is not heard for 30 s
    sixth = accounts.sign_in(users, "wang", PW, client="10.9.9.9", log=log, policy=policy, when=T0 + dt.timedelta(seconds=10))
    assert sixth.outcome == "throttled" and 20 < sixth.wait_s <= 30
    # another account is not held back by wang's guesser
    assert accounts.sign_in(users, "zhou", PW, client="10.9.9.9", log=log, policy=policy, when=T0 + dt.timedelta(seconds=10)).outcome == "ok"
    # after the wait a wrong guess doubles it; the right password then waits too, and finally gets in
    assert accounts.sign_in(users, "wang", "guess 6", client="10.0.0.1", log=log, policy=policy,
                            when=T0 + dt.timedelta(seconds=40)).outcome == "failed"
    again = accounts.sign_in(users, "wang", PW, client="10.0.0.1", log=log, policy=policy, when=T0 + dt.timedelta(seconds=41))
    assert again.outcome == "throttled" and 55 < again.wait_s <= 60
    assert accounts.sign_in(users, "wang", PW, client="10.0.0.1", log=log, policy=policy,
                            when=T0 + dt.timedelta(seconds=101)).outcome == "ok"
    # a successful sign-in forgets the account's failures
    assert accounts.sign_in(users, "wang", "typo", client="10.0.0.1", log=log, policy=policy,
                            when=T0 + dt.timedelta(seconds=102)).outcome == "failed"
    assert accounts.sign_in(users, "wang", PW, client="10.0.0.1", log=log, policy=policy,
                            when=T0 + dt.timedelta(seconds=103)).outcome == "ok"
    assert [e["outcome"] for e in log.events(actions=["sign_in"], user="wang")].count("throttled") == 2


def test_throttling_engages_per_client_address_across_accounts(tmp_path):
    users, log = _users(tmp_path), AuditLog(tmp_path / "audit.sqlite")
    policy = accounts.Policy(max_failures=5, client_max_failures=4)
    for i, name in enumerate(["admin", "root", "wang", "test"]):
        accounts.sign_in(users, name, "123456", client="203.0.113.7", log=log, policy=policy, when=T0 + dt.timedelta(seconds=i))
    held = accounts.sign_in(users, "zhou", PW, client="203.0.113.7", log=log, policy=policy, when=T0 + dt.timedelta(seconds=5))
    assert held.outcome == "throttled"
    assert accounts.sign_in(users, "zhou", PW, client="10.0.0.8", log=log, policy=policy,
                            when=T0 + dt.timedelta(seconds=5)).outcome == "ok"
    # failures older than the window are forgotten
    assert accounts.sign_in(users, "zhou", PW, client="203.0.113.7", log=log, policy=policy,
                            when=T0 + dt.timedelta(hours=2)).outcome == "ok"
