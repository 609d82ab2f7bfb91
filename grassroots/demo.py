"""Deterministic demo data: 26 weekly inboxes of district reports, fed through the real refresh.

Real: district, street, town, community and village names and codes (data/ref/hohhot_divisions),
the 31 streets of 2023 and the 39 of 2025-12-31, the published totals of the last week.
Invented (and flagged `is_demo_invented` where a row stands for a place): the five planned
streets beyond 39, communities and villages that bring the real lists to 450 and 965, which new
street each split-off street came from, grids, tasks, teams, events and weekly history.

The files are written the way districts send them: some GBK CSV with Chinese headers, some
UTF-8 CSV with a BOM, some Excel, one report split into a file per district.

    python -m grassroots.demo                 # write inboxes and publish missing snapshots
    python -m grassroots.demo --inboxes-only  # only write data/demo_inbox/
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from collections import defaultdict
from pathlib import Path

import polars as pl

from grassroots import snapshots
from grassroots.reports import DEMO_MARKER
from grassroots.schema import TABLES

SEED = 20251231
WEEKS = 26
LAST_AS_OF = dt.date(2026, 11, 20)
AS_OF_DATES = [LAST_AS_OF - dt.timedelta(weeks=WEEKS - 1 - i) for i in range(WEEKS)]
DIV = snapshots.REF_DIR / "hohhot_divisions"
URBAN = ("150102", "150103", "150104", "150105")

# Week (index into AS_OF_DATES) in which each urban district's street plan was approved.
APPROVAL_WEEK = {"150102": 4, "150105": 8, "150104": 13, "150103": 17}
PLAN_STATUS_OTHER = {"150121": "submitted", "150172": "drafting"}
PLANNED_STREETS = {"150121": ["土左旗拟设街道一", "土左旗拟设街道二"],
                   "150172": ["经开区拟设街道一", "经开区拟设街道二", "经开区拟设街道三"]}
POSTS_MOVED_DOWN = {"150102": 62, "150103": 55, "150104": 58, "150105": 73}
URBAN_RESIDENTS = {"150102": 621_072, "150103": 470_000, "150104": 480_000, "150105": 880_000,
                   "150121": 150_000, "150122": 105_000, "150123": 115_000, "150124": 30_000,
                   "150125": 64_928, "150172": 0}  # the zone's residents are counted in the districts

TARGETS = dict(communities=450, villages=965, grids=6158, signs=8973, wall_rules=3914,
               workers=5308, staff=11_500, recruited=2596, two_committees=1259, head_posts=432,
               heads=120, civil=21, institution=15, deputy=22, centres=1504, red_bee=170,
               mobile=45, couriers=15_800, grid_members=3065, sessions=283, legal_aid=1529,
               cases=20, corps=10, teams=126)
GRADUATES_BY_YEAR = {2022: 900, 2023: 1000, 2024: 1000, 2025: 1100}  # 4000 in four years
MASTERS_BY_YEAR = {2023: 110, 2024: 105, 2025: 110}  # 325
COHORT_2025_WEEK = 6  # the 2025 exam results are reported from this week on
REVISED = ("150103", 2024, "graduate_exam", 3, 12)  # district, year, channel, +error, corrected in week

LEAD_UNITS = ["市委组织部", "市委社会工作部", "市委宣传部", "市委政法委", "市委编办", "市民政局",
              "市司法局", "市财政局", "市人力资源和社会保障局", "市住房和城乡建设局",
              "市城市管理综合执法局", "市农牧局", "市卫生健康委", "市应急管理局", "市市场监管局",
              "市公安局", "市教育局", "市政务服务与数据管理局", "市统计局", "市妇联", "团市委"]
TASK_TOPICS = [("减负", "清理规范村（社区）工作事项"), ("减负", "规范村（社区）证明事项"),
               ("减负", "整治“滥挂牌”和上墙制度"), ("减负", "精简督查检查考核"),
               ("减负", "整治政务应用程序和工作群"), ("减负", "规范借调村（社区）干部"),
               ("减负", "压减报表台账"), ("赋能", "落实街道规划参与权和建议权"),
               ("赋能", "推进执法力量下沉"), ("赋能", "优化社区布局和网格设置"),
               ("赋能", "保障村（社区）工作经费"), ("队伍", "完善社区工作者管理办法"),
               ("队伍", "畅通社区工作者晋升通道"), ("队伍", "落实社区工作者薪酬待遇"),
               ("机制", "建立职责事项准入机制"), ("机制", "建立基层减负观察点制度"),
               ("机制", "建立反面案例通报机制")]


def _rng(*parts) -> random.Random:
    return random.Random("-".join(str(p) for p in (SEED, *parts)))


def _split_total(total: int, weights: list[float]) -> list[int]:
    """Integers proportional to weights that add up to total exactly (largest remainder)."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    out = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True)[: total - sum(out)]:
        out[i] += 1
    return out


