"""The messy corpus: rows that contradict the world they describe (relations the catalogue declares,
checks/relations.py), stocks that jump in one district, and events repeated under new ids."""

from __future__ import annotations

import polars as pl

from . import edits as e
from .case import case, one_cell, set_value


# ------------------------------------------------------------------ relations between rows
one_cell([
    ("community_under_another_districts_street", "回民区的乙一社区，上级单位填成了新城区的甲街道",
     ("units", 5, "上级单位代码", "150102005"), dict(refused=[("relation_mismatch", "units.csv", 5, "parent_code")])),
    ("street_under_another_district", "玉泉区的丙街道，上级单位填成了赛罕区（旗县区代码）",
     ("units", 6, "上级单位代码", "150105"), dict(refused=[("relation_mismatch", "units.csv", 6, "parent_code")])),
])


@case("two_grids_with_districts_swapped", "两个网格的旗县区代码对调了（各自的社区都在另一个区）",
      refused=[("relation_mismatch", "grids.csv", 2, "community_code"),
               ("relation_mismatch", "grids.csv", 3, "community_code")])
def _(inbox):
    e.set_cell(inbox, "grids", 2, "旗县区代码", "150103")
    e.set_cell(inbox, "grids", 3, "旗县区代码", "150102")


one_cell([("legal_aid_at_another_districts_community", "赛罕区的法律援助记在了新城区的社区",
           ("legal_aid_cases", 2, "社区代码", "150102005002"),
           dict(refused=[("relation_mismatch", "legal_aid_cases.csv", 2, "unit_code")]))])


# ------------------------------------------------------------------ a district's stock
def _workers_counted_twice(inbox):
    """和林格尔县 counts 90 community workers where it had 50; the city's 500 become 540 (+8%, inside its band)."""
    e.set_cell(inbox, "workforce", e.row_of(inbox, "workforce", "旗县区代码", "150123"), "社区工作者", "90")


case("district_stock_jumps_inside_the_city_band", "和林格尔县的社区工作者由 50 报成 90（重复统计），全市只多 8%",
     refused=[("implausible_change", None, None, "community_workers")])(_workers_counted_twice)
case("district_stock_jump_accepted", "同样的增加确属实际（新招录）：--accept-change 后发布并记录",
     meant=lambda f: set_value(f, "workforce", "community_workers", 90, ("district_code", "150123")),
     accept=("community_workers",))(_workers_counted_twice)


# ------------------------------------------------------------------ events repeated under new ids
def _sessions(inbox, *extra):
    """The week's sessions (one, 新城区's VS00002), with more rows: (id, any cells changed by label)."""
    table = e.rows(inbox, "volunteer_sessions")
    for new_id, changes in extra:
        row = list(table[1])
        row[e.col(table, "场次编号")] = new_id
        for label, value in changes.items():
            row[e.col(table, label)] = value
        table.append(row)
    e.write(inbox, "volunteer_sessions", table)
    return table


def _session_rows(frames, *ids_and_changes):
    first = frames["volunteer_sessions"].filter(pl.col("session_id") == "VS00002")
    added = [first.with_columns(session_id=pl.lit(i), **{k: pl.lit(v, first.schema[k]) for k, v in c.items()})
             for i, c in ids_and_changes]
    frames["volunteer_sessions"] = pl.concat([frames["volunteer_sessions"], *added])


@case("one_session_handed_in_twice", "同一场志愿服务换了个编号又报了一次：发布，但提示核对",
      warned=[("repeated_event", "volunteer_sessions.csv", 3, "session_id")],
      meant=lambda f: _session_rows(f, ("VS09001", {})))
def _(inbox):
    _sessions(inbox, ("VS09001", {}))


@case("a_districts_sessions_all_twice", "新城区本周的志愿服务全部换了编号又报了一遍",
      refused=[("repeated_events", "volunteer_sessions.csv", None, None)])
def _(inbox):
    _sessions(inbox, ("VS00003", {"服务对象": "一幼"}), ("VS09001", {}), ("VS09002", {"服务对象": "一幼"}))


@case("two_sessions_alike_but_one_community_unknown", "两场服务同一天、同一队伍，一场没填社区：不算重复",
      meant=lambda f: _session_rows(f, ("VS09001", {"unit_code": None})))
def _(inbox):
    _sessions(inbox, ("VS09001", {"社区代码": ""}))
