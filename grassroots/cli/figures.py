"""`python -m grassroots figures …`: the figures stored with each snapshot (grassroots/store/recompute.py)."""

from __future__ import annotations

import getpass
from pathlib import Path

import click

from grassroots.access import audit
from grassroots.cli.common import CONTEXT, examples
from grassroots.store import snapshots, warehouse
from grassroots.store.recompute import recompute as recompute_all

RUN = "python -m grassroots figures"


@click.group(context_settings=CONTEXT, epilog=examples(f"{RUN} version", f"{RUN} recompute"))
def figures() -> None:
    """发布时存档的指标 / the figures stored with each snapshot."""


@figures.command(context_settings=CONTEXT, epilog=examples(f"{RUN} version", f"{RUN} version --data-dir /srv/grassroots/data"))
@click.option("--data-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="数据目录（默认 data/ 或 $GRASSROOTS_DATA_DIR）/ data folder.")
def version(data_dir: Path | None) -> None:
    """当前程序的指标口径版本，及每期快照存档时所用的版本 / the definitions version of the code and of each snapshot."""
    current = warehouse.definitions_version()
    click.echo(f"当前程序的口径版本 / current definitions: {current}")
    for snap in snapshots.list_snapshots(data_dir or snapshots.data_dir()):
        stored = snap.definitions or "—"
        click.echo(f"  {snap.as_of}  {stored}{'' if stored == current else '  ← 与当前不同 / differs'}")


@figures.command(context_settings=CONTEXT, epilog=examples(f"{RUN} recompute",
                                                          f"{RUN} recompute --data-dir /srv/grassroots/data",
                                                          f"{RUN} recompute --if-stale"))
@click.option("--data-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="数据目录（默认 data/ 或 $GRASSROOTS_DATA_DIR）/ data folder.")
@click.option("--if-stale", is_flag=True,
              help="只在有快照按其他口径存档时重算（发布新版本后、make run 时用）/ only when a snapshot was stored by other definitions.")
def recompute(data_dir: Path | None, if_stale: bool) -> None:
    """口径改变后按当前口径重算所有快照存档的指标 / recompute every snapshot's stored figures with today's definitions."""
    base = data_dir or snapshots.data_dir()
    current = warehouse.definitions_version()
    if if_stale and all(s.definitions == current for s in snapshots.list_snapshots(base)):
        click.echo(f"各期快照均按当前口径 {current} 存档，无需重算 / every snapshot is stored by the current definitions")
        return
    try:
        done = recompute_all(base, progress=click.echo)
    except (ValueError, snapshots.RefreshBusy) as err:
        raise click.ClickException(str(err)) from None
    try:
        audit.AuditLog(base / audit.FILE).record(audit.Actor(f"cli:{getpass.getuser()}", ("clerk",)), "recompute", "ok",
                                                 snapshots=len(done), definitions=warehouse.definitions_version())
    except Exception as exc:  # the log must not undo the recompute, nor hide why it was not recorded
        click.secho(f"  ! 审计日志未能记录本次重算：{type(exc).__name__}: {exc}", fg="yellow", err=True)
    click.echo(f"已重算 {len(done)} 期快照的指标 / recomputed {len(done)} snapshots")
