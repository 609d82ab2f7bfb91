"""Accounts and roles for the local sign-in, and the sign-in check with its throttle. They are
managed with `python -m grassroots accounts add|passwd|role|disable|enable|list` (grassroots/cli/).

The accounts file is TOML (`<data dir>/accounts.toml` unless `--file` or the app's secrets say
otherwise), one table per user: display name, roles, the district of a district clerk, an
argon2id password hash made by argon2-cffi (salted, never home-made), disabled, and when it was
created. It is written whole to a temporary file and renamed into place, readable by its owner
only, under a lock, so two CLI runs cannot lose each other's change. An account without a
password signs in only through the department's identity provider (OIDC): its name is the
e-mail address the provider reports, and the file still says which roles it holds.

Roles (a user may hold several):
  leader          领导        the leader pages
  analyst         分析员      also exploration, snapshot comparison and the SQL box
  clerk           数据员      also the data desk for all districts, publishing, the audit log
  district_clerk  区级数据员  the data desk of one district, and the leader pages of that district

Sign-in answers the same for every name. An unknown name, a wrong password and a throttled try
get the same outcome ("failed": one message on the page) after the same work (an argon2 verify,
against a dummy hash when there is nothing else to verify), so neither the words nor the time
tell which names exist. Only the right password of a disabled account says "disabled".

Throttle, counted per name whether or not an account has it (an unknown name is counted under
`name_key`, a keyed hash: a password typed into the name field is never written down), since that
name's last successful sign-in and within an hour:
  - per name and client: after `max_failures` wrong tries, each further try from that client
    waits 30 s, doubling up to 15 min, from its last failure;
  - per name from all clients: the same growing wait after `name_max_failures` (many addresses);
  - per client: after `client_max_failures`, whatever the names.
So a stranger's five wrong passwords slow the stranger, not the owner at their own desk. The
counters are the audit log's own rows (grassroots/access/audit.py), shared by every app process.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import hmac
import json
import os
import re
import secrets
import tomllib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from grassroots.store import snapshots
from grassroots.access.audit import Actor, AuditLog, now_utc

FILE = "accounts.toml"
ROLES: dict[str, tuple[str, str]] = {
    "leader": ("领导", "Leader"),
    "analyst": ("分析员", "Analyst"),
    "clerk": ("数据员", "Data clerk (city)"),
    "district_clerk": ("区级数据员", "District data clerk"),
    "screen": ("大屏", "Wall screen"),  # the office's wall screen: its playlist's pages, read-only, always as the wall
}
CITY_WIDE = frozenset({"leader", "analyst", "clerk", "screen"})  # roles that see the whole city
USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")
MIN_PASSWORD = 10

_hasher = PasswordHasher()  # argon2id with the library's current defaults
_dummy: list[str] = []  # a hash verified for unknown names, so the time taken tells nothing


@dataclass(frozen=True)
class Account:
    username: str
    name: str = ""
    roles: tuple[str, ...] = ()
    district: str | None = None
    password_hash: str | None = None  # None: signs in through the identity provider only
    disabled: bool = False
    created: str = ""

    @property
    def district_only(self) -> str | None:
        """The district a user is limited to: a district clerk holding no city-wide role."""
        return self.district if "district_clerk" in self.roles and not (set(self.roles) & CITY_WIDE) else None


def default_file() -> Path:
    return snapshots.data_dir() / FILE


def role_code(text: str) -> str:
    """'leader', '领导', 'Leader' -> 'leader'."""
    for code, (zh, en) in ROLES.items():
        if text.strip().lower() in (code, zh, en.lower()):
            return code
    raise ValueError(f"未知的角色“{text}”：可用 {', '.join(f'{c}（{zh}）' for c, (zh, _) in ROLES.items())}")


# ------------------------------------------------------------------ the file
def load(path: Path) -> dict[str, Account]:
    """Every account of the file, by lower-cased name; an absent file holds none."""
    try:
        raw = tomllib.loads(Path(path).read_text("utf-8"))
    except FileNotFoundError:
        return {}
    out = {}
    for username, entry in raw.get("users", {}).items():
        roles = tuple(r for r in entry.get("roles", []) if r in ROLES)
        out[username.lower()] = Account(username, entry.get("name", ""), roles, entry.get("district") or None,
                                        entry.get("password") or None, bool(entry.get("disabled", False)),
                                        entry.get("created", ""))
    return out


def _toml_string(text: str) -> str:
    # A JSON string is a valid TOML basic string: quotes, backslashes and control characters escaped.
    return json.dumps(text, ensure_ascii=False)


def dumps(accounts: dict[str, Account]) -> str:
    lines = ["# 看板账号：由 python -m grassroots accounts 维护（add / passwd / disable / enable / list）。",
             "# 密码以 argon2id 加盐哈希保存；没有 password 的账号只能通过统一身份认证（OIDC）登录。", ""]
    for account in sorted(accounts.values(), key=lambda a: a.username.lower()):
        lines.append(f"[users.{_toml_string(account.username)}]")
        lines.append(f"name = {_toml_string(account.name)}")
        lines.append(f"roles = [{', '.join(_toml_string(r) for r in account.roles)}]")
        if account.district:
            lines.append(f"district = {_toml_string(account.district)}")
        if account.password_hash:
            lines.append(f"password = {_toml_string(account.password_hash)}")
        lines.append(f"disabled = {'true' if account.disabled else 'false'}")
        lines.append(f"created = {_toml_string(account.created)}")
        lines.append("")
    return "\n".join(lines)


@contextmanager
def editing(path: Path):
    """Load the accounts under an exclusive lock and write them back (atomically) when the block ends."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        accounts = load(path)
        yield accounts
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as f:
            f.write(dumps(accounts))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"密码至少 {MIN_PASSWORD} 个字符")
    return _hasher.hash(password)


