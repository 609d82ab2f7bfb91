"""The demo's world, built once and kept between weeks: its targets, places, units and grids.

Targets are read by id from data/ref/published_figures.csv, the one place a published number is
written; what the report does not state is derived from what it does (recruited workers and head
posts from the stated shares, the residents of 武川县 from the workers-per-10,000 ratio).

Places are real (data/ref/hohhot_divisions). Invented, and flagged `is_demo_invented`: the
communities and villages that bring the real lists to the published counts, the planned streets,
and at `scale` N the N - 1 copies ("twins") of every community, each under a real street or town
of its district with a 12-digit code of its own, with the grids of the community it copies.

Time: the last REFORM_WEEKS snapshots are the reform window, indexed r = 0 .. 25 as the demo has
always been. With more weeks the earlier ones have r < 0: week 0's places and stocks held still,
while cumulative figures (affairs lists, signs removed, couriers served, promotions) and event
rates grow slowly (PRE_GROWTH) into week 0's values, and recruitment cohorts fill up year by year.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
from collections import defaultdict
from pathlib import Path

import polars as pl

from grassroots.store import snapshots

SEED = 20251231
REFORM_WEEKS = 26
MAX_WEEKS = 520
LAST_AS_OF = dt.date(2026, 11, 20)
PRE_GROWTH = 0.001  # per week, before the reform window: cumulative figures and event rates
DIV = snapshots.REF_DIR / "hohhot_divisions"
FIGURES_CSV = snapshots.REF_DIR / "published_figures.csv"
URBAN = ("150102", "150103", "150104", "150105")

# Week (reform index) in which each urban district's street plan was approved.
APPROVAL_WEEK = {"150102": 4, "150105": 8, "150104": 13, "150103": 17}
PLAN_STATUS_OTHER = {"150121": "submitted", "150172": "drafting"}
PLANNED_SHARE = {"150121": 2, "150172": 3}  # how the planned streets beyond today's are shared
POSTS_SHARE = {"150102": 62, "150103": 55, "150104": 58, "150105": 73}  # posts moved down
# Urban residents by district; 武川县 takes the rest, so the city ratio is the published one.
URBAN_RESIDENTS = {"150102": 621_072, "150103": 470_000, "150104": 480_000, "150105": 880_000,
                   "150121": 150_000, "150122": 105_000, "150123": 115_000, "150124": 30_000,
                   "150125": None, "150172": 0}  # the zone's residents are counted in the districts
GRADUATES_SHARE = {2022: 9, 2023: 10, 2024: 10, 2025: 11}  # of the graduates in four years
MASTERS_SHARE = {2023: 110, 2024: 105, 2025: 110}
POINTS_SHARE = (3, 2)  # observation points in communities : villages
AFFAIRS_FIRST_CUT = 0.6  # share of the affairs-list cut made in the first step

CHINESE_NUMERALS = "一二三四五六七八九十"


def as_of(r: int) -> dt.date:
    """The as-of date of reform week r (negative: before the window)."""
    return LAST_AS_OF - dt.timedelta(weeks=REFORM_WEEKS - 1 - r)


def rng(*parts) -> random.Random:
    return random.Random("-".join(str(p) for p in (SEED, *parts)))


def split_total(total: int, weights: list[float]) -> list[int]:
    """Integers proportional to weights that add up to total exactly (largest remainder)."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    out = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True)[: total - sum(out)]:
        out[i] += 1
    return out


def pre_factor(r: int) -> float:
    """How much of week 0's level a slowly growing figure had reached in week r."""
    return math.exp(PRE_GROWTH * min(r, 0))


def grow(final: int, r: int, start_share: float, cumulative: bool, full_week: int = REFORM_WEEKS - 3) -> int:
    """A figure rising steadily from start_share of final (week 0) to final (full_week).

    Before the window a stock stays at week 0's value (ratios of small district numbers would
    otherwise jitter with the rounding); a cumulative count grows slowly into it and, once above
    zero, stays there.
    """
    if r >= full_week:
        return final
    if r >= 0:
        return round(final * (start_share + (1 - start_share) * r / full_week))
    start = round(final * start_share)
    return max(1 if start else 0, round(start * pre_factor(r))) if cumulative else start


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


