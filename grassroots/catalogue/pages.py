"""Page titles, once, in both languages. The four area pages are titled by their area
(tables.AREAS), so a page and the overview's section for the same area can never differ."""

from __future__ import annotations

from grassroots.catalogue.tables import AREAS

TITLES: dict[str, tuple[str, str]] = {
    "overview": ("总览", "Overview"),
    **{area: AREAS[area] for area in ("restructuring", "burden", "workforce", "cogovernance")},
    "tasks": ("督办", "Tasks (督办)"),
    "league": ("红黑榜", "District league"),
    "explore": ("数据探索", "Explore"),
    "compare": ("快照对比", "Compare snapshots"),
    "desk": ("数据报送", "Data desk"),
    "audit": ("审计日志", "Audit log"),
}


# The wall screen's playlist (app/wall.py, `?wall=1`): the leader pages, each shown WALL_SECONDS.
WALL_PAGES = ("overview", "restructuring", "burden", "workforce", "cogovernance")
WALL_SECONDS = 30


def title(page: str, lang: str = "zh") -> str:
    zh, en = TITLES[page]
    return en if lang == "en" else zh
