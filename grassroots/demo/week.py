"""One week of the demo world as the districts' reports: a frame of text cells per report table,
under the schema's column names (grassroots/demo/build.py writes them out as files).

Each report's rows come from one function here; grassroots/demo/world.py holds the places, the
targets and the random draws they share."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import polars as pl

from grassroots.catalogue.tables import TABLES
from grassroots.demo.world import (
    AFFAIRS_FIRST_CUT, APPROVAL_WEEK, GRADUATES_SHARE, MASTERS_SHARE, PLAN_STATUS_OTHER, POINTS_SHARE,
    REFORM_WEEKS, URBAN, World, as_of, grow, pre_factor, rng, split_total,
)


WEEKS = REFORM_WEEKS  # the default: the reform window alone
AS_OF_DATES = [as_of(r) for r in range(WEEKS)]
COHORT_2025_WEEK = 6  # the 2025 exam results are reported from this week on
REVISED = ("150103", 2024, "graduate_exam", 3, 12)  # district, year, channel, +error, corrected in week
OBSERVATION_DESIGNATED = dt.date(2026, 4, 15)

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


def _yes(flag: pl.Expr) -> pl.Expr:
    return pl.when(flag).then(pl.lit("是")).otherwise(pl.lit("否"))


def _text(v) -> str:
    return v.isoformat() if isinstance(v, dt.date) else str(v)


def _frame(table_name: str, rows: list[dict]) -> pl.DataFrame:
    """Rows as the text cells of the report (every column a string, in the schema's order)."""
    columns = TABLES[table_name].column_names
    return pl.DataFrame({c: [_text(r.get(c, "")) for r in rows] for c in columns},
                        schema={c: pl.String for c in columns})


# ------------------------------------------------------------------ one week of reports
def week_reports(world: World, week: int) -> dict[str, pl.DataFrame]:
    """Every report of the world's week `week` (0 = its first), as frames of text cells."""
    r = world.reform_week(week)
    as_of_day = world.as_of_dates[week]
    units = _units(world, r)
    grids = world.grid_frame(r)
    reports = {"units": units, "grids": grids,
               "district_restructuring": _frame("district_restructuring", _restructuring(world, r, units, grids))}
    t = world.t
    first_cut = {kind: round(t[f"{kind}_affairs_before"]
                             - AFFAIRS_FIRST_CUT * (t[f"{kind}_affairs_before"] - t[f"{kind}_affairs_after"]))
                 for kind in ("community", "village")}
    reports["city_indicators"] = _frame("city_indicators", [dict(indicator_code=k, value=v) for k, v in {
        "enforcement_items_before": t["enforcement_before"], "enforcement_items_after": t["enforcement_after"],
        "guidance_catalogs": min(t["guidance"], t["guidance"] - 3 + max(r, 0) // 2),
        "community_affairs_before": t["community_affairs_before"],
        "community_affairs_after": t["community_affairs_before"] if r < 3 else (
            first_cut["community"] if r < 8 else t["community_affairs_after"]),
        "village_affairs_before": t["village_affairs_before"],
        "village_affairs_after": t["village_affairs_before"] if r < 3 else (
            first_cut["village"] if r < 9 else t["village_affairs_after"]),
    }.items()])
    reports["task_book"] = _frame("task_book", _task_book(world, as_of_day))
    reports["signage_cleanup"] = _frame("signage_cleanup", _per_district_growth(world, r, {
        "signs_removed": (t["signs"], 0.45), "wall_rules_removed": (t["wall_rules"], 0.40)}))
    points = _observation_points(world)
    reports["observation_points"] = _frame("observation_points", points)
    reports["observation_weekly"] = _frame("observation_weekly", _observation_weekly(world, points, r, as_of_day))
    reports["negative_cases"] = _frame("negative_cases", _negative_cases(world, r, as_of_day))
    reports["recruitment"] = _frame("recruitment", _recruitment(world, r, as_of_day))
    reports["workforce"] = _frame("workforce", _workforce(world, r))
    reports["service_sites"] = _frame("service_sites", _per_district_growth(world, r, {
        "party_service_centres": (t["centres"], 0.97), "red_bee_stations": (t["red_bee"], 0.85),
        "mobile_party_stations": (t["mobile"], 0.8), "couriers_served": (t["couriers"], 0.85),
        "new_employment_grid_members": (t["grid_members"], 0.8)}))
    teams = _teams(world)
    reports["volunteer_teams"] = _frame("volunteer_teams", teams)
    reports["volunteer_sessions"] = _frame("volunteer_sessions", _sessions(world, teams, r, as_of_day))
    reports["legal_aid_cases"] = _frame("legal_aid_cases", _legal_aid(world, teams, r, as_of_day))
    return reports


def _units(world: World, r: int) -> pl.DataFrame:
    def unit(code, name, level, parent, district, status="active", invented=False) -> dict:
        return dict(unit_code=code, unit_name=name, unit_level=level, parent_code=parent, district_code=district,
                    status=status, has_affairs_list="否", is_demo_invented=("是" if invented else "否"))

    upper = []
    for d in URBAN:
        if world.approved(d, r):
            upper += [unit(s["town_code"], s["name"], "street", d, d) for s in world.new_streets if s["county_code"] == d]
        else:
            upper += [unit(code, s["name"], "street", d, d) for code, s in world.old_streets.items() if s["county_code"] == d]
            upper += [unit(code, world.town_names[code], "town", d, d) for code in world.absorbed if code[:6] == d]
    upper += [unit(t["town_code"], t["name"], "town", t["county_code"], t["county_code"]) for t in world.other_towns]
    for d, names in world.planned_streets.items():
        upper += [unit(f"{d}09{i}", name, "street", d, d, status="planned", invented=True)
                  for i, name in enumerate(names, start=1)]
    lower = world.lower_frame(r).select(
        unit_code="code", unit_name="name", unit_level="level", parent_code="parent", district_code="district",
        status=pl.lit("active"), has_affairs_list=_yes(pl.col("listed")), is_demo_invented=_yes(pl.col("invented")))
    return pl.concat([_frame("units", upper), lower])


def _restructuring(world: World, r: int, units: pl.DataFrame, grids: pl.DataFrame) -> list[dict]:
    count = {(d, level): n for d, level, n in units.filter(pl.col("status") == "active")
             .group_by("district_code", "unit_level").len().iter_rows()}
    grid_count = dict(grids.group_by("district_code").len().iter_rows())
    rows = []
    for d in world.districts:
        if d in URBAN:
            status = "approved" if world.approved(d, r) else "submitted"
            approved_on = as_of(APPROVAL_WEEK[d]) - dt.timedelta(days=2) if status == "approved" else ""
            before = sum(1 for s in world.old_streets.values() if s["county_code"] == d)
            planned = sum(1 for s in world.new_streets if s["county_code"] == d)
        else:
            status, approved_on, before = PLAN_STATUS_OTHER.get(d, "none"), "", 0
            planned = len(world.planned_streets.get(d, []))
        rows.append(dict(
            district_code=d, plan_status=status, plan_approved_on=approved_on, streets_before=before,
            streets_planned=planned, streets_now=count.get((d, "street"), 0),
            communities=count.get((d, "community"), 0), villages=count.get((d, "village"), 0),
            grids=grid_count.get(d, 0), posts_moved_down=world.posts_moved_down.get(d, 0)))
    return rows


def _district_weights(world: World) -> list[float]:
    return [world.residents[d] or 1 for d in world.districts]


# Counts that add up what was done so far; the other figures of these reports are stocks.
CUMULATIVE = {"signs_removed", "wall_rules_removed", "couriers_served", "civil_servants_targeted",
              "institution_staff_targeted", "deputy_section_promotions"}


def _per_district_growth(world: World, r: int, columns: dict[str, tuple[int, float]]) -> list[dict]:
    rows = [dict(district_code=d) for d in world.districts]
    for col, (final, start) in columns.items():
        draw = rng("growth", col)
        weights = [w * draw.uniform(0.7, 1.3) for w in _district_weights(world)]
        for row, share in zip(rows, split_total(final, weights)):
            row[col] = grow(share, r, start, col in CUMULATIVE)
    return rows


def _task_book(world: World, as_of_day: dt.date) -> list[dict]:
    """The task book; before the window its tasks start 26 weeks ahead of week 0."""
    if world.t["task_units"] > len(LEAD_UNITS):
        raise ValueError(f"task_book_units = {world.t['task_units']}: the demo names only {len(LEAD_UNITS)} lead units")
    lead_units = LEAD_UNITS[: world.t["task_units"]]
    draw = rng("tasks")
    rows = []
    for i in range(1, world.t["tasks"] + 1):
        category, topic = TASK_TOPICS[(i - 1) % len(TASK_TOPICS)]
        lead = lead_units[(i - 1) % len(lead_units)]
        done_on = as_of(0) - dt.timedelta(days=draw.randint(1, 120)) if i <= 30 else \
            as_of(min(WEEKS - 3, draw.randint(0, WEEKS - 3))) - dt.timedelta(days=draw.randint(0, 6))
        due = dt.date(2026, 6, 30) if i <= 30 else dt.date(2026, 9, 30) if i <= 50 else dt.date(2026, 11, 30)
        done = done_on <= as_of_day
        started = done or (i <= 55 and as_of_day >= as_of(-26)) or as_of_day >= as_of(6)
        rows.append(dict(task_id=f"T{i:02d}", task_title=f"{topic}（{(i - 1) // len(TASK_TOPICS) + 1}）",
                         lead_unit=lead, category=category,
                         status="done" if done else ("in_progress" if started else "not_started"),
                         due_on=due, completed_on=done_on if done else ""))
    return rows


def _observation_points(world: World) -> list[dict]:
    """20 x scale points, 3 : 2 in communities and villages. They were designated on 2026-04-15,
    or just before the world's first week if it starts earlier: the report is never empty."""
    def make() -> list[dict]:
        draw = rng("points")
        stable = world.lower.filter(~pl.col("base_invented") & (pl.col("appears") == 0)).sort("code")
        communities = stable.filter(pl.col("level") == "community").rows(named=True)
        villages = stable.filter(pl.col("level") == "village").rows(named=True)
        n_points = world.t["points"] * world.scale
        n_villages = min(split_total(n_points, list(POINTS_SHARE))[1], len(villages))
        chosen = draw.sample(communities, n_points - n_villages) + draw.sample(villages, n_villages)
        chosen.sort(key=lambda u: u["code"])
        width = max(2, len(str(len(chosen))))
        designated = min(OBSERVATION_DESIGNATED, world.as_of_dates[0] - dt.timedelta(days=2))
        return [dict(point_id=f"OP{i:0{width}d}", unit_code=u["code"], district_code=u["district"],
                     designated_on=designated) for i, u in enumerate(chosen, start=1)]
    return world.memo("points", None, make)


INDICATORS = ("tasks_pushed_down", "forms_ledgers", "certificates", "meetings", "work_chat_groups", "inspections")
INDICATOR_LEVELS = (6, 9, 25, 4, 12, 3)
RISING_POINTS = {7: 20, 15: WEEKS - 1}  # points (number mod 20) whose burden climbs back from this week


def _observation_weekly(world: World, points: list[dict], r: int, as_of_day: dt.date) -> list[dict]:
    bases = world.memo("point_bases", None, lambda: {
        p["point_id"]: [draw.uniform(0.6, 1.4) for draw in [rng("op-base", p["point_id"])] for _ in INDICATORS]
        for p in _observation_points(world)})
    rows = []
    for i, point in enumerate(points, start=1):
        pid = point["point_id"]
        noise = rng("op", pid, r)
        trend = 1 - 0.35 * max(r, 0) / (WEEKS - 1)
        if i % 20 in RISING_POINTS and r >= RISING_POINTS[i % 20]:
            trend *= 1.6
        row = dict(point_id=pid, week_ending=as_of_day)
        for ind, level, base in zip(INDICATORS, INDICATOR_LEVELS, bases[pid]):
            value = level * base * trend
            row[ind] = max(0, round(value + noise.uniform(-0.04, 0.04) * value))
        rows.append(row)
    return rows


# ------------------------------------------------------------------ events
def _counts_before(world: World, purpose: str, rate: float) -> dict[int, int]:
    """Events in each week before the window: week 0's expected rate, slowly lower further back."""
    return {r: round(rate * pre_factor(r) * rng("weekly-before", purpose, r).uniform(0.6, 1.4))
            for r in range(min(world.first, 0), 0)}


def _event_counts(world: World, purpose: str, total: int) -> dict[int, int]:
    """Events per reform week: the window splits `total` x scale over its weeks, rising."""
    def make() -> dict[int, int]:
        total_n = total * world.scale
        weights = [1 + i / WEEKS for i in range(WEEKS)]
        draw = rng("weekly", purpose)
        window = split_total(total_n, [draw.uniform(0.6, 1.4) * w for w in weights])
        return {**_counts_before(world, purpose, total_n / sum(weights)), **dict(enumerate(window))}
    return world.memo(f"counts:{purpose}", None, make)


def _numbering(counts: dict[int, int], r: int, width: int) -> tuple[int, int]:
    """Events numbered before week r, and an id width that keeps every id of the world unique."""
    return sum(n for w, n in counts.items() if w < r), max(width, len(str(sum(counts.values()))))


def _negative_cases(world: World, r: int, as_of_day: dt.date) -> list[dict]:
    """20 x scale cases in the window, on weeks drawn at random; a few a week before it."""
    def make() -> dict[int, int]:
        n_window = world.t["cases"] * world.scale
        draw = rng("cases")
        weeks = Counter(draw.choice(range(WEEKS)) for _ in range(n_window))
        return {**_counts_before(world, "cases", n_window / WEEKS), **{w: weeks[w] for w in range(WEEKS)}}
    counts = world.memo("counts:cases", None, make)
    offset, width = _numbering(counts, r, 3)
    n_before = sum(n for w, n in counts.items() if w < 0)
    pool = world.memo("case_units", None, lambda: world.lower.filter(~pl.col("base_invented"))["code"].to_list())
    points = _observation_points(world)
    categories = TABLES["negative_cases"].column("category").choices
    rows = []
    for k in range(counts.get(r, 0)):
        n = offset + k + 1
        draw = rng("case", n - n_before) if r >= 0 else rng("case-before", r, k)
        point = points[draw.randrange(len(points))] if draw.random() < 0.4 else None
        unit = point["unit_code"] if point else draw.choice(pool)
        district = point["district_code"] if point else unit[:6]
        rows.append(dict(case_id=f"NC{n:0{width}d}", notified_on=as_of_day - dt.timedelta(days=draw.randint(0, 4)),
                         district_code=district, unit_code=unit, point_id=point["point_id"] if point else "",
                         category=draw.choice(categories)))
    return rows


def _community_of(world: World, district: str, draw, r: int) -> str:
    options = world.communities_of(district, r)
    return draw.choice(options) if options else ""


def _sessions(world: World, teams: list[dict], r: int, as_of_day: dt.date) -> list[dict]:
    counts = _event_counts(world, "sessions", world.t["sessions"])
    offset, width = _numbering(counts, r, 5)
    pool = [t for t in teams if t["team_kind"] in ("corps", "team")]
    rows = []
    for k in range(counts.get(r, 0)):
        draw = rng("session", r, k)
        team = draw.choice(pool)
        rows.append(dict(session_id=f"VS{offset + k + 1:0{width}d}", held_on=as_of_day - dt.timedelta(days=draw.randint(0, 6)),
                         district_code=team["district_code"], unit_code=_community_of(world, team["district_code"], draw, r),
                         team_id=team["team_id"], service_kind=draw.choice(("一老", "一幼", "困难群体", "其他")),
                         participants=draw.randint(5, 40)))
    return rows


def _legal_aid(world: World, teams: list[dict], r: int, as_of_day: dt.date) -> list[dict]:
    counts = _event_counts(world, "legal", world.t["legal_aid"])
    offset, width = _numbering(counts, r, 5)
    pool = [t for t in teams if t["team_kind"] == "legal_aid"]
    weights = [world.residents[t["district_code"]] or 20_000 for t in pool]
    rows = []
    for k in range(counts.get(r, 0)):
        draw = rng("legal", r, k)
        team = draw.choices(pool, weights)[0]
        rows.append(dict(case_id=f"LA{offset + k + 1:0{width}d}", handled_on=as_of_day - dt.timedelta(days=draw.randint(0, 6)),
                         district_code=team["district_code"],
                         unit_code=_community_of(world, team["district_code"], draw, r) if draw.random() < 0.8 else "",
                         team_id=team["team_id"], case_type=draw.choice(("劳动", "婚姻家庭", "邻里", "消费", "其他"))))
    return rows


# ------------------------------------------------------------------ people
def _cohorts(total: int, shares: dict[int, int]) -> dict[int, int]:
    return dict(zip(shares, split_total(total, list(shares.values()))))


def _recruitment(world: World, r: int, as_of_day: dt.date) -> list[dict]:
    """Recruits by year and channel. A cohort is reported in full from a year before the next
    one (the 2025 cohort in week COHORT_2025_WEEK); before the window each earlier cohort is
    reported growing through its year, and a district with no cohort yet reports 0 for the year."""
    rows = []
    weights = _district_weights(world)
    for channel, by_year in (("graduate_exam", _cohorts(world.t["graduates"], GRADUATES_SHARE)),
                             ("masters_city_post", _cohorts(world.t["masters"], MASTERS_SHARE))):
        for year, total in by_year.items():
            complete = COHORT_2025_WEEK - 52 * (2025 - year)  # the week the cohort is reported in full
            if r >= complete:
                share = 1.0
            elif year < 2025 and r >= complete - 52:
                share = (r - complete + 52) / 52
            else:
                continue
            draw = rng("recruit", channel, year)
            for d, n in zip(world.districts, split_total(total, [w * draw.uniform(0.8, 1.2) for w in weights])):
                if (d, year, channel) == REVISED[:3] and r < REVISED[4]:
                    n += REVISED[3]
                if n:
                    rows.append(dict(district_code=d, year=year, channel=channel, recruits=round(n * share)))
    if not rows:  # before the first cohort: every district states that it recruited no one yet
        rows = [dict(district_code=d, year=as_of_day.year, channel="graduate_exam", recruits=0)
                for d, w in zip(world.districts, _district_weights(world)) if w > 1]
    return rows


def _workforce(world: World, r: int) -> list[dict]:
    weights = _district_weights(world)
    t = world.t
    finals = {
        "community_staff_total": (t["staff"], 0.99), "community_workers": (t["workers"], 0.97),
        "recruited_workers": (t["recruited"], 0.97), "in_two_committees": (t["two_committees"], 0.86),
        "head_posts": (t["head_posts"], 1.0), "heads": (t["heads"], 0.8),
        "civil_servants_targeted": (t["civil"], 0.6), "institution_staff_targeted": (t["institution"], 0.6),
        "deputy_section_promotions": (t["deputy"], 0.5),
    }
    rows = [dict(district_code=d, urban_residents=world.residents[d]) for d in world.districts]
    # Staffing levels differ between districts (the city ratio stays as published: totals are fixed).
    level = {d: f for d, f in zip(world.districts, (1.08, 0.93, 1.12, 0.97, 0.86, 0.91, 1.04, 1.18, 0.88, 1.0))}
    for col, (final, start) in finals.items():
        shares = split_total(final, [w * level[d] if world.residents[d] else 0 for d, w in zip(world.districts, weights)])
        for row, share in zip(rows, shares):
            row[col] = grow(share, r, start, col in CUMULATIVE)
    return rows


def _teams(world: World) -> list[dict]:
    def make() -> list[dict]:
        draw = rng("teams")
        communities = world.lower.filter((pl.col("level") == "community") & ~pl.col("invented")).sort("code").rows(named=True)
        corps = [world.districts[i % len(world.districts)] for i in range(world.t["corps"])]
        rows = [dict(team_id=f"WC{i:02d}", team_kind="corps", district_code=d,
                     team_name=f"{world.district_names[d]}巾帼志愿服务团{'' if i <= len(world.districts) else i}")
                for i, d in enumerate(corps, start=1)]
        for i, u in enumerate(sorted(draw.sample(communities, world.t["teams"]), key=lambda u: u["code"]), start=1):
            rows.append(dict(team_id=f"WT{i:03d}", team_name=f"{u['name'].removesuffix('居委会')}巾帼志愿服务队",
                             team_kind="team", district_code=u["district"]))
        for i, d in enumerate(world.districts, start=1):
            for k, suffix in enumerate(("一", "二", "三")[: 3 if d in URBAN else 1]):
                name = f"{world.district_names[d]}法律援助志愿服务{suffix + '队' if d in URBAN else '队'}"
                rows.append(dict(team_id=f"LA{i:02d}{k}", team_name=name, team_kind="legal_aid", district_code=d))
        return rows
    return world.memo("teams", None, make)