# ------------------------------------------------------------------ the published targets
def read_targets(path: Path = FIGURES_CSV) -> dict[str, int | float]:
    """The generator's targets, each read by id from the published figures (or derived from them)."""
    fig = {r["id"]: float(r["value"]) for r in read_csv(Path(path))}

    def count(figure_id: str) -> int:
        value = fig[figure_id]
        if not value.is_integer() or value < 0:
            raise ValueError(f"{path}: {figure_id} = {value:g} should be a whole number")
        return int(value)

    def share_check(pct_id: str, part: float, whole: float) -> None:
        if whole and round(100 * part / whole, 1) != fig[pct_id]:
            raise ValueError(f"{path}: {pct_id} = {fig[pct_id]:g} does not follow from the figures it is a share of "
                             f"({100 * part / whole:.1f})")

    t: dict[str, int | float] = {name: count(fid) for name, fid in {
        "communities": "communities", "villages": "villages_with_list", "grids": "grids",
        "signs": "signs_removed", "wall_rules": "wall_rules_removed",
        "workers": "community_workers", "staff": "community_staff_total",
        "two_committees": "workers_in_two_committees", "heads": "workers_heads",
        "civil": "civil_servants_targeted", "institution": "institution_staff_targeted",
        "deputy": "deputy_section_promotions", "centres": "party_service_centres",
        "red_bee": "red_bee_stations", "mobile": "mobile_party_branch_stations",
        "couriers": "couriers_served", "grid_members": "new_employment_grid_members",
        "sessions": "volunteer_sessions", "legal_aid": "legal_aid_cases", "cases": "negative_cases_notified",
        "corps": "women_volunteer_corps", "teams": "women_volunteer_teams",
        "graduates": "graduates_recruited_4y", "masters": "masters_specialists",
        "posts": "staff_posts_moved_down", "points": "observation_points",
        "tasks": "task_book_tasks", "task_units": "task_book_units", "guidance": "guidance_catalogs",
        "enforcement_before": "enforcement_items_before", "enforcement_after": "enforcement_items_after",
        "community_affairs_before": "community_affairs_before", "community_affairs_after": "community_affairs_after",
        "village_affairs_before": "village_affairs_before", "village_affairs_after": "village_affairs_after",
        "streets_baseline": "streets_baseline", "streets_now": "streets_now", "streets_target": "streets_target",
        "plans_approved": "districts_plan_approved",
    }.items()}
    t["workers_per_10k"] = fig["workers_per_10k_urban"]
    # Not published as counts: the denominators of the stated shares.
    t["recruited"] = round(t["two_committees"] * 100 / fig["workers_two_committees_pct"])
    t["head_posts"] = round(t["heads"] * 100 / fig["workers_heads_pct"])
    if count("communities_with_list") != t["communities"]:
        raise ValueError(f"{path}: communities_with_list should equal communities (every community has its list)")
    for kind in ("community", "village"):
        before, after = t[f"{kind}_affairs_before"], t[f"{kind}_affairs_after"]
        share_check(f"{kind}_affairs_reduction_pct", before - after, before)
    return t


