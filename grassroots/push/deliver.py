"""Owing and sending: after a publish every recipient is owed the week's brief (one outbox row per
idempotency key), and what is due is sent; `retry` sends what has come due since; `again` resends
on request. Every send and every failure is a row of the audit log (action push). Nothing here
raises into a publish: `after_publish` returns what happened, in lines for the caller to show.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from grassroots.access.audit import Actor, AuditLog
from grassroots.catalogue.i18n import t
from grassroots.push import channels, compose
from grassroots.push.config import Recipient, Settings
from grassroots.push.outbox import Message, Outbox, key_of

SYSTEM = Actor("push", ("system",))
BRIEF = "brief"


@dataclass(frozen=True)
class Outcome:
    key: str
    recipient: str
    channel: str
    state: str  # sent | retry | failed
    attempts: int
    error: str | None = None


def outbox_of(base: Path, settings: Settings) -> Outbox:
    path = Path(settings.outbox)
    return Outbox(path if path.is_absolute() else Path(base) / path)


def owe(base: Path, settings: Settings, week: str, subject: str = BRIEF, recipients: list[Recipient] | None = None,
        payload: dict | None = None) -> list[str]:
    """Every recipient (or those given) is owed this message; the keys (new or already there)."""
    box, keys = outbox_of(base, settings), []
    for r in recipients if recipients is not None else settings.recipients:
        box.add(week, r.name, r.kind, subject, json.dumps(payload, ensure_ascii=False) if payload else None)
        keys.append(key_of(week, r.name, r.kind, subject))
    return keys


def shown_address(r: Recipient) -> str:
    """Where it goes, without the robot's key (a webhook's query string is its credential)."""
    if r.kind == "mail":
        return r.address
    parts = urllib.parse.urlsplit(r.address)
    return f"{parts.scheme}://{parts.netloc}{parts.path}{'?…' if parts.query else ''}"


def composed(base: Path, settings: Settings, m: Message, to: Recipient, cache: dict, pdf: bool = True) -> compose.Composed:
    if m.subject == BRIEF:
        key = (m.week, to.district, to.lang, pdf and to.kind == "mail")  # the PDF goes by mail only
        if key not in cache:
            from grassroots.outputs.brief import find_snapshot

            cache[key] = compose.brief_message(find_snapshot(dt.date.fromisoformat(m.week), base), to,
                                               settings.base_url, pdf=key[-1])
        return cache[key]
    said = json.loads(m.payload or "{}")  # an alert: its sentence in both languages, as evaluated
    mark = f"【{t('demo_badge', to.lang)}】" if said.get("demo") else ""
    head = f"{mark}{t('alert_title', to.lang)} · {said.get('rule', '')} · {m.week}"
    text = said.get(to.lang) or said.get("zh", "")
    url = compose.overview_url(settings.base_url, said.get("snapshot") or m.week, to.district, to.lang)
    link = f"\n\n[{t('push_open_overview', to.lang, as_of=m.week)}]({url})" if url else ""
    return compose.Composed(head, f"### {head}\n{compose.robot_safe(text)}{link}", text + (f"\n\n{url}" if url else ""))


def send_one(settings: Settings, to: Recipient, message: compose.Composed) -> None:
    timeout = settings.timeout_seconds
    if to.kind == "mail":
        channels.mail(settings.smtp, to, message.title, message.text, message.attachment, timeout)
    elif to.kind == "wecom":
        channels.wecom(to, _fit(message.markdown, channels.WECOM_MAX_BYTES), timeout)
    else:
        channels.dingtalk(to, message.title, _fit(message.markdown, channels.DINGTALK_MAX_BYTES), timeout)


def _fit(markdown: str, limit: int) -> str:
    body, _, link = markdown.rpartition("\n\n[")
    return channels.fit(body, limit, "\n\n[" + link) if body else channels.fit(markdown, limit)


def deliver(base: Path, settings: Settings, log: AuditLog, actor: Actor = SYSTEM, keys: list[str] | None = None,
            now: dt.datetime | None = None) -> list[Outcome]:
    """Send every due message (or the due ones among `keys`); record each outcome."""
    box, cache, out = outbox_of(base, settings), {}, []
    for m in box.claim(keys, now):
        detail = dict(key=m.key, week=m.week, recipient=m.recipient, channel=m.channel, subject=m.subject)
        try:
            to = settings.recipient(m.recipient)
            if to.kind != m.channel:
                raise channels.SendError("收件方的渠道已改变 / the recipient's channel changed", retry=False)
            send_one(settings, to, composed(base, settings, m, to, cache))
        except Exception as err:  # noqa: BLE001 — a send's failure is recorded, never raised into a publish
            retry = err.retry if isinstance(err, channels.SendError) else False
            error = str(err) if isinstance(err, channels.SendError) else f"{type(err).__name__}: {err}"
            row = box.failed(m.key, error, max_attempts=settings.max_attempts, backoff_s=settings.backoff_seconds,
                             permanent=not retry, now=now)
            log.record(actor, "push", row.state, attempt=row.attempts, error=error, next_at=row.next_at, **detail)
            out.append(Outcome(m.key, m.recipient, m.channel, row.state, row.attempts, error))
        else:
            box.done(m.key, now)
            log.record(actor, "push", "sent", attempt=m.attempts + 1, **detail)
            out.append(Outcome(m.key, m.recipient, m.channel, "sent", m.attempts + 1))
    return out


def again(base: Path, settings: Settings, log: AuditLog, key: str, actor: Actor) -> list[Outcome]:
    """Send one message once more, at a person's request (the desk's 重新发送)."""
    if outbox_of(base, settings).again(key):
        log.record(actor, "push", "resend", key=key)
    return deliver(base, settings, log, actor, keys=[key])


def after_publish(base: Path, settings: Settings | None, week: str, log: AuditLog, actor: Actor = SYSTEM,
                  send: bool = True, lang: str = "zh") -> list[str]:
    """Owe the week's brief to every recipient (and the week's alerts), send what is due unless
    `send` is off (then `push retry` sends). Lines saying what happened; never raises."""
    if settings is None or not settings.recipients:
        return []
    try:
        keys = owe(base, settings, week)
        from grassroots.push import alerts

        keys += alerts.owe_snapshot(base, settings, week)
        if not send or not settings.send_at_publish:
            return [t("push_queued", lang, n=len(keys))]
        outcomes = deliver(base, settings, log, actor, keys=keys)
    except Exception as err:  # noqa: BLE001 — the publish stands whatever the push does
        try:
            log.record(actor, "push", "failed", week=week, error=f"{type(err).__name__}: {err}")
        except Exception:  # noqa: BLE001
            pass
        return [t("push_broken", lang, error=f"{type(err).__name__}: {err}")]
    return [line(o, lang) for o in outcomes]


def line(o: Outcome, lang: str = "zh") -> str:
    return t(f"push_line_{o.state}", lang, recipient=o.recipient, channel=o.channel, attempts=o.attempts,
             error=o.error or "")
