"""`python -m grassroots push send|retry` and `python -m grassroots alerts check`: the week's brief
and the alerts to the recipients of the secrets file's [push] section (grassroots/push/)."""

from __future__ import annotations

import datetime as dt
import getpass
import sys
from pathlib import Path

import click

from grassroots.cli.common import CONTEXT, examples

RUN, ALERTS = "python -m grassroots push", "python -m grassroots alerts check"
SECRETS_HELP = "密钥文件（默认 $STREAMLIT_SECRETS_FILES 或 .streamlit/secrets.toml）的 [push] 段 / the secrets file."
DATA_HELP = "数据目录（默认 data/ 或 $GRASSROOTS_DATA_DIR）/ data folder (snapshots, outbox, audit log)."


def _setup(secrets: Path | None, data_dir: Path | None):
    from grassroots import desk
    from grassroots.access import audit
    from grassroots.push import config
    from grassroots.store import snapshots

    try:
        settings = config.load_file([secrets] if secrets else config.secrets_files(snapshots.REPO), set(desk.district_codes()))
    except (config.PushConfigError, ValueError) as err:
        raise click.ClickException(str(err)) from None
    if settings is None or not settings.recipients:
        raise click.ClickException("密钥文件中没有 [push] 收件方 / no [push] recipients in the secrets file")
    base = data_dir or snapshots.data_dir()
    return settings, base, audit.AuditLog(base / audit.FILE), audit.Actor(f"cli:{getpass.getuser()}", ("clerk",))


def _report(outcomes) -> None:
    from grassroots.push import deliver

    for o in outcomes:
        click.echo(deliver.line(o))
    if not outcomes:
        click.echo("没有需要发送的消息 / nothing to send")
    if any(o.state != "sent" for o in outcomes):
        sys.exit(1)


@click.group("push", context_settings=CONTEXT, epilog=examples(f"{RUN} send --week 2026-11-20 --dry-run", f"{RUN} retry"))
def push_group() -> None:
    """推送周报与预警（邮件、企业微信、钉钉）/ push the brief and alerts to mail and work chat."""


@push_group.command(context_settings=CONTEXT, epilog=examples(
    f"{RUN} send --week 2026-11-20 --dry-run", f"{RUN} send --week 2026-11-20",
    f"{RUN} send --week 2026-11-20 --recipient xincheng-dingtalk --again",
    f"{RUN} send --week 2026-11-20 --secrets /etc/grassroots/secrets.toml --data-dir /srv/grassroots/data"))
@click.option("--week", required=True, type=click.DateTime(["%Y-%m-%d"]), help="快照的截止日期 YYYY-MM-DD / the snapshot's as-of date.")
@click.option("--recipient", default=None, help="只发给这个收件方（[push] 中的 name）/ only this recipient.")
@click.option("--again", is_flag=True, help="已发送过的也再发一次 / send again what was already sent.")
@click.option("--dry-run", is_flag=True, help="只显示将发给谁、发什么，不发送不记录 / show what would go where; send nothing.")
@click.option("--secrets", type=click.Path(path_type=Path, dir_okay=False), default=None, help=SECRETS_HELP)
@click.option("--data-dir", type=click.Path(path_type=Path, file_okay=False), default=None, help=DATA_HELP)
def send(week: dt.datetime, recipient: str | None, again: bool, dry_run: bool, secrets: Path | None,
         data_dir: Path | None) -> None:
    """发送（或重发）某周的周报 / send or resend a week's brief.

    每个收件方每周只发一次（幂等键：周 × 收件方 × 渠道）；--again 再发一次。
    Once per week, recipient and channel; --again sends once more.
    """
    from grassroots.push import deliver
    from grassroots.push.config import PushConfigError

    settings, base, log, actor = _setup(secrets, data_dir)
    try:
        chosen = [settings.recipient(recipient)] if recipient else list(settings.recipients)
    except PushConfigError as err:
        raise click.ClickException(str(err)) from None
    as_of = week.date().isoformat()
    if dry_run:
        _dry_run(base, settings, as_of, chosen, again)
        return
    try:
        keys = deliver.owe(base, settings, as_of, recipients=chosen)
    except LookupError as err:
        raise click.ClickException(str(err)) from None
    if again:
        box = deliver.outbox_of(base, settings)
        for key in keys:
            if box.again(key):
                log.record(actor, "push", "resend", key=key)
    _report(deliver.deliver(base, settings, log, actor, keys=keys))


