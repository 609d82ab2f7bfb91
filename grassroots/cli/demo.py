"""`python -m grassroots demo`: demo data written as districts send it and published through the real refresh
(grassroots/demo/)."""

from __future__ import annotations

from pathlib import Path

import click

from grassroots.cli.common import CONTEXT, examples
from grassroots.demo import WEEKS, build, iter_inboxes
from grassroots.demo.world import LAST_AS_OF, MAX_WEEKS, World
from grassroots.store import snapshots

RUN = "python -m grassroots demo"


@click.command(context_settings=CONTEXT, epilog=examples(
    RUN, f"{RUN} --inboxes-only --data-dir /tmp/demo", f"{RUN} --scale 2 --weeks 30 --data-dir /tmp/demo",
    f"{RUN} --scale 100 --weeks 520 --inboxes-only --data-dir /tmp/bench",
    f"{RUN} --scale 100 --weeks 520 --drop-inboxes --data-dir bench/data/scale100-weeks520"))
@click.option("--data-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="数据目录（默认 data/ 或 $GRASSROOTS_DATA_DIR）/ data folder.")
@click.option("--inboxes-only", is_flag=True,
              help="只生成报送目录 <数据目录>/demo_inbox/，不发布快照 / write the inboxes, publish nothing.")
@click.option("--scale", type=int, default=1, show_default=True, metavar="N",
              help="社区、网格、观察点及其周报、志愿服务、法律援助、反面案例均为 N 倍（只有 1 倍时最后一周与公开数字一致）"
                   " / N times the communities, grids, points and events.")
@click.option("--weeks", type=int, default=WEEKS, show_default=True, metavar="W",
              help=f"快照周数（至多 {MAX_WEEKS}；多出的周排在改革 26 周之前，最后一周仍为 {LAST_AS_OF}）"
                   " / weeks of snapshots, ending on the same Friday.")
@click.option("--drop-inboxes", is_flag=True,
              help="每周发布后删除其报送目录（保留最后一周）/ delete each week's inbox once published, all but the last.")
def demo(data_dir: Path | None, inboxes_only: bool, scale: int, weeks: int, drop_inboxes: bool) -> None:
    """生成示例数据并通过刷新流程发布快照 / make the demo data and publish it through the real refresh."""
    base = data_dir or snapshots.data_dir()
    try:
        world = World(scale=scale, weeks=weeks)
    except ValueError as err:
        raise click.BadParameter(str(err)) from None
    if inboxes_only:
        for _ in iter_inboxes(base / "demo_inbox", world=world, progress=click.echo):
            pass
    else:
        build(base, world=world, drop_inboxes=drop_inboxes)
