"""Local accounts: the CLI that manages them, the password check, and the throttle on guessing."""

from __future__ import annotations

import datetime as dt

import pytest
from argon2 import PasswordHasher
from click.testing import CliRunner

from grassroots.access import accounts
from grassroots.cli.accounts import accounts as accounts_cli
from grassroots.access.audit import AuditLog

T0 = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone.utc)
PW = "correct horse battery"


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    """argon2id still, with small costs: the production defaults take ~0.1 s and 64 MiB a check."""
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    monkeypatch.setattr(accounts, "_dummy", [])


def cli(path, *args, password: str | None = None):
    return CliRunner().invoke(accounts_cli, ["--file", str(path), *args], input=None if password is None else password + "\n")


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
    assert accounts.sign_in(accounts.load(path), "wang", PW, client="c", log=log, key=b"k").outcome == "failed"
    assert accounts.sign_in(accounts.load(path), "WANG", "another long password", client="c", log=log, key=b"k").outcome == "ok"
    assert cli(path, "disable", "wang").exit_code == 0
    assert accounts.sign_in(accounts.load(path), "wang", "another long password", client="c", log=log, key=b"k").outcome == "disabled"
    assert cli(path, "enable", "wang").exit_code == 0
    assert accounts.sign_in(accounts.load(path), "wang", "another long password", client="c", log=log, key=b"k").outcome == "ok"


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
    assert accounts.sign_in(accounts.load(path), "zhao@dept.gov.cn", "", client="c", log=log, key=b"k").outcome == "failed"


def _users(tmp_path):
    path = tmp_path / "accounts.toml"
    with accounts.editing(path) as users:
        users["wang"] = accounts.Account("wang", "王芳", ("leader",), password_hash=accounts.hash_password(PW))
        users["zhou"] = accounts.Account("zhou", "周强", ("clerk",), password_hash=accounts.hash_password(PW))
    return accounts.load(path)


KEY = b"k" * 32


def sign_in(users, name, password, client, log, **kw):
    return accounts.sign_in(users, name, password, client=client, log=log, key=KEY, **kw)


def test_a_wrong_password_is_refused_and_the_log_never_holds_a_password(tmp_path):
    users, log = _users(tmp_path), AuditLog(tmp_path / "audit.sqlite")
    assert sign_in(users, "wang", "wrong password", "10.0.0.5", log, when=T0).outcome == "failed"
    # a password typed into the name field is not written down either: the name is logged as a keyed hash
    assert sign_in(users, PW, PW, "10.0.0.5", log, when=T0).outcome == "failed"
    assert sign_in(users, "wang", PW, "10.0.0.5", log, when=T0).outcome == "ok"
    events = log.events()
    unknown = accounts.name_key(PW, users, KEY)
    assert unknown.startswith("?") and len(unknown) == 17
    assert [(e["user"], e["action"], e["outcome"], e["detail"].get("reason")) for e in reversed(events)] == [
        ("wang", "sign_in", "failed", "wrong_password"), (unknown, "sign_in", "failed", "unknown_user"),
        ("wang", "sign_in", "ok", None)]
    assert all(e["client"] == "10.0.0.5" for e in events)
    raw = (tmp_path / "audit.sqlite").read_bytes() + b"".join(p.read_bytes() for p in tmp_path.glob("audit.sqlite-*"))
    assert PW.encode() not in raw and b"wrong password" not in raw


def test_an_unknown_name_a_wrong_password_and_a_throttled_try_do_the_same_work_and_answer_alike(tmp_path, monkeypatch):
    """The answer and the work (one argon2 verify, one throttle lookup, one audit row) are the same
    for every kind of failure, so neither the message nor the time tells which names exist."""
    users, log = _users(tmp_path), AuditLog(tmp_path / "audit.sqlite")
    verified = []
    real = accounts._hasher

    class Counting:
        def hash(self, password):
            return real.hash(password)

        def verify(self, stored, password):
            verified.append(stored)
            return real.verify(stored, password)

    monkeypatch.setattr(accounts, "_hasher", Counting())
    policy = accounts.Policy(max_failures=1)
    outcomes = {}
    for label, name in (("wrong", "wang"), ("unknown", "nobody"), ("throttled", "wang"), ("unknown throttled", "nobody")):
        before = len(verified)
        result = sign_in(users, name, "guess", "10.0.0.5", log, policy=policy, when=T0)
        outcomes[label] = (result.outcome, result.account, len(verified) - before)
    assert set(outcomes.values()) == {("failed", None, 1)}, outcomes
    assert [e["outcome"] for e in reversed(log.events())] == ["failed", "failed", "throttled", "throttled"]
    # the hashes verified cost the same: the dummy is made with the same parameters as the real ones
    params = {h.split("$")[3] for h in verified}
    assert len(params) == 1, params