# ------------------------------------------------------------------ the world, built once
class World:
    """Everything that does not depend on the week, and the rules for what does."""

    def __init__(self, scale: int = 1, weeks: int = REFORM_WEEKS, figures: Path = FIGURES_CSV) -> None:
        if scale < 1:
            raise ValueError(f"scale must be at least 1, not {scale}")
        if not 1 <= weeks <= MAX_WEEKS:
            raise ValueError(f"weeks must be between 1 and {MAX_WEEKS}, not {weeks}")
        self.scale, self.weeks = scale, weeks
        self.first = REFORM_WEEKS - weeks  # reform index of the first snapshot
        self.as_of_dates = [as_of(r) for r in range(self.first, REFORM_WEEKS)]
        self.t = read_targets(figures)
        districts = read_csv(snapshots.REF_DIR / "districts.csv")
        self.districts = [r["district_code"] for r in districts]
        self.district_names = {r["district_code"]: r["district_name"] for r in districts}
        self.crosswalk = read_csv(snapshots.REF_DIR / "street_crosswalk.csv")
        self._towns()
        self._plans()
        self._residents()
        self._lower_units()
        self._grids()
        if scale > 1:
            self._twins()
        self._memo: dict[str, tuple] = {}
        self.written: dict[str, tuple] = {}  # file name -> (frame, bytes) last written (demo.write_inbox)

    def reform_week(self, week: int) -> int:
        """The reform index of the world's week (0 = its first snapshot)."""
        return self.first + week

    # -------------------------------------------------------------- places
    def _towns(self) -> None:
        towns = read_csv(DIV / "towns.csv")
        self.town_names = {t["town_code"]: t["name"] for t in towns}
        self.old_streets = {t["town_code"]: t for t in towns if t["code_class"] == "街道"}
        # 类似乡级 units named 街道 in the urban districts: absorbed into the new streets.
        absorbed_by_name = {"呼伦路街道": "150102009", "丁香路街道": "150102010",
                            "东河街道": "150102011", "阿拉善北路街道": "150103008"}
        self.absorbed = {t["town_code"]: absorbed_by_name[t["name"]] for t in towns if t["name"] in absorbed_by_name}
        self.other_towns = [t for t in towns if t["code_class"] != "街道" and t["town_code"] not in self.absorbed]
        self.mca_towns = read_csv(DIV / "towns_mca_20251231.csv")
        self.new_streets = [t for t in self.mca_towns if t["mca_type"] == "街道"]
        mca_codes = {t["town_code"] for t in self.new_streets}
        assert not mca_codes & {t["town_code"] for t in self.other_towns}, "MCA street code clashes with an NBS town"

    def _plans(self) -> None:
        t = self.t
        real = {"streets_baseline": len(self.old_streets), "streets_now": len(self.new_streets),
                "plans_approved": len(APPROVAL_WEEK)}
        for key, n in real.items():
            if t[key] != n:
                raise ValueError(f"published figures: {key} = {t[key]}, but the division lists give {n}")
        shares = split_total(t["streets_target"] - t["streets_now"], list(PLANNED_SHARE.values()))
        short = {"150121": "土左旗", "150172": "经开区"}
        self.planned_streets = {d: [f"{short[d]}拟设街道{CHINESE_NUMERALS[i]}" for i in range(n)]
                                for d, n in zip(PLANNED_SHARE, shares)}
        self.posts_moved_down = dict(zip(POSTS_SHARE, split_total(t["posts"], list(POSTS_SHARE.values()))))

    def _residents(self) -> None:
        city = round(self.t["workers"] * 10 / self.t["workers_per_10k"]) * 1000
        known = sum(v for v in URBAN_RESIDENTS.values() if v)
        self.residents = {d: (city - known if v is None else v) for d, v in URBAN_RESIDENTS.items()}

    def approved(self, district: str, r: int) -> bool:
        return district in APPROVAL_WEEK and r >= APPROVAL_WEEK[district]

    # -------------------------------------------------------------- communities and villages
    def _lower_units(self) -> None:
        rows = read_csv(DIV / "villages.csv")
        real_communities = [r for r in rows if r["committee_class"] == "居民委员会" and "虚拟" not in r["name"]]
        real_villages = [r for r in rows if "村" in r["name"] and "社区" not in r["name"]
                         and r["committee_class"] != "居民委员会"]
        lower = []  # dicts: code, name, level, old_parent, new_parent, district, invented, appears
        targets_of = defaultdict(list)  # old street -> new streets carved from it
        for x in self.crosswalk:
            targets_of[x["old_street_code"]].append(x["new_street_code"])
        by_old_parent = defaultdict(list)
        for r in real_communities + real_villages:
            by_old_parent[r["town_code"]].append(r)
        for parent, children in sorted(by_old_parent.items()):
            children.sort(key=lambda r: r["village_code"])
            if parent in targets_of:
                targets = sorted(targets_of[parent])
                chunks = split_total(len(children), [1.0] * len(targets))
            elif parent in self.absorbed:
                targets, chunks = [self.absorbed[parent]], [len(children)]
            else:
                targets, chunks = [parent], [len(children)]
            i = 0
            for target, n in zip(targets, chunks):
                for r in children[i:i + n]:
                    lower.append(dict(
                        code=r["village_code"], name=r["name"],
                        level="community" if r["committee_class"] == "居民委员会" else "village",
                        old_parent=parent, new_parent=target, district=r["county_code"],
                        invented=False, appears=0))
                i += n
        split_streets = sorted(x["new_street_code"] for x in self.crosswalk if x["relation"] == "split")
        names = {t["town_code"]: t["name"] for t in self.new_streets}
        n_new = self.t["communities"] - len(real_communities)
        for street in (split_streets * (n_new // len(split_streets) + 1))[:n_new]:
            district = street[:6]
            seq = sum(1 for u in lower if u["new_parent"] == street and u["invented"]) + 1
            lower.append(dict(
                code=f"{street}8{seq:02d}", name=f"{names[street].removesuffix('街道')}新设{seq}社区",
                level="community", old_parent=None, new_parent=street, district=district,
                invented=True, appears=APPROVAL_WEEK[district]))
        rural_town = next(t for t in self.other_towns if t["county_code"] == "150124" and t["code_class"] == "镇")
        for seq in range(1, self.t["villages"] - len(real_villages) + 1):
            lower.append(dict(
                code=f"{rural_town['town_code']}29{seq}", name=f"示例新设村{seq}", level="village",
                old_parent=rural_town["town_code"], new_parent=rural_town["town_code"],
                district="150124", invented=True, appears=0))
        codes = [u["code"] for u in lower]
        assert len(codes) == len(set(codes)), "duplicate unit code in the demo world"
        # `base_invented`: invented at scale 1 (a twin inherits it from the community it copies);
        # the observation points, teams and cases are drawn from the places that are not.
        self.lower = pl.DataFrame(lower, schema={
            "code": pl.String, "name": pl.String, "level": pl.String, "old_parent": pl.String,
            "new_parent": pl.String, "district": pl.String, "invented": pl.Boolean, "appears": pl.Int64,
        }).with_columns(base_invented=pl.col("invented"),
                        list_draw=pl.Series([rng("list", c).random() for c in codes]))

    def _grids(self) -> None:
        communities = self.lower.filter(pl.col("level") == "community").sort("code")
        r = rng("grids")
        counts = split_total(self.t["grids"], [r.uniform(0.5, 1.5) for _ in range(communities.height)])
        grids = []  # (grid_code, community, district, compounds, appears, seq)
        for (code, district, appears), n in zip(communities.select("code", "district", "appears").iter_rows(), counts):
            for seq in range(1, max(n, 0) + 1):
                late = r.random() < 0.14  # grids re-drawn during the weeks
                grid_appears = max(appears, r.randrange(1, REFORM_WEEKS - 4) if late else 0)
                grids.append((f"{code}{seq:03d}", code, district, r.randint(1, 4), grid_appears, seq))
        self.grids = pl.DataFrame(grids, orient="row", schema={
            "grid_code": pl.String, "community_code": pl.String, "district_code": pl.String,
            "compounds": pl.Int64, "appears": pl.Int64, "seq": pl.Int64})

    def _twins(self) -> None:
        """scale - 1 copies of every community, with their grids, each under a real street or town."""
        base = self.lower.filter(pl.col("level") == "community").with_row_index("order")
        twins = (base.join(pl.DataFrame({"copy": range(2, self.scale + 1)}), how="cross")
                 .sort("copy", "order")
                 .with_columns(slot=pl.int_range(pl.len()).over("district")))
        codes = self._free_codes(twins.group_by("district").len())
        twins = twins.join(codes, on=["district", "slot"], how="left", maintain_order="left")
        short = twins.filter(pl.col("twin_code").is_null())
        if short.height:
            raise ValueError(f"scale {self.scale} needs more 12-digit codes than the real streets and towns of "
                             f"{sorted(set(short['district']))} leave free")
        stem = pl.col("name").str.replace(r"(居民委员会|居委会)$", "").str.strip_suffix("社区")
        twin_units = twins.select(
            code=pl.col("twin_code"), name=pl.format("{}第{}社区", stem, pl.col("copy")),
            level="level", old_parent="old_parent", new_parent="new_parent", district="district",
            invented=pl.lit(True), appears="appears", base_invented="base_invented")
        draw = rng("twin-lists")  # one stream, not a generator per unit as at scale 1: 45 k twins at scale 100
        self.lower = pl.concat([self.lower, twin_units.with_columns(
            list_draw=pl.Series([draw.random() for _ in range(twin_units.height)]))])
        twin_grids = (self.grids.join(twins.select("code", "copy", "twin_code"), left_on="community_code",
                                      right_on="code", maintain_order="left")
                      .sort("copy", maintain_order=True)
                      .select(grid_code=pl.col("twin_code") + pl.col("seq").cast(pl.String).str.zfill(3),
                              community_code="twin_code", district_code="district_code",
                              compounds=(pl.col("compounds") - 1 + pl.col("copy")) % 4 + 1,
                              appears="appears", seq="seq"))
        self.grids = pl.concat([self.grids, twin_grids])

    def _free_codes(self, needed: pl.DataFrame) -> pl.DataFrame:
        """Unused 12-digit codes under each district's real street and town codes (2023 or 2025),
        lowest suffix first and spread over the prefixes, numbered by `slot` within the district."""
        prefixes = sorted(set(self.town_names) | {t["town_code"] for t in self.mca_towns})
        frame = (pl.DataFrame({"prefix": prefixes})
                 .with_columns(district=pl.col("prefix").str.slice(0, 6))
                 .join(needed, on="district")
                 .join(pl.DataFrame({"suffix": range(1, 1000)}), how="cross")
                 .with_columns(twin_code=pl.col("prefix") + pl.col("suffix").cast(pl.String).str.zfill(3))
                 .join(self.lower.select(twin_code="code"), on="twin_code", how="anti")
                 .sort("district", "suffix", "prefix")
                 .with_columns(slot=pl.int_range(pl.len()).over("district")))
        return frame.filter(pl.col("slot") < pl.col("len")).select("district", "slot", "twin_code")

    # -------------------------------------------------------------- week-dependent state, memoised
    def memo(self, name: str, key, make):
        """The value `make()` gives for `key`, kept until another key is asked for under `name`.

        Weeks before the window repeat week 0's places, so consecutive weeks often share a key;
        the same object comes back, and the writer encodes a report only once (see demo.py).
        """
        kept = self._memo.get(name)
        if kept is None or kept[0] != key:
            kept = self._memo[name] = (key, make())
        return kept[1]

    def grid_frame(self, r: int) -> pl.DataFrame:
        week = max(r, 0)
        return self.memo("grids", week, lambda: self.grids.filter(pl.col("appears") <= week).select(
            "grid_code", "community_code", "district_code", pl.col("compounds").cast(pl.String)))

    def lower_frame(self, r: int) -> pl.DataFrame:
        """Communities and villages of week r with their parent and whether they have their
        affairs list (55 % in week 0, all by week 20, slowly fewer before the window)."""
        approved = [d for d in APPROVAL_WEEK if self.approved(d, r)]
        threshold = 0.55 + 0.45 * r / 20 if r >= 0 else 0.55 * pre_factor(r)
        return self.lower.filter(pl.col("appears") <= max(r, 0)).with_columns(
            parent=pl.when(pl.col("district").is_in(approved) | ~pl.col("district").is_in(URBAN))
            .then("new_parent").otherwise("old_parent"),
            listed=(pl.col("list_draw") < threshold) | (r >= 20))

    def communities_of(self, district: str, r: int) -> list[str]:
        by_district = self.memo("communities_of", max(r, 0), lambda: {
            d: frame["code"].to_list() for (d,), frame in
            self.lower_frame(max(r, 0)).filter(pl.col("level") == "community").partition_by("district", as_dict=True).items()})
        return by_district.get(district, [])
