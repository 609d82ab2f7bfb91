"""周报: the one-page weekly brief a department hands its leaders, as PDF (A4) and as XLSX.

    python -m grassroots brief --as-of 2026-11-27                      # the city's brief into ./briefs/
    python -m grassroots brief --as-of 2026-11-27 --district 150102 --out /tmp/briefs --lang zh
    python refresh.py --inbox … --as-of … --brief OUT_DIR       # written right after publishing

`build()` gathers the week from the same named queries the pages run (headline figures with
their targets and status, observation points, negative cases, services, task book, the check
against the published report); `pdf()` sets it with typst (grassroots/outputs/brief.typ), `xlsx()` writes one
sheet per area. No Streamlit here: the overview's button, the CLI and the refresh share it.

Why typst: the compiler ships inside the `typst` wheel (no browser, no system binary), compiles
a page in about 0.2 s, embeds the subset of the CJK font it uses, and the data goes in as JSON,
set as plain strings: a district's `**name**` or `#set` stays text (grassroots/outputs/escape.py). Chromium's
print-to-PDF would need the browser on every server and HTML escaping; ReportLab would need the
whole layout hand-placed in Python. The charts are drawn by the template with typst's own
shapes: vector, black-and-white legible, no plotting engine.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from pathlib import Path

import polars as pl

from grassroots.outputs import exports, narrative
from grassroots.outputs.watermark import Mark
from grassroots.catalogue.cards import pick
from grassroots.catalogue.i18n import t
from grassroots.catalogue import cards, figures, fmt
from grassroots.store import snapshots
from grassroots.checks.reconcile import reconciliation
from grassroots.catalogue.tables import AREAS, TABLES, column, label
from grassroots.store.snapshots import Snapshot
import queries
from grassroots.access.audit import AuditLog
from grassroots.access.scope import CITY, Scope
from grassroots.desk import league

TEMPLATE = Path(__file__).with_name("brief.typ")
FONT_DIRS = ["/usr/share/fonts", "/usr/local/share/fonts"]
FONTS = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC")
PDF_MIME = "application/pdf"
MAX_ROWS = 7  # rows of points and cases the page holds; the XLSX lists them all
STATUS_ORDER = ("done", "on_track", "behind", "info")


@dataclass
class FigureRow:
    id: str
    label: str
    value: float | None
    value_text: str
    unit: str
    before: float | None
    change: float | None
    change_text: str
    target: float | None
    target_text: str
    progress: float | None
    status: str  # done | on_track | behind | info
    status_text: str
    rule: str  # 计算规则, for the footnotes


@dataclass
class Brief:
    lang: str
    as_of: str
    district: str | None
    district_label: str
    demo: bool
    published: str
    previous: str | None
    code_version: str
    rules_version: str
    areas: list[dict] = field(default_factory=list)  # {key, label, rows: [FigureRow]}
    highlights: list[str] = field(default_factory=list)  # 本周要情 (outputs/narrative.py), as plain text
    rising: list[dict] = field(default_factory=list)  # point, unit, district, total, change, pct
    points: list[dict] = field(default_factory=list)  # point, total, rising (this week's burden per point)
    cases: list[dict] = field(default_factory=list)  # case, date, district, unit, category
    tasks: list[dict] = field(default_factory=list)  # date, done, tasks
    services: list[dict] = field(default_factory=list)  # week, sessions, legal
    reconciliation: dict = field(default_factory=dict)  # n, bad, differ: [label]
    strings: dict = field(default_factory=dict)  # every caption of the page, in the brief's language

    @property
    def figures(self) -> dict[str, FigureRow]:
        return {r.id: r for a in self.areas for r in a["rows"]}


# ------------------------------------------------------------------ gathering the week
def build(snapshot: Snapshot, district: str | None = None, lang: str = "zh", scope: Scope = CITY) -> Brief:
    """The brief of one snapshot for the city (district None) or one district, made with the
    reader's scope: a district role's brief holds its district only (no city-wide check)."""
    config = figures.load_targets()
    district = scope.district or district

    def run(name: str, **params) -> pl.DataFrame:
        return queries.run(name, snapshot, scope=scope, **params)

    districts = run("districts")
    names = dict(zip(districts["district_code"], districts["district_name_en" if lang == "en" else "district_name"]))
    if district is not None and district not in names:
        raise ValueError(f"unknown district code {district!r}; known: {', '.join(names)}")
    label = t("whole_city", lang) if district is None else names[district]
    m = snapshot.manifest
    frame = run("headline_figures", district_code=district)
    now = {f: v for f, v in zip(frame["figure_id"], frame["value"]) if v is not None}
    before = {f: v for f, v in zip(frame["figure_id"], frame["value_before"]) if v is not None}
    previous = frame["before_date"][0] if frame.height and frame["before_date"][0] is not None else None
    # city-level figures (task book, affairs lists, enforcement items) stay city-wide for a district
    city_only = set(frame.filter(pl.col("city_only"))["figure_id"]) if district is not None else set()
    brief = Brief(lang=lang, as_of=snapshot.as_of.isoformat(), district=district, district_label=label,
                  demo=snapshot.is_demo, published=m.get("published_at", "")[:16].replace("T", " "),
                  previous=previous.isoformat() if previous else None, code_version=m.get("code_version", ""),
                  rules_version=config["version"])
    for area, ids in config["headline"].items():
        brief.areas.append({"key": area, "label": AREAS[area][1 if lang == "en" else 0],
                            "rows": [_row(i, now, before, config, lang, city=district is None, city_only=i in city_only)
                                     for i in ids]})

    rise_pct = config["observation"]["rising_pct"]
    points = run("observation_points_latest", district_code=district, rise_pct=rise_pct)
    name_col = "district_name_en" if lang == "en" else "district_name"
    brief.points = [{"point": p, "total": int(v or 0), "rising": bool(r)}
                    for p, v, r in zip(points["point_id"], points["burden_total"], points["total_rises"])]
    for row in points.filter(pl.col("total_rises")).sort("burden_change", descending=True).iter_rows(named=True):
        base = (row["burden_total"] or 0) - (row["burden_change"] or 0)
        brief.rising.append({"point": row["point_id"], "unit": row["unit_name"] or "", "district": row[name_col],
                             "total": int(row["burden_total"]), "change": fmt.delta(row["burden_change"], lang) or "0",
                             "pct": f"+{100 * row['burden_change'] / base:.0f}%" if base else "—"})
    cases = run("negative_cases", district_code=district)
    if previous:
        cases = cases.filter(pl.col("notified_on") > previous)
    category = TABLES["negative_cases"].column("category")
    brief.cases = [{"case": r["case_id"], "date": r["notified_on"].isoformat(), "district": r[name_col],
                    "unit": r["unit_name"] or "—", "category": category.choice_label(r["category"], lang) or r["category"]}
                   for r in cases.iter_rows(named=True)]
    tasks = run("task_book_history")
    brief.tasks = [{"date": d.isoformat(), "done": int(done), "tasks": int(n)}
                   for d, done, n in zip(tasks["snapshot_date"], tasks["done"], tasks["tasks"])]
    services = run("services_by_week", district_code=district).tail(8)
    brief.services = [{"week": w.isoformat()[5:], "sessions": int(s), "legal": int(c)}
                      for w, s, c in zip(services["week_ending"], services["volunteer_sessions"], services["legal_aid_cases"])]

    if scope.city:
        city = run("headline_figures", district_code=None)
        table = reconciliation(run("published_figures"), city.select("figure_id", "value"))
        differ = table.filter(~pl.col("matches"))
        brief.reconciliation = {"n": table.height, "bad": differ.height, "scoped": False,
                                "differ": differ[f"indicator_{'en' if lang == 'en' else 'zh'}"].to_list()}
    else:  # the check is a city-wide computation, outside a district role's scope
        brief.reconciliation = {"n": 0, "bad": 0, "scoped": True, "differ": []}
    brief.highlights = [narrative.plain(line) for line in narrative.sentences(brief)]  # 本周要情 heads the page
    if scope.city and district is None:  # the 红黑榜's top and bottom, from the loop's log beside the folder's audit log
        brief.highlights += league.brief_lines(snapshot, AuditLog(snapshot.path.parents[1] / "audit.sqlite"), lang)
    brief.strings = _strings(brief, config, lang)
    return brief


def _row(figure_id: str, now: dict, before: dict, config: dict, lang: str, city: bool, city_only: bool = False) -> FigureRow:
    f = figures.FIGURES[figure_id]
    value = now.get(figure_id)
    target = config["targets"].get(figure_id) if city else None  # targets are the city's
    state, progress = figures.status(figure_id, value, config) if target else ("info", None)
    change = None if figure_id not in before or value is None else value - before[figure_id]
    unit = f.unit_en if lang == "en" else f.unit_zh
    if change is None:
        change_text = t("first_snapshot", lang) if not before else "—"
    else:
        spaced = unit if unit == "%" or lang != "en" or not unit else " " + unit  # 场次 / 6 sessions
        change_text = fmt.delta(change, lang) + spaced if change else t("no_change", lang)
    if target:
        goal = fmt.with_unit(target["target"], f.unit_zh, f.unit_en, lang)
        target_text = f"{fmt.number(target['baseline'], lang)} → {goal}" if "baseline" in target else goal
    else:
        target_text = "—"
    label = (f.en if lang == "en" else f.zh) + (t("brief_city_wide", lang) if city_only else "")
    return FigureRow(id=figure_id, label=label, value=value,
                     value_text=fmt.with_unit(value, f.unit_zh, f.unit_en, lang), unit=unit, before=before.get(figure_id),
                     change=change, change_text=change_text, target=target["target"] if target else None,
                     target_text=target_text, progress=progress, status=state,
                     status_text=t(f"status_{state}", lang), rule=pick(cards.of_figure(figure_id).rule, lang))


def _strings(brief: Brief, config: dict, lang: str) -> dict:
    s = {k.removeprefix("brief_"): t(k, lang) for k in (
        "brief_org", "brief_title", "brief_figures", "brief_charts", "brief_attention_title", "brief_rising",
        "brief_cases", "brief_check", "brief_notes", "brief_col_figure", "brief_col_value", "brief_col_change",
        "brief_col_target", "brief_col_progress", "brief_col_status", "brief_chart_tasks", "brief_chart_services", "brief_chart_points",
        "brief_none_rising", "brief_no_cases", "brief_no_points", "brief_col_point", "brief_col_unit",
        "brief_col_case", "brief_done", "brief_target_line", "brief_definitions")}
    s["narrative"] = t("narrative_title", lang)
    # column names are the catalogue's
    s.update({key: label(col, lang, heading=True) for key, col in (
        ("col_district", column("district_name", "districts")), ("col_rise", column("burden_change")),
        ("col_total", column("burden_total")),
        ("col_date", column("notified_on", "negative_cases")), ("col_category", column("category", "negative_cases")),
        ("sessions", column("volunteer_sessions")), ("legal", column("legal_aid_cases")))})
    s.update({f"status_{k}": t(f"status_{k}", lang) for k in STATUS_ORDER})
    s["demo"] = t("demo_badge", lang) if brief.demo else ""
    s["demo_note"] = t("demo_note", lang) if brief.demo else ""
    s["scope"] = t("brief_scope", lang, district=brief.district_label)
    if brief.district is not None:
        s["chart_tasks"] += t("brief_city_wide", lang)
    s["period"] = (t("brief_period", lang, as_of=brief.as_of, previous=brief.previous) if brief.previous
                   else t("brief_period_first", lang, as_of=brief.as_of))
    s["district_targets"] = "" if brief.district is None else t("brief_district_targets", lang)
    rec = brief.reconciliation
    s["check_line"] = (t("brief_check_scoped", lang) if rec["scoped"] else t("brief_check_ok", lang, n=rec["n"])
                       if not rec["bad"] else
                       t("brief_check_bad", lang, bad=rec["bad"], n=rec["n"], items="、".join(rec["differ"][:6])))
    if brief.district is not None and not rec["scoped"]:
        s["check_line"] += t("brief_check_city", lang)
    more_points = len(brief.rising) - MAX_ROWS
    more_cases = len(brief.cases) - MAX_ROWS
    s["more_points"] = t("brief_more", lang, n=more_points) if more_points > 0 else ""
    s["more_cases"] = t("brief_more", lang, n=more_cases) if more_cases > 0 else ""
    status = config["status"]
    s["rules"] = t("brief_rules", lang, version=config["version"], done=f"{status['done_at']:.0%}",
                   on_track=f"{status['on_track_at']:.0%}")
    s["source"] = t("brief_source", lang, as_of=brief.as_of, published=brief.published or "—",
                    code=brief.code_version or "—")
    s["observation_rule"] = t("brief_observation_rule", lang, pct=config["observation"]["rising_pct"])
    return s


# ------------------------------------------------------------------ the PDF
def pdf(brief: Brief, mark: Mark | None = None) -> bytes:
    """The brief on one A4 page (typst, fonts embedded).

    The page lists at most MAX_ROWS rising points and cases; if unusually long names would push
    it onto a second page, it lists fewer (the rest are counted and are in the XLSX), and as a
    last resort shortens the longest names in the PDF only."""
    import typst  # the compiler loads only when a brief is made

    fonts = [d for d in FONT_DIRS if Path(d).is_dir()]
    rows, shorten = MAX_ROWS, None
    while True:
        data = asdict(brief)
        data["mark"] = mark.text(brief.lang) if mark else ""  # printed across the page (outputs/watermark.py)
        data["rising"], data["cases"] = _shortened(brief.rising[:rows], shorten), _shortened(brief.cases[:rows], shorten)
        more_points, more_cases = len(brief.rising) - rows, len(brief.cases) - rows
        data["strings"]["more_points"] = t("brief_more", brief.lang, n=more_points) if more_points > 0 else ""
        data["strings"]["more_cases"] = t("brief_more", brief.lang, n=more_cases) if more_cases > 0 else ""
        out = typst.compile(str(TEMPLATE), font_paths=fonts,
                            sys_inputs={"data": json.dumps(data, ensure_ascii=False, default=str)})
        if _pages(out) == 1 or shorten == 12:
            return out
        if rows > 3:
            rows -= 1
        else:
            shorten = 20 if shorten is None else 12


def _shortened(rows: list[dict], limit: int | None) -> list[dict]:
    if limit is None:
        return rows
    return [{k: (v[:limit - 1] + "…" if isinstance(v, str) and len(v) > limit else v) for k, v in r.items()} for r in rows]


def _pages(pdf_bytes: bytes) -> int:
    """Pages of a typst PDF: the /Count of its page tree (typst writes no outline for this template)."""
    counts = re.findall(rb"/Count\s+(\d+)", pdf_bytes)
    return max(int(c) for c in counts) if counts else 1


_made: OrderedDict = OrderedDict()
_made_lock = threading.Lock()


def made(snapshot: Snapshot, district: str | None, lang: str, kind: str, scope: Scope = CITY,
         mark: Mark | None = None) -> bytes:
    """The brief's PDF or XLSX, with `mark` (who asked, when) on it. The brief itself is built once
    per snapshot content, district, scope, language and targets (the overview's buttons ask on
    click; a second leader's click is served from here); the file is set for each mark."""
    key = (str(snapshot.path), snapshot.digest, district, scope, lang, figures.TARGETS_FILE.stat().st_mtime_ns)
    with _made_lock:
        week = _made.get(key)
        if week is not None:
            _made.move_to_end(key)
    if week is None:
        week = build(snapshot, district, lang, scope)
        with _made_lock:
            _made[key] = week
            while len(_made) > 24:
                _made.popitem(last=False)
    return pdf(week, mark) if kind == "pdf" else xlsx(week, mark)


# ------------------------------------------------------------------ the XLSX
def xlsx(brief: Brief, mark: Mark | None = None) -> bytes:
    """The same brief as a workbook: one sheet per area (its figures; the burden sheet also the
    points and cases), a sheet with the check and the rules, and the 口径 sheet."""
    lang = brief.lang
    meta = exports.Meta(title=t("brief_title", lang), as_of=dt.date.fromisoformat(brief.as_of), district=brief.district_label,
                        published=brief.published, demo=brief.demo, lang=lang, made_by=mark)
    sheets = []
    for area in brief.areas:
        rows = pl.DataFrame([{**asdict(r), "progress": None if r.progress is None else round(100 * r.progress, 1)}
                             for r in area["rows"]], infer_schema_length=None)
        # one column holds several figures: its card gives each one's rule
        card = cards.Card(("本期各项核心指标", "This week's headline figures"),
                          ("已发布快照（queries/headline_figures.sql）", "the published snapshot (queries/headline_figures.sql)"),
                          (t("list_sep", lang).join(f"{r.label}：{r.rule}" for r in area["rows"]),) * 2,
                          figures.AREA_DEFAULTS[area["key"]][0])
        rules = cards.Card(("状态规则", "Status rules"), cards.DEPARTMENT, (brief.strings["rules"],) * 2)
        fields = [
            exports.Field(t("brief_col_figure", lang), pl.col("label")),
            exports.Field(f"{t('brief_col_value', lang)}（{area['label']}）", pl.col("value"), card=card),
            exports.Field(t("export_unit", lang), pl.col("unit")),
            exports.Field(t("brief_col_before", lang), pl.col("before")),
            exports.Field(t("brief_col_change", lang), pl.col("change")),
            exports.Field(t("brief_col_target", lang), pl.col("target"), card=rules),
            exports.Field(t("brief_col_progress", lang), pl.col("progress"), unit="%", card=rules),
            exports.Field(t("brief_col_status", lang), pl.col("status_text"), card=rules),
        ]
        blocks = [exports.Block(exports.values(rows, fields), fields, heading=area["label"],
                                note=brief.strings["district_targets"] or None)]
        if area["key"] == "burden":
            blocks += _attention_blocks(brief)
        sheets.append(exports.Sheet(area["label"], blocks))
    notes = pl.DataFrame({"line": [brief.strings["check_line"], *brief.highlights, brief.strings["rules"],
                                   brief.strings["observation_rule"], brief.strings["source"]]})
    sheets.append(exports.Sheet(t("brief_notes", lang), [exports.Block(notes, [exports.Field(t("brief_notes", lang), pl.col("line"))])]))
    return exports.workbook(sheets, meta)


def _attention_blocks(brief: Brief) -> list[exports.Block]:
    lang, s = brief.lang, brief.strings
    out = []
    if brief.rising:
        rising = pl.DataFrame(brief.rising)
        fields = [exports.Field(s["col_point"], pl.col("point")), exports.Field(s["col_unit"], pl.col("unit")),
                  exports.Field(s["col_district"], pl.col("district")), exports.Field(s["col_total"], pl.col("total"), unit=_unit(column("burden_total"), lang)),
                  exports.Field(s["col_rise"], pl.col("change"))]
        out.append(exports.Block(exports.values(rising, fields), fields, heading=s["rising"], note=s["observation_rule"]))
    if brief.cases:
        cases = pl.DataFrame(brief.cases)
        fields = [exports.Field(s["col_case"], pl.col("case")), exports.Field(s["col_date"], pl.col("date")),
                  exports.Field(s["col_district"], pl.col("district")), exports.Field(s["col_unit"], pl.col("unit")),
                  exports.Field(s["col_category"], pl.col("category"))]
        out.append(exports.Block(exports.values(cases, fields), fields, heading=s["cases"]))
    return out


def _unit(item, lang: str) -> str:
    """A catalogue column's unit in the language."""
    return item.unit_en if lang == "en" else item.unit


def file_name(brief: Brief, ext: str) -> str:
    meta = exports.Meta(title=t("brief_file", brief.lang), as_of=dt.date.fromisoformat(brief.as_of),
                        district=brief.district_label, demo=brief.demo, lang=brief.lang)
    return exports.file_name(meta, ext)


# ------------------------------------------------------------------ writing files (CLI, refresh)
def write(snapshot: Snapshot, out_dir: Path, district: str | None = None, lang: str = "zh") -> list[Path]:
    """The brief's PDF and XLSX into out_dir; returns their paths."""
    brief = build(snapshot, district, lang)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / file_name(brief, "pdf"), out_dir / file_name(brief, "xlsx")]
    paths[0].write_bytes(pdf(brief))
    paths[1].write_bytes(xlsx(brief))
    return paths


def find_snapshot(as_of: dt.date, base: Path | None = None) -> Snapshot:
    listed = snapshots.list_snapshots(base or snapshots.data_dir())
    match = next((s for s in listed if s.as_of == as_of), None)
    if match is None:
        known = ", ".join(s.as_of.isoformat() for s in listed[-5:]) or "—"
        raise LookupError(f"没有截至 {as_of} 的快照（最近的：{known}）/ no snapshot as of {as_of}")
    match = snapshots.verified(match)
    if not match.ok:
        raise LookupError(f"截至 {as_of} 的快照已损坏：{'、'.join(match.damaged)} / the snapshot is damaged")
    return match