def test_a_stranger_s_wrong_passwords_slow_the_stranger_not_the_owner(tmp_path):
    users, log = _users(tmp_path), AuditLog(tmp_path / "audit.sqlite")
    policy = accounts.Policy(max_failures=5, base_wait_s=30)
    for i in range(5):
        assert sign_in(users, "wang", f"guess {i}", "203.0.113.7", log, policy=policy,
                       when=T0 + dt.timedelta(seconds=i)).outcome == "failed"
    # the sixth try from the guesser's address, even with the right password, is not heard for 30 s
    sixth = sign_in(users, "wang", PW, "203.0.113.7", log, policy=policy, when=T0 + dt.timedelta(seconds=10))
    assert sixth.outcome == "failed" and 20 < sixth.wait_s <= 30
    # the owner, at their own desk, is not locked out by it
    assert sign_in(users, "wang", PW, "10.0.0.1", log, policy=policy, when=T0 + dt.timedelta(seconds=11)).outcome == "ok"
    # after the wait a wrong guess doubles it; the right password then waits too, and finally gets in
    assert sign_in(users, "wang", "guess 6", "203.0.113.7", log, policy=policy,
                   when=T0 + dt.timedelta(seconds=40)).outcome == "failed"
    assert [e["outcome"] for e in log.events(actions=["sign_in"], user="wang")].count("throttled") == 1


def test_many_addresses_guessing_one_name_are_slowed_too(tmp_path):
    users, log = _users(tmp_path), AuditLog(tmp_path / "audit.sqlite")
    policy = accounts.Policy(max_failures=5, name_max_failures=8, base_wait_s=30)
    for i in range(8):
        sign_in(users, "wang", f"guess {i}", f"10.0.0.{i}", log, policy=policy, when=T0 + dt.timedelta(seconds=i))
    held = sign_in(users, "wang", PW, "10.0.9.9", log, policy=policy, when=T0 + dt.timedelta(seconds=9))
    assert held.outcome == "failed" and held.wait_s > 0
    assert sign_in(users, "wang", PW, "10.0.9.9", log, policy=policy, when=T0 + dt.timedelta(seconds=40)).outcome == "ok"
    # a successful sign-in forgets the name's failures
    assert sign_in(users, "wang", "typo", "10.0.0.1", log, policy=policy, when=T0 + dt.timedelta(seconds=41)).outcome == "failed"
    assert sign_in(users, "wang", PW, "10.0.0.1", log, policy=policy, when=T0 + dt.timedelta(seconds=42)).outcome == "ok"


def test_an_unknown_name_is_throttled_like_a_known_one(tmp_path):
    users, log = _users(tmp_path), AuditLog(tmp_path / "audit.sqlite")
    policy = accounts.Policy(max_failures=3)
    for i in range(3):
        sign_in(users, "Admin", f"guess {i}", "203.0.113.7", log, policy=policy, when=T0 + dt.timedelta(seconds=i))
    assert sign_in(users, "admin ", "guess", "203.0.113.7", log, policy=policy, when=T0 + dt.timedelta(seconds=4)).wait_s > 0
    assert sign_in(users, "root", "guess", "203.0.113.7", log, policy=policy, when=T0 + dt.timedelta(seconds=4)).wait_s == 0


def test_throttling_engages_per_client_address_across_accounts(tmp_path):
    users, log = _users(tmp_path), AuditLog(tmp_path / "audit.sqlite")
    policy = accounts.Policy(max_failures=5, client_max_failures=4)
    for i, name in enumerate(["admin", "root", "wang", "test"]):
        sign_in(users, name, "123456", "203.0.113.7", log, policy=policy, when=T0 + dt.timedelta(seconds=i))
    held = sign_in(users, "zhou", PW, "203.0.113.7", log, policy=policy, when=T0 + dt.timedelta(seconds=5))
    assert held.outcome == "failed" and held.wait_s > 0
    assert sign_in(users, "zhou", PW, "10.0.0.8", log, policy=policy, when=T0 + dt.timedelta(seconds=5)).outcome == "ok"
    # failures older than the window are forgotten
    assert sign_in(users, "zhou", PW, "203.0.113.7", log, policy=policy, when=T0 + dt.timedelta(hours=2)).outcome == "ok"


def test_the_role_command_changes_roles_and_district(tmp_path):
    path = tmp_path / "accounts.toml"
    with accounts.editing(path) as users:
        users["li"] = accounts.Account("li", "李娜", ("district_clerk",), "150102", accounts.hash_password(PW))
    run = lambda *args: CliRunner().invoke(accounts_cli, ["--file", str(path), *args])  # noqa: E731
    assert run("role", "li", "--role", "leader").exit_code == 0
    assert (accounts.load(path)["li"].roles, accounts.load(path)["li"].district) == (("leader",), None)
    assert run("role", "li", "--role", "区级数据员", "--district", "150103").exit_code == 0
    assert (accounts.load(path)["li"].roles, accounts.load(path)["li"].district) == (("district_clerk",), "150103")
    refused = run("role", "li", "--role", "district_clerk", "--district", "999999")
    assert refused.exit_code != 0 and "未知的旗县区代码" in refused.output
    assert run("role", "nobody", "--role", "leader").exit_code != 0
    assert accounts.load(path)["li"].password_hash  # the password is kept
