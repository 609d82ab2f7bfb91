"""The [push] section of the secrets file (.streamlit/secrets.toml; see its .example), read strictly:
an unknown key, a recipient without its address or webhook, an unknown kind, district or language
stops with the key named. The command line reads the same file as the app."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("mail", "wecom", "dingtalk")
SECURITY = ("ssl", "starttls", "none")


class PushConfigError(ValueError):
    """The [push] section is wrong: the message names the key."""


@dataclass(frozen=True)
class Recipient:
    name: str
    kind: str  # mail | wecom | dingtalk
    address: str  # an e-mail address, or the robot's webhook URL
    secret: str | None = None  # 钉钉's signing secret (SEC…)
    district: str | None = None  # a district code: this recipient gets that district's brief only
    lang: str = "zh"

    def __repr__(self) -> str:  # a webhook URL holds the robot's key; a secret never prints
        return f"Recipient({self.name!r}, {self.kind}, district={self.district}, lang={self.lang})"


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    security: str = "starttls"
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    sender: str = ""
    cafile: str | None = None  # a CA bundle for an internal mail server's certificate (default: the system's)


@dataclass(frozen=True)
class Settings:
    recipients: tuple[Recipient, ...]
    smtp: Smtp | None = None
    base_url: str = ""
    outbox: str = "outbox.sqlite"
    max_attempts: int = 6
    backoff_seconds: int = 60
    timeout_seconds: float = 20.0
    send_at_publish: bool = True

    def recipient(self, name: str) -> Recipient:
        match = [r for r in self.recipients if r.name == name]
        if not match:
            raise PushConfigError(f"[push] 没有名为 {name!r} 的收件方；已配置：{', '.join(r.name for r in self.recipients) or '—'}")
        return match[0]


_TOP = {"recipients", "smtp", "base_url", "outbox", "max_attempts", "backoff_seconds", "timeout_seconds", "send_at_publish"}
_RECIPIENT = {"name", "kind", "address", "webhook", "secret", "district", "lang"}
_SMTP = {"host", "port", "security", "user", "password", "sender", "cafile"}


def _unknown(where: str, got: dict, allowed: set) -> None:
    extra = sorted(set(got) - allowed)
    if extra:
        raise PushConfigError(f"{where} 中有未知的键：{', '.join(extra)}（可用：{', '.join(sorted(allowed))}）")


def parse(section: dict | None, districts: set[str] | None = None) -> Settings | None:
    """Settings from the [push] section (a dict), or None when there is none."""
    if not section:
        return None
    section = dict(section)
    _unknown("[push]", section, _TOP)
    recipients, names = [], set()
    for i, raw in enumerate(section.get("recipients") or []):
        raw = dict(raw)
        where = f"[[push.recipients]] 第 {i + 1} 项"
        _unknown(where, raw, _RECIPIENT)
        name, kind = raw.get("name"), raw.get("kind")
        if not name or name in names:
            raise PushConfigError(f"{where}：name 缺失或重复（{name!r}）")
        if kind not in KINDS:
            raise PushConfigError(f"{where}（{name}）：kind 应为 {' / '.join(KINDS)}，实际为 {kind!r}")
        address = raw.get("address") if kind == "mail" else raw.get("webhook")
        if not address:
            raise PushConfigError(f"{where}（{name}）：{'address' if kind == 'mail' else 'webhook'} 缺失")
        district = raw.get("district")
        if district is not None and districts is not None and str(district) not in districts:
            raise PushConfigError(f"{where}（{name}）：未知的旗县区代码 {district!r}")
        lang = raw.get("lang", "zh")
        if lang not in ("zh", "en"):
            raise PushConfigError(f"{where}（{name}）：lang 应为 zh 或 en")
        names.add(name)
        recipients.append(Recipient(str(name), kind, str(address), raw.get("secret"),
                                    None if district is None else str(district), lang))
    smtp = None
    if "smtp" in section:
        raw = dict(section["smtp"])
        _unknown("[push.smtp]", raw, _SMTP)
        if raw.get("security", "starttls") not in SECURITY:
            raise PushConfigError(f"[push.smtp] security 应为 {' / '.join(SECURITY)}")
        if not raw.get("host") or not raw.get("sender"):
            raise PushConfigError("[push.smtp] 需要 host 与 sender")
        smtp = Smtp(str(raw["host"]), int(raw.get("port", 465 if raw.get("security") == "ssl" else 587)),
                    raw.get("security", "starttls"), raw.get("user"), raw.get("password"), str(raw["sender"]),
                    raw.get("cafile"))
    if any(r.kind == "mail" for r in recipients) and smtp is None:
        raise PushConfigError("[push] 有邮件收件方，但没有 [push.smtp]")
    return Settings(tuple(recipients), smtp, str(section.get("base_url", "")).rstrip("/"),
                    str(section.get("outbox", "outbox.sqlite")), int(section.get("max_attempts", 6)),
                    int(section.get("backoff_seconds", 60)), float(section.get("timeout_seconds", 20)),
                    bool(section.get("send_at_publish", True)))


def secrets_files(repo: Path) -> list[Path]:
    """Where the command line looks for the secrets file: $STREAMLIT_SECRETS_FILES (comma-separated,
    as Streamlit reads it), else .streamlit/secrets.toml of the code."""
    listed = os.environ.get("STREAMLIT_SECRETS_FILES")
    if listed:
        return [Path(p) for p in listed.split(",") if p.strip()]
    return [repo / ".streamlit" / "secrets.toml"]


def load_file(paths: list[Path], districts: set[str] | None = None) -> Settings | None:
    """The [push] section of the first secrets file that exists (the app reads st.secrets instead)."""
    for path in paths:
        if path.is_file():
            with path.open("rb") as f:
                return parse(tomllib.load(f).get("push"), districts)
    return None
