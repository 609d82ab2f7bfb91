"""Push after publish, against loopback receivers (tests/push_receivers.py): one message per
recipient, none on a re-run, retry with backoff after a rate limit, permanent failures with their
error, a district recipient seeing its district only, the demo mark, audit rows, and --dry-run."""

from __future__ import annotations

import datetime as dt
import email
import io
import json

import pytest
from click.testing import CliRunner

from grassroots import desk
from grassroots.access.audit import AuditLog
from grassroots.cli import main
from grassroots.push import config, deliver
from tests.conftest import LAST
from tests.push_receivers import Robots, Smtp, toml

WEEK = LAST.isoformat()
SECRET = "SECloopback"


@pytest.fixture
def receivers():
    smtp, robots = Smtp(), Robots({"ding": SECRET, "ding-xc": SECRET, "ding-bad": SECRET})
    yield smtp, robots
    smtp.close()
    robots.close()


def section(smtp: Smtp, robots: Robots, tmp_path, **extra) -> dict:
    return {"base_url": "https://dashboard.example.gov.cn", "outbox": str(tmp_path / "outbox.sqlite"),
            "backoff_seconds": 60, "max_attempts": 4, "timeout_seconds": 5,
            "smtp": {"host": "127.0.0.1", "port": smtp.port, "security": "none", "sender": "看板 <dash@example.gov.cn>"},
            "recipients": [
                {"name": "leaders", "kind": "mail", "address": "leader@example.gov.cn"},
                {"name": "wecom-city", "kind": "wecom", "webhook": f"{robots.url}/wecom?key=city"},
                {"name": "ding-city", "kind": "dingtalk", "webhook": f"{robots.url}/dingtalk?access_token=ding",
                 "secret": SECRET, "lang": "en"},
                {"name": "ding-xincheng", "kind": "dingtalk", "webhook": f"{robots.url}/dingtalk?access_token=ding-xc",
                 "secret": SECRET, "district": "150102"},
            ], **extra}


def settings_of(raw: dict) -> config.Settings:
    return config.parse(raw, set(desk.district_codes()))


def push_rows(log: AuditLog) -> list[dict]:
    return [e for e in log.events(actions=["push"]) if e["detail"].get("key")]


def test_a_publish_sends_one_message_per_recipient_and_a_rerun_none(demo_base, receivers, tmp_path):
    smtp, robots = receivers
    settings, log = settings_of(section(smtp, robots, tmp_path)), AuditLog(tmp_path / "audit.sqlite")
    deliver.after_publish(demo_base, settings, WEEK, log)
    briefs = [a for a in robots.accepted if "预警" not in json.dumps(a["body"], ensure_ascii=False)
              and "Alert" not in json.dumps(a["body"])]
    assert len(smtp.messages) >= 1 and len(briefs) == 3
    mails = [email.message_from_bytes(m["data"], policy=email.policy.default) for m in smtp.messages]
    mail = next(m for m in mails if "周报" in m["Subject"])
    assert mail["To"] == "leader@example.gov.cn" and "示例数据" in mail["Subject"] and WEEK in mail["Subject"]
    pdf = [p for p in mail.iter_attachments() if p.get_content_type() == "application/pdf"]
    assert len(pdf) == 1 and pdf[0].get_content().startswith(b"%PDF")
    assert "本周要情" in mail.get_body(("plain",)).get_content()
    wecom = next(a["body"] for a in briefs if a["robot"] == "/wecom:city")
    assert wecom["msgtype"] == "markdown" and len(wecom["markdown"]["content"].encode("utf-8")) <= 4096
    assert f"snapshot={WEEK}" in wecom["markdown"]["content"] and "【示例数据】" in wecom["markdown"]["content"]
    ding = next(a["body"] for a in briefs if a["robot"] == "/dingtalk:ding")
    assert set(ding["markdown"]) == {"title", "text"} and "Demo data" in ding["markdown"]["title"]
    assert not robots.refused  # every signature held
    sent_before = len([r for r in push_rows(log) if r["outcome"] == "sent"])
    counts = (len(smtp.messages), len(robots.accepted))
    deliver.after_publish(demo_base, settings, WEEK, log)  # the same publish again (or a re-run)
    assert (len(smtp.messages), len(robots.accepted)) == counts
    assert len([r for r in push_rows(log) if r["outcome"] == "sent"]) == sent_before >= 4


def test_a_rate_limited_robot_is_retried_after_backoff_then_sent(demo_base, receivers, tmp_path):
    smtp, robots = receivers
    raw = section(smtp, robots, tmp_path)
    raw["recipients"] = [r for r in raw["recipients"] if r["name"] in ("wecom-city", "ding-city")]
    settings, log = settings_of(raw), AuditLog(tmp_path / "audit.sqlite")
    robots.script = {"/wecom:city": [45009], "/dingtalk:ding": [130101, 130101]}
    now = dt.datetime(2026, 11, 20, 10, tzinfo=dt.timezone.utc)
    keys = deliver.owe(demo_base, settings, WEEK)
    first = {o.recipient: o for o in deliver.deliver(demo_base, settings, log, keys=keys, now=now)}
    assert first["wecom-city"].state == first["ding-city"].state == "retry"
    assert "45009" in first["wecom-city"].error and "130101" in first["ding-city"].error
    assert deliver.deliver(demo_base, settings, log, now=now + dt.timedelta(seconds=30)) == []  # not due yet
    second = {o.recipient: o.state for o in deliver.deliver(demo_base, settings, log, now=now + dt.timedelta(seconds=61))}
    assert second == {"wecom-city": "sent", "ding-city": "retry"}
    row = deliver.outbox_of(demo_base, settings).get(keys[1])
    assert row.attempts == 2 and row.next_at == (now + dt.timedelta(seconds=61 + 120)).isoformat(timespec="seconds")
    third = deliver.deliver(demo_base, settings, log, now=now + dt.timedelta(seconds=61 + 121))
    assert [(o.recipient, o.state, o.attempts) for o in third] == [("ding-city", "sent", 3)]
    outcomes = [r["outcome"] for r in reversed(push_rows(log))]
    assert outcomes.count("retry") == 3 and outcomes.count("sent") == 2