def _grow(final: int, week: int, start_share: float, full_week: int = WEEKS - 3) -> int:
    """A cumulative figure rising steadily from start_share of final to final at full_week."""
    if week >= full_week:
        return final
    return round(final * (start_share + (1 - start_share) * week / full_week))


def _read(name: str) -> list[dict]:
    with (DIV / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


# ------------------------------------------------------------------ the world, built once
class World:
    """Everything that does not depend on the week, and the rules for what does."""

    def __init__(self) -> None:
        self.districts = [r["district_code"] for r in _read("../districts.csv")]
        self.district_names = {r["district_code"]: r["district_name"] for r in _read("../districts.csv")}
        self.crosswalk = _read("../street_crosswalk.csv")
        self._towns()
        self._lower_units()
        self._grids()

    def _towns(self) -> None:
        towns = _read("towns.csv")
        self.old_streets = {t["town_code"]: t for t in towns if t["code_class"] == "街道"}
        # 类似乡级 units named 街道 in the urban districts: absorbed into the new streets.
        absorbed_by_name = {"呼伦路街道": "150102009", "丁香路街道": "150102010",
                            "东河街道": "150102011", "阿拉善北路街道": "150103008"}
        self.absorbed = {t["town_code"]: absorbed_by_name[t["name"]] for t in towns if t["name"] in absorbed_by_name}
        self.other_towns = [t for t in towns if t["code_class"] != "街道" and t["town_code"] not in self.absorbed]
        self.new_streets = [t for t in _read("towns_mca_20251231.csv") if t["mca_type"] == "街道"]
        mca_codes = {t["town_code"] for t in self.new_streets}
        assert not mca_codes & {t["town_code"] for t in self.other_towns}, "MCA street code clashes with an NBS town"

    def _lower_units(self) -> None:
        rows = _read("villages.csv")
        real_communities = [r for r in rows if r["committee_class"] == "居民委员会" and "虚拟" not in r["name"]]
        real_villages = [r for r in rows if "村" in r["name"] and "社区" not in r["name"]
                         and r["committee_class"] != "居民委员会"]
        self.lower = []  # dicts: code, name, level, old_parent, new_parent, district, invented, appears
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
                chunks = _split_total(len(children), [1.0] * len(targets))
            elif parent in self.absorbed:
                targets, chunks = [self.absorbed[parent]], [len(children)]
            else:
                targets, chunks = [parent], [len(children)]
            i = 0
            for target, n in zip(targets, chunks):
                for r in children[i:i + n]:
                    self.lower.append(dict(
                        code=r["village_code"], name=r["name"],
                        level="community" if r["committee_class"] == "居民委员会" else "village",
                        old_parent=parent, new_parent=target, district=r["county_code"],
                        invented=False, appears=0))
                i += n
        split_streets = sorted(x["new_street_code"] for x in self.crosswalk if x["relation"] == "split")
        names = {t["town_code"]: t["name"] for t in self.new_streets}
        n_new = TARGETS["communities"] - len(real_communities)
        for k, street in zip(range(n_new), split_streets * 10):
            district = street[:6]
            seq = sum(1 for u in self.lower if u["new_parent"] == street and u["invented"]) + 1
            self.lower.append(dict(
                code=f"{street}8{seq:02d}", name=f"{names[street].removesuffix('街道')}新设{seq}社区",
                level="community", old_parent=None, new_parent=street, district=district,
                invented=True, appears=APPROVAL_WEEK[district]))
        rural_town = next(t for t in self.other_towns if t["county_code"] == "150124" and t["code_class"] == "镇")
        for seq in range(1, TARGETS["villages"] - len(real_villages) + 1):
            self.lower.append(dict(
                code=f"{rural_town['town_code']}29{seq}", name=f"示例新设村{seq}", level="village",
                old_parent=rural_town["town_code"], new_parent=rural_town["town_code"],
                district="150124", invented=True, appears=0))
        codes = [u["code"] for u in self.lower]
        assert len(codes) == len(set(codes)), "duplicate unit code in the demo world"

    def _grids(self) -> None:
        communities = sorted((u for u in self.lower if u["level"] == "community"), key=lambda u: u["code"])
        rng = _rng("grids")
        counts = _split_total(TARGETS["grids"], [rng.uniform(0.5, 1.5) for _ in communities])
        self.grids = []  # (grid_code, community, district, compounds, appears)
        for u, n in zip(communities, counts):
            for seq in range(1, max(n, 0) + 1):
                late = rng.random() < 0.14  # grids re-drawn during the weeks
                appears = max(u["appears"], rng.randrange(1, WEEKS - 4) if late else 0)
                self.grids.append((f"{u['code']}{seq:03d}", u["code"], u["district"], rng.randint(1, 4), appears))

    # -------------------------------------------------------------- week-dependent state
    def approved(self, district: str, week: int) -> bool:
        return district in APPROVAL_WEEK and week >= APPROVAL_WEEK[district]

    def units(self, week: int) -> list[dict]:
        out = []
        for d in URBAN:
            if self.approved(d, week):
                for s in self.new_streets:
                    if s["county_code"] == d:
                        out.append(self._unit(s["town_code"], s["name"], "street", d, d))
            else:
                for code, s in self.old_streets.items():
                    if s["county_code"] == d:
                        out.append(self._unit(code, s["name"], "street", d, d))
                for code in self.absorbed:
                    if code[:6] == d:
                        out.append(self._unit(code, _town_name(code), "town", d, d))
        for t in self.other_towns:
            out.append(self._unit(t["town_code"], t["name"], "town", t["county_code"], t["county_code"]))
        for d, names in PLANNED_STREETS.items():
            for i, name in enumerate(names, start=1):
                out.append(self._unit(f"{d}09{i}", name, "street", d, d, status="planned", invented=True))
        for u in self.lower:
            if week < u["appears"]:
                continue
            parent = u["new_parent"] if self.approved(u["district"], week) or u["district"] not in URBAN else u["old_parent"]
            listed = _rng("list", u["code"]).random() < 0.55 + 0.45 * week / 20
            out.append(self._unit(u["code"], u["name"], u["level"], parent, u["district"],
                                  invented=u["invented"], listed=listed or week >= 20))
        return out

    @staticmethod
    def _unit(code, name, level, parent, district, status="active", invented=False, listed=False) -> dict:
        return dict(unit_code=code, unit_name=name, unit_level=level, parent_code=parent,
                    district_code=district, status=status,
                    has_affairs_list=("是" if listed else "否"), is_demo_invented=("是" if invented else "否"))

    def grid_rows(self, week: int) -> list[dict]:
        return [dict(grid_code=g, community_code=c, district_code=d, compounds=k)
                for g, c, d, k, appears in self.grids if week >= appears]


_TOWN_NAMES: dict[str, str] = {}


def _town_name(code: str) -> str:
    if not _TOWN_NAMES:
        _TOWN_NAMES.update({t["town_code"]: t["name"] for t in _read("towns.csv")})
    return _TOWN_NAMES[code]


# ------------------------------------------------------------------ one week of reports
def week_reports(world: World, week: int) -> dict[str, list[dict]]:
    as_of = AS_OF_DATES[week]
    units = world.units(week)
    grids = world.grid_rows(week)
    reports = {"units": units, "grids": grids}

    count = defaultdict(int)
    for u in units:
        if u["status"] == "active":
            count[(u["district_code"], u["unit_level"])] += 1
    grid_count = defaultdict(int)
    for g in grids:
        grid_count[g["district_code"]] += 1
    restructuring = []
    for d in world.districts:
        if d in URBAN:
            status = "approved" if world.approved(d, week) else "submitted"
            approved_on = AS_OF_DATES[APPROVAL_WEEK[d]] - dt.timedelta(days=2) if status == "approved" else ""
            before = sum(1 for s in world.old_streets.values() if s["county_code"] == d)
            planned = sum(1 for s in world.new_streets if s["county_code"] == d)
        else:
            status, approved_on, before = PLAN_STATUS_OTHER.get(d, "none"), "", 0
            planned = len(PLANNED_STREETS.get(d, []))
        restructuring.append(dict(
            district_code=d, plan_status=status, plan_approved_on=approved_on, streets_before=before,
            streets_planned=planned, streets_now=count[(d, "street")], communities=count[(d, "community")],
            villages=count[(d, "village")], grids=grid_count[d], posts_moved_down=POSTS_MOVED_DOWN.get(d, 0)))
    reports["district_restructuring"] = restructuring

    reports["city_indicators"] = [dict(indicator_code=k, value=v) for k, v in {
        "enforcement_items_before": 99, "enforcement_items_after": 56,
        "guidance_catalogs": min(8, 5 + week // 2),
        "community_affairs_before": 79, "community_affairs_after": 79 if week < 3 else (66 if week < 8 else 58),
        "village_affairs_before": 72, "village_affairs_after": 72 if week < 3 else (67 if week < 9 else 63),
    }.items()]
    reports["task_book"] = _task_book(as_of)
    reports["signage_cleanup"] = _per_district_growth(world, week, {
        "signs_removed": (TARGETS["signs"], 0.45), "wall_rules_removed": (TARGETS["wall_rules"], 0.40)})
    reports["observation_points"] = _observation_points(world)
    reports["observation_weekly"] = _observation_weekly(week, as_of)
    reports["negative_cases"] = _negative_cases(world, week, as_of)
    reports["recruitment"] = _recruitment(world, week)
    reports["workforce"] = _workforce(world, week)
    reports["service_sites"] = _per_district_growth(world, week, {
        "party_service_centres": (TARGETS["centres"], 0.97), "red_bee_stations": (TARGETS["red_bee"], 0.85),
        "mobile_party_stations": (TARGETS["mobile"], 0.8), "couriers_served": (TARGETS["couriers"], 0.85),
        "new_employment_grid_members": (TARGETS["grid_members"], 0.8)})
    teams = _teams(world)
    reports["volunteer_teams"] = teams
    reports["volunteer_sessions"] = _sessions(world, teams, week, as_of)
    reports["legal_aid_cases"] = _legal_aid(world, teams, week, as_of)
    return reports


def _district_weights(world: World) -> list[float]:
    return [URBAN_RESIDENTS[d] or 1 for d in world.districts]


def _per_district_growth(world: World, week: int, columns: dict[str, tuple[int, float]]) -> list[dict]:
    rows = [dict(district_code=d) for d in world.districts]
    for col, (final, start) in columns.items():
        rng = _rng("growth", col)
        weights = [w * rng.uniform(0.7, 1.3) for w in _district_weights(world)]
        for row, share in zip(rows, _split_total(final, weights)):
            row[col] = _grow(share, week, start)
    return rows


def _task_book(as_of: dt.date) -> list[dict]:
    rng = _rng("tasks")
    rows = []
    for i in range(1, 62):
        category, topic = TASK_TOPICS[(i - 1) % len(TASK_TOPICS)]
        lead = LEAD_UNITS[(i - 1) % len(LEAD_UNITS)]
        done_on = AS_OF_DATES[0] - dt.timedelta(days=rng.randint(1, 120)) if i <= 30 else \
            AS_OF_DATES[min(WEEKS - 3, rng.randint(0, WEEKS - 3))] - dt.timedelta(days=rng.randint(0, 6))
        due = dt.date(2026, 6, 30) if i <= 30 else dt.date(2026, 9, 30) if i <= 50 else dt.date(2026, 11, 30)
        done = done_on <= as_of
        started = done or i <= 55 or as_of >= AS_OF_DATES[6]
        rows.append(dict(task_id=f"T{i:02d}", task_title=f"{topic}（{(i - 1) // len(TASK_TOPICS) + 1}）",
                         lead_unit=lead, category=category,
                         status="done" if done else ("in_progress" if started else "not_started"),
                         due_on=due, completed_on=done_on if done else ""))
    return rows


def _observation_points(world: World) -> list[dict]:
    rng = _rng("points")
    stable = [u for u in world.lower if not u["invented"]]
    communities = sorted((u for u in stable if u["level"] == "community"), key=lambda u: u["code"])
    villages = sorted((u for u in stable if u["level"] == "village"), key=lambda u: u["code"])
    chosen = rng.sample(communities, 12) + rng.sample(villages, 8)
    chosen.sort(key=lambda u: u["code"])
    return [dict(point_id=f"OP{i:02d}", unit_code=u["code"], district_code=u["district"],
                 designated_on=dt.date(2026, 4, 15)) for i, u in enumerate(chosen, start=1)]


INDICATORS = ("tasks_pushed_down", "forms_ledgers", "certificates", "meetings", "work_chat_groups", "inspections")
RISING_POINTS = {"OP07": 20, "OP15": WEEKS - 1}  # points whose burden climbs back in the last weeks


def _observation_weekly(week: int, as_of: dt.date) -> list[dict]:
    rows = []
    for i in range(1, 21):
        pid = f"OP{i:02d}"
        base = _rng("op-base", pid)
        rng = _rng("op", pid, week)
        trend = 1 - 0.35 * week / (WEEKS - 1)
        if pid in RISING_POINTS and week >= RISING_POINTS[pid]:
            trend *= 1.6
        row = dict(point_id=pid, week_ending=as_of)
        for ind, scale in zip(INDICATORS, (6, 9, 25, 4, 12, 3)):
            level = scale * base.uniform(0.6, 1.4) * trend
            row[ind] = max(0, round(level + rng.uniform(-0.04, 0.04) * level))
        rows.append(row)
    return rows


def _negative_cases(world: World, week: int, as_of: dt.date) -> list[dict]:
    rng = _rng("cases")
    weeks = sorted(rng.choice(range(WEEKS)) for _ in range(TARGETS["cases"]))
    points = _observation_points(world)
    rows = []
    for n, w in enumerate(weeks, start=1):
        crng = _rng("case", n)
        point = points[crng.randrange(20)] if crng.random() < 0.4 else None
        unit = point["unit_code"] if point else crng.choice([u for u in world.lower if not u["invented"]])["code"]
        district = point["district_code"] if point else unit[:6]
        if w == week:
            rows.append(dict(case_id=f"NC{n:03d}", notified_on=as_of - dt.timedelta(days=crng.randint(0, 4)),
                             district_code=district, unit_code=unit, point_id=point["point_id"] if point else "",
                             category=crng.choice(TABLES["negative_cases"].column("category").choices)))
    return rows


def _recruitment(world: World, week: int) -> list[dict]:
    rows = []
    weights = _district_weights(world)
    for channel, by_year in (("graduate_exam", GRADUATES_BY_YEAR), ("masters_city_post", MASTERS_BY_YEAR)):
        for year, total in by_year.items():
            if year == 2025 and week < COHORT_2025_WEEK:
                continue
            rng = _rng("recruit", channel, year)
            for d, n in zip(world.districts, _split_total(total, [w * rng.uniform(0.8, 1.2) for w in weights])):
                if (d, year, channel) == REVISED[:3] and week < REVISED[4]:
                    n += REVISED[3]
                if n:
                    rows.append(dict(district_code=d, year=year, channel=channel, recruits=n))
    return rows


def _workforce(world: World, week: int) -> list[dict]:
    weights = _district_weights(world)
    t = TARGETS
    finals = {
        "community_staff_total": (t["staff"], 0.99), "community_workers": (t["workers"], 0.97),
        "recruited_workers": (t["recruited"], 0.97), "in_two_committees": (t["two_committees"], 0.86),
        "head_posts": (t["head_posts"], 1.0), "heads": (t["heads"], 0.8),
        "civil_servants_targeted": (t["civil"], 0.6), "institution_staff_targeted": (t["institution"], 0.6),
        "deputy_section_promotions": (t["deputy"], 0.5),
    }
    rows = [dict(district_code=d, urban_residents=URBAN_RESIDENTS[d]) for d in world.districts]
    # Staffing levels differ between districts (the city ratio stays 18.2: totals are fixed).
    level = {d: f for d, f in zip(world.districts, (1.08, 0.93, 1.12, 0.97, 0.86, 0.91, 1.04, 1.18, 0.88, 1.0))}
    for col, (final, start) in finals.items():
        shares = _split_total(final, [w * level[d] if URBAN_RESIDENTS[d] else 0 for d, w in zip(world.districts, weights)])
        for row, share in zip(rows, shares):
            row[col] = _grow(share, week, start)
    return rows


def _teams(world: World) -> list[dict]:
    rng = _rng("teams")
    communities = sorted((u for u in world.lower if u["level"] == "community" and not u["invented"]),
                         key=lambda u: u["code"])
    rows = [dict(team_id=f"WC{i:02d}", team_name=f"{world.district_names[d]}巾帼志愿服务团", team_kind="corps", district_code=d)
            for i, d in enumerate(world.districts, start=1)]
    for i, u in enumerate(sorted(rng.sample(communities, TARGETS["teams"]), key=lambda u: u["code"]), start=1):
        rows.append(dict(team_id=f"WT{i:03d}", team_name=f"{u['name'].removesuffix('居委会')}巾帼志愿服务队",
                         team_kind="team", district_code=u["district"]))
    for i, d in enumerate(world.districts, start=1):
        for k, suffix in enumerate(("一", "二", "三")[: 3 if d in URBAN else 1]):
            name = f"{world.district_names[d]}法律援助志愿服务{suffix + '队' if d in URBAN else '队'}"
            rows.append(dict(team_id=f"LA{i:02d}{k}", team_name=name, team_kind="legal_aid", district_code=d))
    return rows


def _weekly_counts(total: int, purpose: str) -> list[int]:
    rng = _rng("weekly", purpose)
    return _split_total(total, [rng.uniform(0.6, 1.4) * (1 + i / WEEKS) for i in range(WEEKS)])


def _community_of(world: World, district: str, rng: random.Random, week: int) -> str:
    options = [u["code"] for u in world.lower if u["district"] == district and u["level"] == "community"
               and week >= u["appears"]]
    return rng.choice(options) if options else ""


def _sessions(world: World, teams: list[dict], week: int, as_of: dt.date) -> list[dict]:
    n = _weekly_counts(TARGETS["sessions"], "sessions")[week]
    offset = sum(_weekly_counts(TARGETS["sessions"], "sessions")[:week])
    pool = [t for t in teams if t["team_kind"] in ("corps", "team")]
    rows = []
    for k in range(n):
        rng = _rng("session", week, k)
        team = rng.choice(pool)
        rows.append(dict(session_id=f"VS{offset + k + 1:05d}", held_on=as_of - dt.timedelta(days=rng.randint(0, 6)),
                         district_code=team["district_code"], unit_code=_community_of(world, team["district_code"], rng, week),
                         team_id=team["team_id"], service_kind=rng.choice(("一老", "一幼", "困难群体", "其他")),
                         participants=rng.randint(5, 40)))
    return rows


def _legal_aid(world: World, teams: list[dict], week: int, as_of: dt.date) -> list[dict]:
    counts = _weekly_counts(TARGETS["legal_aid"], "legal")
    offset = sum(counts[:week])
    pool = [t for t in teams if t["team_kind"] == "legal_aid"]
    weights = [URBAN_RESIDENTS[t["district_code"]] or 20_000 for t in pool]
    rows = []
    for k in range(counts[week]):
        rng = _rng("legal", week, k)
        team = rng.choices(pool, weights)[0]
        rows.append(dict(case_id=f"LA{offset + k + 1:05d}", handled_on=as_of - dt.timedelta(days=rng.randint(0, 6)),
                         district_code=team["district_code"],
                         unit_code=_community_of(world, team["district_code"], rng, week) if rng.random() < 0.8 else "",
                         team_id=team["team_id"], case_type=rng.choice(("劳动", "婚姻家庭", "邻里", "消费", "其他"))))
    return rows


# ------------------------------------------------------------------ writing the files
# How each report arrives: (format, header language). Mixed on purpose, as districts send them.
FILE_STYLE = {
    "units": ("csv-utf8", "en"), "grids": ("csv-gbk", "zh"), "district_restructuring": ("xlsx", "zh"),
    "city_indicators": ("csv-utf8", "en"), "task_book": ("xlsx", "zh"), "signage_cleanup": ("csv-gbk", "zh"),
    "observation_points": ("csv-utf8", "zh"), "observation_weekly": ("xlsx", "zh"),
    "negative_cases": ("csv-utf8", "en"), "recruitment": ("csv-gbk", "zh"), "workforce": ("xlsx", "en"),
    "service_sites": ("csv-utf8", "zh"), "volunteer_teams": ("csv-gbk", "zh"),
    "volunteer_sessions": ("per-district-gbk", "zh"), "legal_aid_cases": ("csv-utf8", "en"),
}


def write_report(path: Path, table_name: str, rows: list[dict], fmt: str, lang: str) -> None:
    table = TABLES[table_name]
    header = [c.zh if lang == "zh" else c.name for c in table.columns]
    cells = [[_text(r.get(c.name, "")) for c in table.columns] for r in rows]
    if fmt == "xlsx":
        frame = pl.DataFrame(cells, schema=header, orient="row") if cells else pl.DataFrame(schema={h: pl.String for h in header})
        frame.write_excel(path, autofit=True)
        return
    encoding = "gb18030" if fmt.endswith("gbk") else "utf-8-sig"
    with path.open("w", encoding=encoding, newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(cells)


def _text(v) -> str:
    return v.isoformat() if isinstance(v, dt.date) else str(v)


def write_inbox(world: World, week: int, inbox: Path) -> None:
    inbox.mkdir(parents=True, exist_ok=True)
    (inbox / DEMO_MARKER).write_text("示例数据：由 grassroots.demo 生成，不是真实报送。\n", encoding="utf-8")
    for name, rows in week_reports(world, week).items():
        fmt, lang = FILE_STYLE[name]
        if fmt == "per-district-gbk":
            for d in world.districts:
                mine = [r for r in rows if r["district_code"] == d]
                write_report(inbox / f"{name}__{d}.csv", name, mine, "csv-gbk", lang)
        else:
            write_report(inbox / f"{name}.{'xlsx' if fmt == 'xlsx' else 'csv'}", name, rows, fmt, lang)


def write_inboxes(root: Path, weeks: range | None = None) -> list[tuple[dt.date, Path]]:
    world = World()
    out = []
    for week in weeks or range(WEEKS):
        inbox = root / AS_OF_DATES[week].isoformat()
        write_inbox(world, week, inbox)
        out.append((AS_OF_DATES[week], inbox))
    return out


def build(base: Path, inbox_root: Path | None = None, progress=print) -> list[Path]:
    """Write all demo inboxes and publish each missing snapshot through the real refresh."""
    from grassroots.pipeline import run_refresh

    inbox_root = inbox_root or base / "demo_inbox"
    published = []
    existing = {s.as_of for s in snapshots.list_snapshots(base)}
    for as_of, inbox in write_inboxes(inbox_root):
        if as_of in existing:
            continue
        result = run_refresh(inbox, as_of, base=base)
        if not result.ok:
            raise SystemExit("示例数据未通过校验（生成器有误）：\n" + "\n".join(map(str, result.problems)))
        progress(f"已发布示例快照 {as_of}")
        published.append(result.snapshot)
    return published


def main() -> None:
    parser = argparse.ArgumentParser(description="生成示例数据（26 周报送）并通过刷新流程发布快照")
    parser.add_argument("--data-dir", type=Path, default=None, help="数据目录（默认 data/ 或 $GRASSROOTS_DATA_DIR）")
    parser.add_argument("--inboxes-only", action="store_true", help="只生成报送目录，不发布快照")
    args = parser.parse_args()
    base = args.data_dir or snapshots.data_dir()
    if args.inboxes_only:
        for as_of, inbox in write_inboxes(base / "demo_inbox"):
            print(inbox)
    else:
        build(base)


if __name__ == "__main__":
    main()
