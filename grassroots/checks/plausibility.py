"""Plausibility of a week against the last published one: a figure that moves too far stops the refresh.

Validation checks each cell and report; this checks what a leader will read. If one district's
rows are left out of a state report, every cell is valid but the city's community workers fall
by a third: the refresh stops, names the figure, both values and the districts that moved it.
When the change is real, the department publishes it with `--accept-change FIGURE_ID`; the
acceptance is recorded in the manifest and shown on the pages' freshness line.

Bands are configured in targets.toml ([plausibility]); the figures are computed by the same SQL
the pages use (grassroots/store/staging/stg_figures.sql), on the staged snapshot beside the previous one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import polars as pl

from grassroots.catalogue import fmt
from grassroots.catalogue.figures import FIGURES
from grassroots.catalogue.rules import Problem


@dataclass(frozen=True)
class Change:
    figure_id: str
    district: str | None  # None = the whole city
    before: float
    after: float | None
    rule: str  # "falls" | "rises" | "vanishes"
    limit: float  # the band's limit in per cent

    @property
    def pct(self) -> float | None:
        return None if self.after is None or not self.before else 100 * (self.after - self.before) / self.before

    def as_record(self) -> dict:
        return {"figure": self.figure_id, "district": self.district, "from": self.before, "to": self.after}


def band(config: dict, figure_id: str) -> tuple[float, float]:
    section = config.get("plausibility", {})
    b = {**section.get("default", {}), **section.get("figures", {}).get(figure_id, {})}
    return float(b.get("fall_pct", math.inf)), float(b.get("rise_pct", math.inf))


def out_of_band(now: pl.DataFrame, before: pl.DataFrame, config: dict) -> list[Change]:
    """Changes outside their band. Frames: district_code (null = city), figure_id, value, city_only.

    A district's fall is reported only when the city's figure stays inside its band: otherwise
    the city's message already names the districts that moved it.
    """
    key = ["district_code", "figure_id"]
    joined = before.select(*key, pl.col("value").alias("before"), "city_only").join(
        now.select(*key, pl.col("value").alias("after")), on=key, how="left", nulls_equal=True)
    city, districts = [], []
    for r in joined.sort(pl.col("district_code").is_not_null(), "figure_id", "district_code").iter_rows(named=True):
        fid, district, p, v = r["figure_id"], r["district_code"], r["before"], r["after"]
        if fid not in FIGURES or p is None or p <= 0:
            continue
        if district is not None and (r["city_only"] or any(c.figure_id == fid for c in city)):
            continue  # the city's value repeated per district, or already reported for the city
        fall, rise = band(config, fid)
        found = city if district is None else districts
        if v is None or v == 0:
            found.append(Change(fid, district, p, v, "vanishes", fall))
        elif v < p * (1 - fall / 100):
            found.append(Change(fid, district, p, v, "falls", fall))
        elif district is None and v > p * (1 + rise / 100):
            found.append(Change(fid, district, p, v, "rises", rise))
    return city + districts


def movers(figure_id: str, now: pl.DataFrame, before: pl.DataFrame, names: dict[str, str]) -> str:
    """'新城区 1,544 → 无数据、玉泉区 830 → 812': the districts whose value of this figure changed most."""
    key = ["district_code", "figure_id"]
    def of(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.filter((pl.col("figure_id") == figure_id) & pl.col("district_code").is_not_null()
                            & ~pl.col("city_only"))

    joined = of(before).select(*key, pl.col("value").alias("before")).join(
        of(now).select(*key, pl.col("value").alias("after")), on=key, how="full", coalesce=True)
    moved = []
    for r in joined.iter_rows(named=True):
        b, a = r["before"], r["after"]
        if b != a:
            moved.append((abs((a or 0) - (b or 0)), r["district_code"], b, a))
    moved.sort(key=lambda m: (-m[0], m[1]))
    text = "、".join(f"{names.get(d, d)} {_v(b)} → {_v(a)}" for _, d, b, a in moved[:5])
    return text + (f" 等 {len(moved)} 个旗县区" if len(moved) > 5 else "")


def _v(value: float | None) -> str:
    return "无数据" if value is None else fmt.number(value, "zh")


def problems(changes: list[Change], now: pl.DataFrame, before: pl.DataFrame, names: dict[str, str],
             previous_date: str) -> list[Problem]:
    out = []
    for c in changes:
        f = FIGURES[c.figure_id]
        scope = "全市" if c.district is None else names.get(c.district, c.district)
        if c.rule == "vanishes":
            what = f"本期{'没有数据' if c.after is None else '为 0'}，上期（{previous_date}）为 {fmt.number(c.before, 'zh')}{f.unit_zh}"
            limit = "指标不能降为 0 或消失"
        else:
            what = (f"由上期（{previous_date}）的 {fmt.number(c.before, 'zh')}{f.unit_zh} 变为 "
                    f"{fmt.number(c.after, 'zh')}{f.unit_zh}（{c.pct:+.1f}%）")
            limit = ("不能下降" if c.rule == "falls" and c.limit == 0 else
                     f"每周{'下降' if c.rule == 'falls' else '上升'}不超过 {c.limit:g}%")
        moved = movers(c.figure_id, now, before, names) if c.district is None else ""
        source = f"。变化来自：{moved}" if moved else ""
        out.append(Problem(
            "implausible_change", f"{scope}“{f.zh}”{what}，超出允许的每周变化（{limit}）{source}",
            None, None, f"{f.zh}（{c.figure_id}）",
            f"请核对相关旗县区的报表是否漏报；如确属实际变化，请加 --accept-change {c.figure_id} 重新运行"))
    return out
