"""红黑榜: the districts ranked for a published week by the rules of catalogue/league.toml. Each rule
scores a district from 0 to 1 from what the loop and the store hold — the week's review rounds and
carry-over (the loop's log), its uploads (the audit log), its 督办 tasks, and its stored figures
against last week's (history/figures.parquet) — and says how, as an interface sentence and its
values (league_<what> in i18n/loop.toml), so the page shows every score's working. Points are the
weighted sum; districts with equal points share a rank; the change is against the week before.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

import polars as pl

from grassroots.access.audit import LOCAL_TZ, AuditLog
from grassroots.catalogue.figures import TARGETS_FILE, load_targets
from grassroots.catalogue.league import LEAGUE, League
from grassroots.desk import loop, review, tasks
from grassroots.desk.places import district_codes
from grassroots.store import snapshots
from grassroots.store.pipeline import stored_figures
from grassroots.store.statedb import stamp


@dataclass(frozen=True)
class Part:
    rule: str
    score: float  # 0 to 1
    points: float  # score × the rule's weight
    how: str  # an interface sentence (league_<how>) …
    values: dict = field(default_factory=dict)  # … and what fills it


@dataclass
class Standing:
    district: str
    points: float
    parts: list[Part]
    rank: int = 0
    change: int | None = None  # places gained since the week before (None: not ranked then)


@dataclass
class Week:
    """What the rules read about one published week."""

    as_of: dt.date
    reviews: dict[str, review.Review]
    carried: set[str]
    uploads: dict[str, list[dict]]
    tasks: list[tasks.Task]
    now: dict[tuple[str, str], float]  # (district, figure) -> value, this week and the week before
    before: dict[tuple[str, str], float]


def _values(snapshot: snapshots.Snapshot | None) -> dict[tuple[str, str], float]:
    if snapshot is None:
        return {}
    frame = stored_figures(snapshot).filter(pl.col("district_code").is_not_null() & ~pl.col("city_only"))
    return {(d, f): v for d, f, v in frame.select("district_code", "figure_id", "value").iter_rows() if v is not None}


def facts(base: Path, audit: AuditLog, snapshot: snapshots.Snapshot, previous: snapshots.Snapshot | None) -> Week:
    log = loop.loop_log(audit)
    uploads: dict[str, list[dict]] = defaultdict(list)
    for e in audit.events(actions=["upload"], limit=50_000):
        if e["detail"].get("week") == snapshot.as_of.isoformat() and e["detail"].get("district"):
            uploads[e["detail"]["district"]].append(e)
    carried = set(snapshot.manifest.get("carried_over") or [])
    return Week(snapshot.as_of, review.reviews(log, snapshot.as_of), carried, uploads, tasks.tasks(log),
                _values(snapshot), _values(previous))


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(LOCAL_TZ)


# ------------------------------------------------------------------ the rules, by id
def on_time(w: Week, d: str, _rule) -> tuple[float, str, dict]:
    r = w.reviews[d]
    if d in w.carried or not r.rounds:
        return 0.0, "not_submitted", {}
    first = _local(r.rounds[0].submitted_at)
    values = {"at": first.strftime("%m-%d %H:%M"), "due": w.as_of.strftime("%m-%d")}
    return (1.0, "submitted", values) if first.date() <= w.as_of else (0.5, "submitted_late", values)


def first_pass(w: Week, d: str, _rule) -> tuple[float, str, dict]:
    r = w.reviews[d]
    if d in w.carried or not r.rounds:
        return 0.0, "not_submitted", {}
    if r.rounds[0].decision == "approved":
        return 1.0, "first_pass", {}
    return 0.0, ("returned" if any(x.decision == "returned" for x in r.rounds) else "not_approved"), {"n": len(r.rounds)}


def clean_files(w: Week, d: str, rule) -> tuple[float, str, dict]:
    files = w.uploads.get(d, [])
    if not files:
        return 1.0, "no_uploads", {}
    problems = sum(sum((e["detail"].get("rules") or {}).values()) for e in files if e["outcome"] == "refused")
    per_file = problems / len(files)
    return max(0.0, 1 - (rule.per_problem or 0) * per_file), "problems", {
        "files": len(files), "problems": problems, "per_file": f"{per_file:.1f}"}


def tasks_on_time(w: Week, d: str, _rule) -> tuple[float, str, dict]:
    due = [x for x in w.tasks if x.district == d and x.due <= w.as_of]
    if not due:
        return 1.0, "no_tasks_due", {}
    done = sum(x.closed_on_time() for x in due)
    return done / len(due), "tasks", {"done": done, "due": len(due)}


def progress(w: Week, d: str, _rule) -> tuple[float, str, dict]:
    toward = same = total = 0
    for figure, target in load_targets()["targets"].items():
        now, before = w.now.get((d, figure)), w.before.get((d, figure))
        if now is None or before is None:
            continue
        direction = 1 if target["target"] >= target.get("baseline", 0) else -1
        total += 1
        toward += (now - before) * direction > 0
        same += now == before
    if not total:
        return 0.5, "no_progress", {}
    return (toward + same / 2) / total, "progress", {"toward": toward, "same": same, "total": total}


MEASURES = {"on_time": on_time, "first_pass": first_pass, "clean_files": clean_files, "tasks_on_time": tasks_on_time,
            "progress": progress}
_unknown = [r.id for r in LEAGUE.rules if r.id not in MEASURES]
if _unknown:
    raise ValueError(f"{LEAGUE} names rules the desk does not compute: {', '.join(_unknown)} (known: {', '.join(MEASURES)})")


# ------------------------------------------------------------------ the table
def standings(w: Week, districts: list[str], league: League = LEAGUE) -> list[Standing]:
    """Every district's points and parts, best first, ranked (equal points share a rank)."""
    out = []
    for d in districts:
        parts = []
        for rule in league.rules:
            score, how, values = MEASURES[rule.id](w, d, rule)
            parts.append(Part(rule.id, score, round(score * rule.weight, 1), how, values))
        out.append(Standing(d, round(sum(p.points for p in parts), 1), parts))
    out.sort(key=lambda s: -s.points)  # stable: equal points keep the districts' order
    for i, s in enumerate(out):
        s.rank = out[i - 1].rank if i and out[i - 1].points == s.points else i + 1
    return out


