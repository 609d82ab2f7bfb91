"""The weekly refresh: validate one week of district reports and publish a snapshot.

`python refresh.py …` (the weekly script cron and systemd run) and `python -m grassroots refresh …`
are this one command; grassroots/store/pipeline.py does the work.
"""

from __future__ import annotations

import datetime as dt
import getpass
import sys
import traceback
from pathlib import Path

import click

from grassroots import desk
from grassroots.access import audit
from grassroots.catalogue.figures import FIGURES
from grassroots.catalogue.tables import REPORTS, TABLES
from grassroots.cli.common import CONTEXT, examples
from grassroots.intake.templates import write_templates
from grassroots.store import snapshots
from grassroots.store.pipeline import RefreshResult, run_refresh

RUN = "python refresh.py"

AFTER = """\b
报送目录中每类报表一个文件（CSV 可为 UTF-8 或 GBK，或 Excel .xlsx），
文件名为报表英文名或中文名，可按旗县区拆成多个文件（grids__150102.csv）：
""" + "\n".join(f"  {t.name:<24} {t.zh}{'（本周新增）' if t.kind == 'event' else ''}" for t in REPORTS) + """

\b
--accept-change 可用的指标代码 / figure ids:
""" + "\n".join(f"  {f.id:<34} {f.zh}" for f in FIGURES.values())


@click.command(context_settings=CONTEXT, epilog=examples(
    f"{RUN} --inbox inbox/2026-11-27 --as-of 2026-11-27",
    f"{RUN} --check --inbox inbox/2026-11-27 --as-of 2026-11-27",
    f"{RUN} --inbox inbox/2026-11-27 --as-of 2026-11-27 --accept-change community_workers",
    f"{RUN} --inbox inbox/2026-11-27 --as-of 2026-11-27 --force",
    f"{RUN} --inbox inbox/2026-11-27 --as-of 2026-11-27 --brief briefs/",
    f"{RUN} --inbox /srv/grassroots/inbox/2026-11-27 --as-of 2026-11-27 --data-dir /srv/grassroots/data",
    f"{RUN} --inbox inbox/2026-11-27 --as-of 2026-11-27 --debug",
    f"{RUN} --inbox inbox/2026-11-27 --as-of 2026-11-27 --push queue",
    f"{RUN} --verify",
    f"{RUN} --templates templates/", after=AFTER))
@click.option("--inbox", type=click.Path(path_type=Path, file_okay=False),
              help="本周报送目录 / folder with this week's report files.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]),
              help="截止日期 YYYY-MM-DD（本周最后一天）/ last day of the reported week.")
@click.option("--check", "check_only", is_flag=True,
              help="只校验不发布（旗县区报送前自查），退出码 0 通过 / 1 有问题 / validate without publishing.")
@click.option("--accept-change", "accept", multiple=True, metavar="FIGURE_ID",
              help="确认某指标超出每周变化范围的变化属实并发布（可重复）/ publish a confirmed large change of this figure.")
@click.option("--data-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="数据目录，快照写入其下 snapshots/（默认 data/ 或 $GRASSROOTS_DATA_DIR）.")
@click.option("--force", is_flag=True, help="覆盖已发布的同日快照 / replace a published snapshot of the same date.")
@click.option("--verify", is_flag=True, help="核对所有已发布快照的校验和后退出 / check every published snapshot's checksums.")
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path, file_okay=False),
              help="在此目录生成空白报表模板（Excel 与 CSV）后退出 / write blank templates and exit.")
@click.option("--brief", "brief_dir", type=click.Path(path_type=Path, file_okay=False),
              help="发布后在此目录写出本周全市周报（PDF 一页 A4 与 Excel），便于邮件分发 / write the week's brief here after publishing.")
@click.option("--push", "push_mode", type=click.Choice(["send", "queue", "off"]), default="send", show_default=True,
              help="发布后把周报推送给密钥文件 [push] 中的收件方：send 立即发送，queue 只排队（push retry 发送），off 不推送 / "
                   "push the brief after publishing.")
@click.option("--debug", is_flag=True, help="内部错误时打印完整的 Python 错误信息 / show a traceback on an internal error.")
def refresh(inbox: Path | None, as_of: dt.datetime | None, check_only: bool, accept: tuple[str, ...],
         data_dir: Path | None, force: bool, verify: bool, templates_dir: Path | None, brief_dir: Path | None,
         push_mode: str, debug: bool) -> None:
    """校验一周的旗县区报送并发布快照；有任何问题则不发布。

    Validate one week of district reports and publish data/snapshots/<as-of>/ (Parquet + manifest.json).
    Nothing is published if any check fails; every problem is listed with file, row, column, rule
    and what to do.
    """
    try:
        if templates_dir:
            paths = write_templates(templates_dir)
            click.echo(f"已生成 {len(paths)} 个模板文件于 {templates_dir}")
            return
        base = data_dir or snapshots.data_dir()
        if verify:
            sys.exit(_verify(base))
        if inbox is None or as_of is None:
            raise click.UsageError("需要 --inbox 与 --as-of（或 --templates、--verify）")
        if brief_dir and check_only:
            raise click.UsageError("--brief 在发布后生成周报，不能与 --check 同用")
        result = run_refresh(inbox, as_of.date(), base=base, force=force, accept_changes=accept,
                             check_only=check_only, progress=lambda m: click.echo(m, err=True),
                             anchor=audit.AuditLog(base / audit.FILE).anchor)
    except (click.ClickException, SystemExit):
        raise
    except Exception as exc:  # a bug of ours, not a district's mistake: one line, no traceback by default
        if debug:
            traceback.print_exc()
        click.secho(f"✗ 内部错误，未发布任何快照：{type(exc).__name__}: {exc}（加 --debug 查看详情）", fg="red", err=True)
        sys.exit(2)
    if not check_only:
        _audit(data_dir or snapshots.data_dir(), as_of.date(), result, accept, force)
    for note in result.notes:
        click.echo(f"  · {note}", err=True)
    for warning in result.warnings:  # published anyway: the district should look
        click.secho(f"  ! {warning}", fg="yellow", err=True)
    if not result.ok:
        verb = "未通过" if check_only else "未发布"
        click.secho(f"\n✗ {verb}：{len(result.problems)} 个问题 / {'check failed' if check_only else 'not published'}: "
                    f"{len(result.problems)} problem(s)", fg="red", err=True)
        for p in result.problems:
            click.echo(f"  - {p}", err=True)
        sys.exit(1)
    if check_only:
        click.secho(f"\n✓ 校验通过：{as_of.date()} 的报送可以发布（未写入任何快照）", fg="green")
        return
    _summary(result, data_dir or snapshots.data_dir())
    if push_mode != "off":
        _push(data_dir or snapshots.data_dir(), as_of.date(), push_mode == "send")
    if brief_dir:
        sys.exit(_brief(as_of.date(), data_dir or snapshots.data_dir(), brief_dir, debug))