# ------------------------------------------------------------------ signing in
@dataclass(frozen=True)
class Policy:
    max_failures: int = 5  # wrong tries of one name from one client before that client must wait
    name_max_failures: int = 30  # wrong tries of one name from all clients (many addresses guessing)
    client_max_failures: int = 20  # failures from one client address (an office shares one) before it must wait
    base_wait_s: float = 30.0
    max_wait_s: float = 900.0
    window_s: float = 3600.0  # failures older than this are forgotten

    def wait(self, failures: int, limit: int) -> float:
        if failures < limit:
            return 0.0
        return min(self.base_wait_s * 2 ** (failures - limit), self.max_wait_s)


@dataclass(frozen=True)
class SignIn:
    outcome: str  # ok | failed (wrong password, unknown name or throttled: one answer) | disabled
    account: Account | None = None
    wait_s: float = 0.0  # throttled: seconds until the next try is heard (for the log, never shown)


def name_key(typed: str, accounts: dict[str, Account], key: bytes) -> str:
    """The name a sign-in is counted and logged under: the account's, or for a name no account
    has, "?" and a keyed hash of it (the same unknown name counts as one; its text is never kept)."""
    account = accounts.get(typed.strip().lower())
    if account is not None:
        return account.username
    return "?" + hmac.new(key, typed.strip().lower().encode("utf-8", "replace"), hashlib.sha256).hexdigest()[:16]


def throttled_for(log: AuditLog, policy: Policy, name: str, client: str, when: dt.datetime) -> float:
    """Seconds this name from this client must still wait before a password is checked again."""
    since = when - dt.timedelta(seconds=policy.window_s)
    failures = []  # this name's failures since its last success, newest first
    for event in log.events(actions=["sign_in"], user=name, since=since, limit=5000):
        if event["outcome"] == "ok":
            break
        if event["outcome"] == "failed":
            failures.append(event)
    pair = [e for e in failures if e["client"] == client]
    waits = [(pair[0]["at"] + dt.timedelta(seconds=policy.wait(len(pair), policy.max_failures)) - when).total_seconds()
             if pair else 0.0,
             (failures[0]["at"] + dt.timedelta(seconds=policy.wait(len(failures), policy.name_max_failures))
              - when).total_seconds() if failures else 0.0]
    n, last = log.failures(since=since, client=client)
    if last is not None:
        waits.append((last + dt.timedelta(seconds=policy.wait(n, policy.client_max_failures)) - when).total_seconds())
    return max([0.0, *waits])


def sign_in(accounts: dict[str, Account], username: str, password: str, *, client: str, log: AuditLog,
            key: bytes, policy: Policy = Policy(), when: dt.datetime | None = None) -> SignIn:
    """Check a password, throttled per name (existing or not), per name and client, and per client;
    every attempt is audited under `name_key` (the account's name, or "?" and a keyed hash)."""
    when = when or now_utc()
    account = accounts.get(username.strip().lower())
    logged_name = name_key(username, accounts, key)
    actor = Actor(logged_name, account.roles if account else (), account.district if account else None, client)
    wait = throttled_for(log, policy, logged_name, client, when)
    # the same argon2 work whatever happens next: the time taken tells nothing
    good = _verify(account.password_hash if account and account.password_hash else None, password)
    if wait > 0:
        log.record(actor, "sign_in", "throttled", when=when, wait_s=round(wait))
        return SignIn("failed", None, wait)
    if not good:
        log.record(actor, "sign_in", "failed", when=when, reason="wrong_password" if account else "unknown_user")
        return SignIn("failed")
    if account.disabled or not account.roles:
        log.record(actor, "sign_in", "failed", when=when, reason="disabled" if account.disabled else "no_role")
        return SignIn("disabled", account)
    log.record(actor, "sign_in", "ok", when=when, method="local")
    return SignIn("ok", account)


def _verify(stored: str | None, password: str) -> bool:
    if not _dummy:
        _dummy.append(_hasher.hash("not a password of anyone"))
    try:
        return _hasher.verify(stored or _dummy[0], password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def secret_key(path: Path) -> bytes:
    """The server's key for name hashes (and nothing that grants access): made once, owner-only."""
    path = Path(path)
    try:
        return bytes.fromhex(path.read_text("ascii").strip())
    except (FileNotFoundError, ValueError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="ascii") as f:
        f.write(secrets.token_hex(32))
    try:
        os.link(tmp, path)  # the first process to make it wins; the others read theirs
    except FileExistsError:
        pass
    finally:
        os.unlink(tmp)
    return bytes.fromhex(path.read_text("ascii").strip())