def _dry_run(base: Path, settings, as_of: str, chosen, again: bool) -> None:
    from grassroots.outputs.brief import find_snapshot
    from grassroots.push import compose, deliver
    from grassroots.push.outbox import key_of

    try:
        snapshot = find_snapshot(dt.date.fromisoformat(as_of), base)
    except LookupError as err:
        raise click.ClickException(str(err)) from None
    box = deliver.outbox_of(base, settings)
    for r in chosen:
        row = box.get(key_of(as_of, r.name, r.kind, deliver.BRIEF))
        state = "将发送 / would send" if row is None or row.state != "sent" or again else "已发送，不再发送（--again 可重发）/ already sent"
        message = compose.brief_message(snapshot, r, settings.base_url, pdf=False)
        click.echo(f"== {r.name} · {r.kind} → {deliver.shown_address(r)} · {r.district or '全市'} · {r.lang} · {state}")
        click.echo(f"{'主题 / subject' if r.kind == 'mail' else '标题 / title'}：{message.title}")
        click.echo(message.text if r.kind == "mail" else message.markdown)
        if r.kind == "mail":
            click.echo(f"（附件 / attachment: PDF 周报）")
        click.echo("")


@push_group.command(context_settings=CONTEXT, epilog=examples(f"{RUN} retry", f"{RUN} retry --data-dir /srv/grassroots/data --secrets /etc/grassroots/secrets.toml"))
@click.option("--secrets", type=click.Path(path_type=Path, dir_okay=False), default=None, help=SECRETS_HELP)
@click.option("--data-dir", type=click.Path(path_type=Path, file_okay=False), default=None, help=DATA_HELP)
def retry(secrets: Path | None, data_dir: Path | None) -> None:
    """发送到期的重试与排队的消息（由定时器调用）/ send the queued messages and retries that are due."""
    from grassroots.push import deliver

    settings, base, log, actor = _setup(secrets, data_dir)
    _report(deliver.deliver(base, settings, log, actor))


@click.group("alerts", context_settings=CONTEXT, epilog=examples(ALERTS))
def alerts_group() -> None:
    """预警规则（grassroots/catalogue/alerts.toml）/ alert rules."""


@alerts_group.command(context_settings=CONTEXT, epilog=examples(
    ALERTS, f"{ALERTS} --week 2026-11-20", f"{ALERTS} --dry-run", f"{ALERTS} --secrets /etc/grassroots/secrets.toml --data-dir /srv/grassroots/data"))
@click.option("--week", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="检查这期快照的预警（默认：检查本周报送截止时未报送的旗县区）/ a snapshot's alerts instead of the deadline's.")
@click.option("--dry-run", is_flag=True, help="只列出触发的预警，不发送 / list what fires; send nothing.")
@click.option("--secrets", type=click.Path(path_type=Path, dir_okay=False), default=None, help=SECRETS_HELP)
@click.option("--data-dir", type=click.Path(path_type=Path, file_okay=False), default=None, help=DATA_HELP)
def check(week: dt.datetime | None, dry_run: bool, secrets: Path | None, data_dir: Path | None) -> None:
    """检查预警并推送（每条规则 × 范围 × 周最多一次）/ check the alert rules and push what fires, once."""
    from grassroots.outputs.brief import find_snapshot
    from grassroots.push import alerts, deliver

    settings, base, log, actor = _setup(secrets, data_dir)
    from grassroots.store import snapshots

    try:
        snapshot = find_snapshot(week.date(), base) if week else None
    except LookupError as err:
        raise click.ClickException(str(err)) from None
    found = alerts.on_snapshot(snapshot) if snapshot else alerts.missing_at_deadline(base, dt.datetime.now(dt.timezone.utc))
    listed = snapshots.list_snapshots(base)
    demo = snapshot.is_demo if snapshot else bool(listed and listed[-1].is_demo)  # the 示例数据 mark goes with demo data
    for a in found:
        click.echo(f"[{a.rule} · {a.version}] {a.scope} {a.week}: {a.zh}")
    if not found:
        click.echo("没有触发的预警 / no alert fires")
    if dry_run or not found:
        return
    _report(deliver.deliver(base, settings, log, actor, keys=alerts.owe(base, settings, found, demo)))
