"""The three ways out, each following its API's documented format and errors.

mail      SMTP over SSL (port 465) or STARTTLS (587), or plain only to a relay on this machine;
          a multipart message: the text, and the brief's PDF attached
企业微信  group robot webhook, POST {"msgtype": "markdown", "markdown": {"content": …}}; the content
          at most 4096 bytes of UTF-8; answer {"errcode": 0} is sent, 45009 (api freq out of
          limit: 20 a minute per robot) is retried later, any other errcode fails with its errmsg
钉钉      group robot webhook, POST {"msgtype": "markdown", "markdown": {"title", "text"}}; with a
          signing secret the URL gets &timestamp=<ms>&sign=<urlencode(base64(HMAC-SHA256(secret,
          timestamp + "\\n" + secret)))>; errcode 0 sent, 130101 (sent too fast) retried later,
          310000 (sign not match, keywords, IP) and others fail with their errmsg

Each send returns nothing or raises SendError: `retry` says whether trying later may help
(network failures, timeouts, rate limits, HTTP 5xx) or not (a refused address, a bad signature).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import smtplib
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from email.message import EmailMessage

from grassroots.push.config import Recipient, Smtp

WECOM_MAX_BYTES = 4096
DINGTALK_MAX_BYTES = 20000  # the robot's markdown text; ours stays far below
RATE_LIMITED = {"wecom": 45009, "dingtalk": 130101}


class SendError(Exception):
    def __init__(self, message: str, retry: bool = True):
        super().__init__(message)
        self.retry = retry


def mail(smtp: Smtp, to: Recipient, subject: str, text: str, attachment: tuple[str, bytes] | None,
         timeout: float) -> None:
    msg = EmailMessage()
    msg["Subject"], msg["From"], msg["To"] = subject, smtp.sender, to.address
    msg.set_content(text)
    if attachment:
        name, data = attachment
        msg.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    try:
        context = ssl.create_default_context(cafile=smtp.cafile)  # the server's certificate and name are checked
        if smtp.security == "ssl":
            server = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=timeout, context=context)
        else:
            server = smtplib.SMTP(smtp.host, smtp.port, timeout=timeout)
        with server:
            if smtp.security == "starttls":
                server.starttls(context=context)
            if smtp.user:
                server.login(smtp.user, smtp.password or "")
            refused = server.send_message(msg)
    except smtplib.SMTPRecipientsRefused as err:
        raise SendError(f"SMTP 拒收：{_smtp_reason(err.recipients)}", retry=False) from None
    except smtplib.SMTPResponseException as err:
        raise SendError(f"SMTP {err.smtp_code}: {_text(err.smtp_error)}", retry=err.smtp_code < 500) from None
    except (OSError, smtplib.SMTPException) as err:
        raise SendError(f"SMTP {type(err).__name__}: {err}") from None
    if refused:
        raise SendError(f"SMTP 拒收：{_smtp_reason(refused)}", retry=False)


def _text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _smtp_reason(recipients: dict) -> str:
    return "；".join(f"{who} {code} {_text(why)}" for who, (code, why) in recipients.items())


def fit(text: str, limit: int, tail: str = "") -> str:
    """Text cut at a line so that it and `tail` fit in `limit` bytes of UTF-8."""
    if len((text + tail).encode("utf-8")) <= limit:
        return text + tail
    room = limit - len(("\n…\n" + tail).encode("utf-8"))
    lines, out = text.split("\n"), []
    for line in lines:
        if len("\n".join([*out, line]).encode("utf-8")) > room:
            break
        out.append(line)
    cut = "\n".join(out) if out else text.encode("utf-8")[:room].decode("utf-8", "ignore")
    return cut + "\n…\n" + tail


def wecom(to: Recipient, text: str, timeout: float) -> None:
    _post("wecom", to.address, {"msgtype": "markdown", "markdown": {"content": text}}, timeout)


def dingtalk_url(webhook: str, secret: str | None, now_ms: int | None = None) -> str:
    if not secret:
        return webhook
    timestamp = str(now_ms if now_ms is not None else round(time.time() * 1000))
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp}\n{secret}".encode("utf-8"), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    return f"{webhook}{'&' if '?' in webhook else '?'}timestamp={timestamp}&sign={sign}"


def dingtalk(to: Recipient, title: str, text: str, timeout: float) -> None:
    _post("dingtalk", dingtalk_url(to.address, to.secret),
          {"msgtype": "markdown", "markdown": {"title": title, "text": text}}, timeout)


def _post(kind: str, url: str, body: dict, timeout: float) -> None:
    request = urllib.request.Request(url, data=json.dumps(body, ensure_ascii=False).encode("utf-8"), method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            answer = json.loads(response.read().decode("utf-8") or "{}")
    except urllib.error.HTTPError as err:
        raise SendError(f"HTTP {err.code} {err.reason}", retry=err.code >= 500 or err.code == 429) from None
    except (OSError, ValueError) as err:  # refused, timed out, unreachable; an answer that is not JSON
        raise SendError(f"{type(err).__name__}: {err}") from None
    code = answer.get("errcode")
    if code == 0:
        return
    message = f"errcode {code}: {answer.get('errmsg', '')}"
    raise SendError(message, retry=code == RATE_LIMITED[kind])