def test_a_bad_signature_or_a_refused_mailbox_fails_at_once_with_its_error(demo_base, receivers, tmp_path):
    smtp, robots = receivers
    raw = section(smtp, robots, tmp_path)
    raw["recipients"] = [raw["recipients"][0], {"name": "ding-bad", "kind": "dingtalk", "secret": "SECwrong",
                                                "webhook": f"{robots.url}/dingtalk?access_token=ding-bad"}]
    smtp.refuse.add("leader@example.gov.cn")
    settings, log = settings_of(raw), AuditLog(tmp_path / "audit.sqlite")
    out = {o.recipient: o for o in deliver.deliver(demo_base, settings, log, keys=deliver.owe(demo_base, settings, WEEK))}
    assert out["ding-bad"].state == "failed" and "310000" in out["ding-bad"].error and "sign not match" in out["ding-bad"].error
    assert out["leaders"].state == "failed" and "550" in out["leaders"].error
    failed = [r for r in push_rows(log) if r["outcome"] == "failed"]
    assert {r["detail"]["recipient"] for r in failed} == {"ding-bad", "leaders"}
    smtp.refuse.clear()  # the mailbox is fixed: the clerk sends again
    again = deliver.again(demo_base, settings, log, out["leaders"].key, deliver.SYSTEM)
    assert [o.state for o in again] == ["sent"] and len(smtp.messages) == 1


def test_a_district_recipient_gets_its_district_only(demo_base, receivers, tmp_path):
    import pypdf

    smtp, robots = receivers
    raw = section(smtp, robots, tmp_path)
    raw["recipients"] = [dict(raw["recipients"][0], district="150102"), raw["recipients"][3]]
    settings = settings_of(raw)
    deliver.deliver(demo_base, settings, AuditLog(tmp_path / "audit.sqlite"), keys=deliver.owe(demo_base, settings, WEEK))
    others = [name for code, name in desk.district_names("zh").items() if code != "150102"]
    text = robots.accepted[0]["body"]["markdown"]["text"]
    mail = email.message_from_bytes(smtp.messages[0]["data"], policy=email.policy.default)
    pdf = next(mail.iter_attachments()).get_content()
    pdf_text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    for shown in (text, mail.get_body(("plain",)).get_content(), pdf_text, mail["Subject"]):
        assert "新城区" in shown and not [n for n in others if n in shown]
    assert "leaders" in pdf_text  # the PDF carries its recipient's mark
    assert "district=150102" in text


def test_dry_run_shows_what_goes_where_and_sends_nothing(demo_base, receivers, tmp_path, monkeypatch):
    smtp, robots = receivers
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(toml({"push": section(smtp, robots, tmp_path)}), encoding="utf-8")
    out = CliRunner().invoke(main, ["push", "send", "--week", WEEK, "--dry-run", "--secrets", str(secrets),
                                    "--data-dir", str(demo_base)])
    assert out.exit_code == 0, out.output
    for name in ("leaders", "wecom-city", "ding-city", "ding-xincheng"):
        assert f"== {name}" in out.output
    assert "key=city" not in out.output and "本周要情" in out.output and "【示例数据】" in out.output
    assert smtp.messages == [] and robots.accepted == [] and not (tmp_path / "outbox.sqlite").exists()


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_mail_goes_over_tls_and_a_certificate_the_client_does_not_trust_is_refused(demo_base, tmp_path, security):
    from tests.push_receivers import certificate

    cert = certificate(tmp_path)
    smtp = Smtp(security, cert)
    try:
        raw = {"outbox": str(tmp_path / "outbox.sqlite"), "recipients": [
            {"name": "leaders", "kind": "mail", "address": "leader@example.gov.cn"}],
            "smtp": {"host": "127.0.0.1", "port": smtp.port, "security": security, "sender": "dash@example.gov.cn"}}
        untrusted = settings_of(raw)  # the system's CAs: the loopback certificate is nobody's
        log = AuditLog(tmp_path / "audit.sqlite")
        first = deliver.deliver(demo_base, untrusted, log, keys=deliver.owe(demo_base, untrusted, WEEK))
        assert first[0].state == "retry" and "CERTIFICATE_VERIFY_FAILED" in first[0].error and smtp.messages == []
        raw["smtp"]["cafile"] = cert[0]
        trusted = settings_of(raw)
        deliver.outbox_of(demo_base, trusted).again(first[0].key)
        assert [o.state for o in deliver.deliver(demo_base, trusted, log)] == ["sent"]
        assert smtp.tls_seen == [True]
    finally:
        smtp.close()