REUSE_SECONDS = 30  # a table is computed again at least this often (a snapshot damaged after publish)


def table(base: Path, audit: AuditLog, as_of: dt.date, league: League = LEAGUE) -> list[Standing]:
    """The league of the published week `as_of`, with each district's change of rank since the week before.
    Kept while nothing it reads changes (the snapshots folder, the audit log, targets.toml) and for
    at most REUSE_SECONDS: the overview's narrative asks for it on every run."""
    key = (str(base), as_of, id(league), league.version, stamp(base / "snapshots"), stamp(audit.path),
           stamp(TARGETS_FILE), int(time.monotonic() // REUSE_SECONDS))
    rows = _TABLES.get(key)
    if rows is None:
        rows = _table(base, audit, as_of, league)
        with _TABLES_LOCK:
            _TABLES[key] = rows
            while len(_TABLES) > 32:
                _TABLES.pop(next(iter(_TABLES)))
    return [replace(r) for r in rows]


_TABLES: dict = {}
_TABLES_LOCK = threading.Lock()


def _table(base: Path, audit: AuditLog, as_of: dt.date, league: League) -> list[Standing]:
    listed = snapshots.recent(base, as_of, 3)  # the week, and the two before it for the change of rank
    if not listed or listed[-1].as_of != as_of:
        return []
    districts = district_codes()
    now = standings(facts(base, audit, listed[-1], listed[-2] if len(listed) > 1 else None), districts, league)
    if len(listed) > 1:
        before = {s.district: s.rank for s in standings(
            facts(base, audit, listed[-2], listed[-3] if len(listed) > 2 else None), districts, league)}
        for s in now:
            s.change = before[s.district] - s.rank if s.district in before else None
    return now


def brief_lines(snapshot: snapshots.Snapshot, audit: AuditLog, lang: str) -> list[str]:
    """The weekly brief's line: the league's top and bottom of the week (LEAGUE.brief_top each);
    nothing while every district has the same points."""
    from grassroots.catalogue.i18n import t
    from grassroots.desk.places import district_names

    rows = table(snapshot.path.parents[1], audit, snapshot.as_of)
    if len({r.points for r in rows}) < 2:
        return []
    names, n, sep = district_names(lang), LEAGUE.brief_top, ", " if lang == "en" else "、"
    listed = lambda part: sep.join(f"{names.get(r.district, r.district)} {r.points:g}" for r in part)  # noqa: E731
    return [t("brief_league_line", lang, title=t("brief_league", lang, version=LEAGUE.version), top=listed(rows[:n]),
              bottom=listed(rows[::-1][:n]))]
