"""Plausibility of a week against the last published one: a figure that moves too far stops the refresh.

Validation checks each cell and report; this checks what a leader will read. If one district's
rows are left out of a state report, every cell is valid but the city's community workers fall
by a third: the refresh stops, names the figure, both values and the districts that moved it.
When the change is real, the department publishes it with `--accept-change FIGURE_ID`; the
acceptance is recorded in the manifest and shown on the pages' freshness line.

Bands are configured in targets.toml ([plausibility], and [plausibility.districts] for the stocks
of each district: a county's workers counted twice double there while the city moves 3%); the
figures are computed by the same SQL the pages use (grassroots/store/staging/stg_figures.sql), on
the staged snapshot beside the previous one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import polars as pl

from grassroots.catalogue.figures import FIGURES
from grassroots.catalogue.rules import Problem, problem


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


def band(config: dict, figure_id: str, district: bool = False) -> tuple[float, float]:
    """(fall_pct, rise_pct) of a figure: the city's band ([plausibility] default, then the figure's),
    and for a district's stock the [plausibility.districts] keys over it."""
    section = config.get("plausibility", {})
    b = {**section.get("default", {}), **section.get("figures", {}).get(figure_id, {})}
    if district:
        per = section.get("districts", {})
        b |= {**per.get("default", {}), **per.get("figures", {}).get(figure_id, {})}
    return float(b.get("fall_pct", math.inf)), float(b.get("rise_pct", math.inf))


def out_of_band(now: pl.DataFrame, before: pl.DataFrame, config: dict) -> list[Change]:
    """Changes outside their band. Frames: district_code (null = city), figure_id, value, city_only.

    Falls are checked in the city and every district, rises in the city and in every district's
    stocks (the catalogue's figures with stock = true, by their district band). A district's change
    is reported only when the city's figure stays inside its band: otherwise the city's message
    already names the districts that moved it.
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
        stock = district is not None and FIGURES[fid].stock
        fall, rise = band(config, fid, stock)
        found = city if district is None else districts
        if v is None or v == 0:
            found.append(Change(fid, district, p, v, "vanishes", fall))
        elif v < p * (1 - fall / 100):
            found.append(Change(fid, district, p, v, "falls", fall))
        elif (district is None or stock) and v > p * (1 + rise / 100):
            found.append(Change(fid, district, p, v, "rises", rise))
    return city + districts


def movers(figure_id: str, now: pl.DataFrame, before: pl.DataFrame) -> tuple[tuple[tuple, ...], int]:
    """The districts whose value of this figure changed most, as (code, before, after) (None: no data),
    the five that moved most, and how many moved in all. The catalogue words them: 新城区 1,544 → 无数据、…"""
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
    return tuple((d, b, a) for _, d, b, a in moved[:5]), len(moved)


def _variant(c: Change) -> str:
    if c.rule == "vanishes":
        return "vanishes" if c.after is None else "zero"
    return "falls_any" if c.rule == "falls" and c.limit == 0 else c.rule


def problems(changes: list[Change], now: pl.DataFrame, before: pl.DataFrame, previous_date: str) -> list[Problem]:
    """One `implausible_change` per change: the figure, the district (None: the city), both values,
    the band, and for the city the districts that moved it."""
    out = []
    for c in changes:
        shown, moved = movers(c.figure_id, now, before) if c.district is None else ((), 0)
        out.append(problem("implausible_change", _variant(c), district=c.district, figure=c.figure_id,
                           previous=previous_date, before=c.before, after=c.after, pct=c.pct, limit=c.limit,
                           movers=shown or None, moved=moved or None))
    return out
