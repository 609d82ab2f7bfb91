"""预警: the rules of catalogue/alerts.toml (versioned) evaluated on a published snapshot (a burden
rising N weeks running, a figure behind its target path, a confirmed change beyond its band) or
at the reports' deadline (a district's report missing). An alert names its rule, scope and week;
it is owed to every recipient whose scope holds it through the push outbox, whose key (week ×
recipient × channel × alert:<rule>:<scope>) makes it go at most once per rule, scope and week.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from grassroots import catalogue
from grassroots.access.audit import LOCAL_TZ
from grassroots.access.scope import CITY
from grassroots.access.scope import of as scope_of
from grassroots.catalogue import figures, fmt
from grassroots.push.config import Settings

RULES_FILE = Path(catalogue.__file__).with_name("alerts.toml")
KINDS = ("burden_rising", "report_missing", "behind_path", "override_used")


def load(path: Path = RULES_FILE) -> dict:
    with path.open("rb") as f:
        data = tomllib.load(f)
    unknown = set(data.get("rules", {})) - set(KINDS)
    if not data.get("version") or unknown or not all(r.get("zh") and r.get("en") and len(r.get("name", ())) == 2
                                                     for r in data["rules"].values()):
        raise ValueError(f"{path}: version, and rules among {', '.join(KINDS)} each with name, zh and en, are required")
    return data


@dataclass(frozen=True)
class Alert:
    rule: str
    scope: str  # a district code, or "city"
    week: str
    zh: str
    en: str
    version: str
    figure: str | None = None  # the figure it is about, if one: a leader can make it a 督办 task

    @property
    def subject(self) -> str:
        return f"alert:{self.rule}:{self.scope}"

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    def rule_name(self, lang: str, config: dict | None = None) -> str:
        return (config or load())["rules"][self.rule]["name"][1 if lang == "en" else 0]

    def payload(self) -> dict:
        return {"rule": self.rule, "scope": self.scope, "zh": self.zh, "en": self.en, "version": self.version,
                "snapshot": self.week}


def _say(rule: dict, **slots) -> tuple[str, str]:
    zh = rule["zh"].format(**{k: v[0] if isinstance(v, tuple) else v for k, v in slots.items()})
    en = rule["en"].format(**{k: v[1] if isinstance(v, tuple) else v for k, v in slots.items()})
    return zh, en


def rising_streaks(rows: pl.DataFrame, n: int) -> pl.DataFrame:
    """The points (observation_streaks' rows, by point and week) whose burden rose in each of their
    last n weeks, an empty change being no rise: each point's last row. One pass over the rows, not a
    filter per point (at scale there are thousands of points)."""
    return (rows.group_by("point_id", maintain_order=True)
            .agg(pl.len().alias("weeks"), (pl.col("burden_change").fill_null(0).tail(n) > 0).all().alias("rising"),
                 pl.all().exclude("point_id").last())
            .filter((pl.col("weeks") >= n) & pl.col("rising")).drop("weeks", "rising"))


def on_snapshot(snapshot, district: str | None = None, config: dict | None = None) -> list[Alert]:
    """The snapshot's alerts in a scope (district None: the city and every district)."""
    import queries

    config, out = config or load(), []
    rules, version, week = config["rules"], config["version"], snapshot.as_of.isoformat()
    scope = scope_of(district)
    if "burden_rising" in rules:
        n = int(rules["burden_rising"]["weeks"])
        rows = queries.run("observation_streaks", snapshot, scope=scope, weeks=n, district_code=district)
        for last in rising_streaks(rows, n).iter_rows(named=True):
            zh, en = _say(rules["burden_rising"], point=last["point_id"], unit=last["unit_name"] or "—", weeks=n,
                          district=(last["district_name"], last["district_name_en"]), total=int(last["burden_total"]))
            out.append(Alert("burden_rising", last["district_code"], week, zh, en, version))
    if "behind_path" in rules and district is None:
        out += _behind(snapshot, rules["behind_path"], version)
    if "override_used" in rules:
        for c in snapshot.manifest.get("accepted_changes") or []:
            if district is not None and c.get("district") != district or c.get("figure") not in figures.FIGURES:
                continue
            f = figures.FIGURES[c["figure"]]
            where = (f"（{c['district']}）", f" ({c['district']})") if c.get("district") else ("", "")
            zh, en = _say(rules["override_used"], figure=(f.zh, f.en), district=where,
                          before=(fmt.number(c["from"]), fmt.number(c["from"], "en")),
                          after=(fmt.number(c["to"]), fmt.number(c["to"], "en")))
            out.append(Alert("override_used", c.get("district") or "city", week, zh, en, version, c["figure"]))
    return out


def _behind(snapshot, rule: dict, version: str) -> list[Alert]:
    import queries

    start, due = dt.date.fromisoformat(rule["start"]), dt.date.fromisoformat(rule["due"])
    expected = min(1.0, max(0.0, (snapshot.as_of - start).days / max(1, (due - start).days)))
    frame = queries.run("headline_figures", snapshot, scope=CITY, district_code=None)
    config, out = figures.load_targets(), []
    for fid, value in zip(frame["figure_id"], frame["value"]):
        state, progress = figures.status(fid, value, config)
        if progress is None or progress >= 1 or expected - progress <= rule["gap_pct"] / 100:
            continue
        f = figures.FIGURES[fid]
        zh, en = _say(rule, figure=(f.zh, f.en), progress=round(100 * progress), expected=round(100 * expected),
                      gap=rule["gap_pct"])
        out.append(Alert("behind_path", f"city:{fid}", snapshot.as_of.isoformat(), zh, en, version, fid))
    return out


def missing_at_deadline(base: Path, now: dt.datetime, config: dict | None = None) -> list[Alert]:
    """Districts that have not handed in every report of the week due, once its deadline has passed."""
    from grassroots import desk
    from grassroots.store import snapshots

    config = config or load()
    rule = config["rules"].get("report_missing")
    local = now.astimezone(LOCAL_TZ)
    week = desk.due_date(local.date())
    hour, minute = map(int, config["deadline"]["time"].split(":"))
    deadline = dt.datetime.combine(week, dt.time(hour, minute), LOCAL_TZ)
    if rule is None or local < deadline or week in {s.as_of for s in snapshots.list_snapshots(base)}:
        return []
    have = desk.present(desk.week_inbox(base, week))
    whole = {r for r, d in have if d is None}
    out = []
    for code, (zh_name, en_name) in zip(desk.district_codes(), zip(desk.district_names("zh").values(),
                                                                  desk.district_names("en").values())):
        missing = [t for t in desk.DISTRICT_REPORTS if t.name not in whole and (t.name, code) not in have]
        if missing:
            zh, en = _say(rule, deadline=deadline.strftime("%m-%d %H:%M"), district=(zh_name, en_name),
                          reports=("、".join(desk.report_label(t.name, "zh") for t in missing),
                                   ", ".join(desk.report_label(t.name, "en") for t in missing)))
            out.append(Alert("report_missing", code, week.isoformat(), zh, en, config["version"]))
    return out


def owe(base: Path, settings: Settings, found: list[Alert], demo: bool = False) -> list[str]:
    """Each alert to the recipients whose scope holds it: the city's get all, a district's its own."""
    from grassroots.push.deliver import owe as owe_message

    keys = []
    for a in found:
        to = [r for r in settings.recipients if r.district is None or r.district == a.scope]
        keys += owe_message(base, settings, a.week, a.subject, to, {**a.payload(), "demo": demo})
    return keys


def owe_snapshot(base: Path, settings: Settings, week: str) -> list[str]:
    from grassroots.outputs.brief import find_snapshot

    snapshot = find_snapshot(dt.date.fromisoformat(week), base)
    return owe(base, settings, on_snapshot(snapshot), demo=snapshot.is_demo)
