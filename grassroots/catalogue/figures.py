"""The figure catalogue: every headline figure with its 口径 card, unit, target and status rule.

Values are never here: they are computed from the snapshot by queries/headline_figures.sql.
The figures are data, in figures/ beside this file: shared.toml (the areas' owners and sources,
the frequencies), then one file per area with one [[figure]] entry each, read strictly: an unknown, missing or mistyped key,
a figure declared twice, or an area, frequency or source that is not declared stops the program
with the file, the figure and the key. Targets and thresholds are read from targets.toml (versioned).
"""

from __future__ import annotations

import copy
import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from grassroots.catalogue import units
from grassroots.catalogue.datafiles import (ENTRIES, PAIR, TABLE, TEXT, UNIT, check, either, entries, fail, keys_of,
                                             name, read)

TARGETS_FILE = Path(__file__).with_name("targets.toml")
FIGURES_DIR = Path(__file__).with_name("figures")  # shared.toml, then one file per area
DEFAULT_FREQUENCY = "weekly"  # a figure that names none

Text = tuple[str, str]  # (Chinese, English)


def read_folder(folder: Path) -> list[tuple[Path, dict]]:
    """The figures folder as read: (file, data) of shared.toml, then of each area's file, in the
    order shared.toml lists the areas. A file that is missing, or that no area names, stops it."""
    shared = folder / "shared.toml"
    data = read(shared)
    check(str(shared), data, {"areas": TABLE, "frequencies": TABLE, "sources": TABLE}, ("areas", "frequencies"))
    files = [folder / f"{area}.toml" for area in data["areas"]]
    stray = sorted(p.name for p in folder.glob("*.toml") if p != shared and p not in files)
    if stray:
        fail(str(folder), stray[0], "is no area's file: an area's figures go in <area>.toml, its area in shared.toml")
    for file in files:
        if not file.is_file():
            fail(str(shared), file.stem, f"is an area without its file {file.name}")
    return [(shared, data), *((file, read(file)) for file in files)]


def _shared(path: Path, data: dict) -> tuple[dict[str, tuple[Text, Text]], dict[str, Text], dict[str, Text]]:
    """(areas: owner and source, frequencies, sources) of shared.toml."""
    areas = {area: check(f"{path}: area {area!r}", keys, {"owner": PAIR, "source": PAIR}, ("owner", "source"))
             for area, keys in data["areas"].items()}
    frequencies, sources = data["frequencies"], data.get("sources", {})
    check(f"{path}: [frequencies]", frequencies, dict.fromkeys(frequencies, PAIR), (DEFAULT_FREQUENCY,))
    check(f"{path}: [sources]", sources, dict.fromkeys(sources, PAIR))
    return ({area: (tuple(keys["owner"]), tuple(keys["source"])) for area, keys in areas.items()},
            {k: tuple(v) for k, v in frequencies.items()}, {k: tuple(v) for k, v in sources.items()})


# Who answers for each area, and where its numbers come from, unless a figure says otherwise.
AREA_DEFAULTS, FREQUENCIES, SOURCES = _shared(*(_FILES := read_folder(FIGURES_DIR))[0])
WEEKLY: Text = FREQUENCIES["weekly"]
FIXED: Text = FREQUENCIES["fixed"]
CITY_TABLE: Text = SOURCES["city_table"]


@dataclass(frozen=True)
class Figure:
    id: str
    area: str
    zh: str
    en: str
    unit_zh: str  # its English is derived (catalogue/units.py)
    meaning: str  # 业务含义
    rule: str  # 计算规则
    frequency: Text = WEEKLY  # 更新频率
    owner: Text | None = None  # 责任部门 (default: the area's)
    source: Text | None = None  # 数据来源 (default: the area's)
    meaning_en: str = ""
    rule_en: str = ""
    stock: bool = False  # counts what stands now: its band holds per district too (checks/plausibility.py)

    @property
    def unit_en(self) -> str:
        return units.english(self.unit_zh)


# A [[figure]] entry: a Figure's keys; frequency names one of [frequencies], source one of [sources]
# or is [Chinese, English].
FIGURE, FIGURE_REQUIRED = keys_of(Figure, unit_zh=UNIT, frequency=TEXT, source=either(TEXT, PAIR))


def load(path: Path = FIGURES_DIR, files: list[tuple[Path, dict]] | None = None
         ) -> tuple[dict[str, tuple[Text, Text]], dict[str, Figure]]:
    """(the areas' owner and source, every figure in the files' order) of a figures folder
    (`files`: as read_folder read it)."""
    files = read_folder(path) if files is None else files
    areas, frequencies, sources = _shared(*files[0])
    out: dict[str, Figure] = {}
    seen: dict[str, str] = {}
    for file, data in files[1:]:
        check(str(file), data, {"figure": ENTRIES}, ("figure",))
        for where, entry in entries(file, data["figure"], "figure", "id", seen):
            values = dict(check(where, entry, FIGURE, FIGURE_REQUIRED))
            name(where, "area", values["area"], areas, "area")
            values["frequency"] = name(where, "frequency", values.get("frequency", DEFAULT_FREQUENCY), frequencies,
                                       "frequency")
            if isinstance(values.get("source"), str):
                values["source"] = name(where, "source", values["source"], sources, "source")
            for key in ("source", "owner"):
                if isinstance(values.get(key), list):
                    values[key] = tuple(values[key])
            out[values["id"]] = Figure(**values)
    return areas, out


FIGURES: dict[str, Figure] = load(FIGURES_DIR, _FILES)[1]


def load_targets() -> dict:
    """targets.toml: version, status thresholds and the target of each headline figure. Read again
    when the file changes (its size and time), otherwise kept: pages read it several times a run.
    Callers get their own copy."""
    stat = TARGETS_FILE.stat()
    return copy.deepcopy(_targets(stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=2)
def _targets(_mtime: int, _size: int) -> dict:
    with TARGETS_FILE.open("rb") as f:
        return tomllib.load(f)


def status(figure_id: str, value: float | None, config: dict | None = None) -> tuple[str, float | None]:
    """(done | on_track | behind | info, progress 0..1) by the rule in targets.toml."""
    config = config or load_targets()
    target = config["targets"].get(figure_id)
    if target is None or value is None:
        return "info", None
    goal, baseline = target["target"], target.get("baseline", 0)
    span = goal - baseline
    progress = 1.0 if span == 0 else max(0.0, (value - baseline) / span)
    thresholds = config["status"]
    if progress >= thresholds["done_at"]:
        return "done", progress
    if progress >= target.get("on_track_at", thresholds["on_track_at"]):
        return "on_track", progress
    return "behind", progress