def _summary(result: RefreshResult, base: Path) -> None:
    m = result.manifest
    click.secho(f"\n✓ 已发布快照 {m['as_of']} → {result.snapshot}", fg="green")
    prev = m.get("previous_snapshot")
    prev_counts = {}
    if prev:
        prev_snap = next((s for s in snapshots.list_snapshots(base) if s.as_of.isoformat() == prev), None)
        prev_counts = prev_snap.manifest.get("row_counts", {}) if prev_snap else {}
    click.echo(f"  {'表':<26}{'行数':>8}{'较上期':>10}")
    for name, n in sorted(m["row_counts"].items()):
        delta = f"{n - prev_counts[name]:+d}" if name in prev_counts else "新"
        click.echo(f"  {TABLES[name].zh:<22}{n:>8}{delta:>10}")
    for c in m.get("accepted_changes", []):
        click.echo(f"  已确认的变化：{FIGURES[c['figure']].zh} {c['from']:g} → {c['to'] if c['to'] is not None else '无'}"
                   f"{'（' + c['district'] + '）' if c['district'] else ''}")
    v = m["validation"]
    click.echo(f"  文件 {v['files']} 个，数据行 {v['rows']} 行，校验通过；{'示例数据' if m['demo'] else '正式数据'}；{m['code_version']}")


def _brief(as_of: dt.date, base: Path, out_dir: Path, debug: bool) -> int:
    """The city's brief of the snapshot just published; the snapshot stands even if this fails."""
    try:
        from grassroots.outputs import brief

        paths = brief.write(brief.find_snapshot(as_of, base), out_dir)
    except (Exception, SystemExit) as exc:  # noqa: BLE001 — one line, non-zero so cron mails the log
        if debug:
            traceback.print_exc()
        click.secho(f"✗ 快照已发布，但周报生成失败：{type(exc).__name__}: {exc}", fg="red", err=True)
        return 3
    for p in paths:
        click.echo(f"  周报：{p}")
    return 0


def _push(base: Path, as_of: dt.date, send: bool) -> None:
    """The week's brief to the [push] recipients; the snapshot stands whatever happens here."""
    try:
        from grassroots.push import config, deliver

        settings = config.load_file(config.secrets_files(snapshots.REPO), set(desk.district_codes()))
        log = audit.AuditLog(base / audit.FILE)
        actor = audit.Actor(f"cli:{getpass.getuser()}", ("clerk",))
        lines = deliver.after_publish(base, settings, as_of.isoformat(), log, actor, send=send)
    except Exception as exc:  # noqa: BLE001 — a bad [push] section must not fail a publish either
        lines = [f"推送未能进行（快照已发布）：{type(exc).__name__}: {exc}"]
    for line in lines:
        click.echo(f"  {line}", err=True)


def _audit(base: Path, as_of: dt.date, result: RefreshResult, accept: tuple[str, ...], force: bool) -> None:
    """Publishes from the command line go into the same audit log as the data desk's (cli:<os user>)."""
    try:
        actor = audit.Actor(f"cli:{getpass.getuser()}", ("clerk",))
        desk.record_publish(audit.AuditLog(base / audit.FILE), actor, as_of, result, accept, force)
        if result.ok:  # the week's 督办 tasks are checked against its figures, as at the desk's publish
            from grassroots.desk import tasks

            tasks.evaluate(base, as_of, actor=actor, audit=audit.AuditLog(base / audit.FILE))
    except Exception as exc:  # the log must not undo a publish, nor hide why it could not be written
        click.secho(f"  ! 审计日志未能记录本次运行：{type(exc).__name__}: {exc}", fg="yellow", err=True)


def _verify(base: Path) -> int:
    listed = snapshots.list_snapshots(base, deep=True)
    damaged = [s for s in listed if s.damaged]
    for s in damaged:
        click.secho(f"✗ {s.as_of} 已损坏：{'、'.join(s.damaged)}", fg="red")
    click.echo(f"{len(listed)} 个快照，{len(damaged)} 个损坏")
    return 1 if damaged else 0
