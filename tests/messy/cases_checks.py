"""The messy corpus: keys, and last week against this week."""

from __future__ import annotations

from . import edits as e
from .case import case, set_value


# ------------------------------------------------------------------ keys
@case("duplicate_row", "同一支队伍报了两次", refused=[("duplicate_key", "volunteer_teams.csv", 5, "team_id")])
def _(inbox):
    table = e.rows(inbox, "volunteer_teams")
    e.write(inbox, "volunteer_teams", table + [table[2]])


# ------------------------------------------------------------------ plausibility
def _fewer_workers(frames):
    set_value(frames, "workforce", "community_workers", 30)


def _thirty_workers_everywhere(inbox):
    table = e.rows(inbox, "workforce")
    i = e.col(table, "社区工作者")
    for r in table[1:]:
        r[i] = "30"
    e.write(inbox, "workforce", table)


case("stock_falls_too_far", "各区社区工作者都从 50 报成了 30（填错了列）",
     refused=[("implausible_change", None, None, "community_workers"),
              ("implausible_change", None, None, "workers_per_10k_urban")])(_thirty_workers_everywhere)
case("accepted_change", "同样的下降，但确属实际变化：--accept-change 后发布并记录",
     meant=_fewer_workers, accept=("community_workers", "workers_per_10k_urban"))(_thirty_workers_everywhere)
