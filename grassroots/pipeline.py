"""The weekly refresh: one inbox of reports in, one validated snapshot out, or nothing at all."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import polars as pl

from grassroots import snapshots
from grassroots.reports import DEMO_MARKER, read_reference
from grassroots.schema import REFERENCES, REPORTS, SCHEMA_VERSION, TABLES
from grassroots.validate import (Problem, check_dates, check_keys, check_references,
                                 check_totals, parse_reports, usable)


@dataclass
class RefreshResult:
    as_of: dt.date
    problems: list[Problem] = field(default_factory=list)
    snapshot: Path | None = None
    manifest: dict | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and self.snapshot is not None


def code_version() -> str:
    try:
        out = subprocess.run(["git", "-C", str(snapshots.REPO), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, timeout=5)
        rev = out.stdout.strip() if out.returncode == 0 else "unknown"
    except OSError:
        rev = "unknown"
    return f"schema v{SCHEMA_VERSION}, code {rev}"


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_refresh(inbox: Path, as_of: dt.date, *, base: Path | None = None, force: bool = False,
                today: dt.date | None = None, progress: Callable[[str], None] = lambda _: None) -> RefreshResult:
    """Validate `inbox` as the week ending `as_of` and publish it; publish nothing on any problem."""
    today = today or dt.date.today()
    result = RefreshResult(as_of)
    problems = result.problems
    inbox = Path(inbox)
    if not inbox.is_dir():
        problems.append(Problem("missing_inbox", f"报送目录不存在：{inbox}"))
        return result
    if as_of > today:
        problems.append(Problem("as_of_in_future", f"截止日期 {as_of} 晚于今天 {today}"))
    target = snapshots.snapshots_root(base) / as_of.isoformat()
    if target.exists() and not force:
        problems.append(Problem("snapshot_exists", f"快照 {as_of} 已发布，不会覆盖；确需重发请加 --force", str(target)))

    progress(f"读取报送目录 {inbox} …")
    parsed, sources = parse_reports(inbox, problems)
    previous = snapshots.previous_snapshot(as_of, base)
    progress(f"校验 {len(sources)} 个文件，上一期快照：{previous.as_of if previous else '无'}")

    earlier_events: dict[str, pl.DataFrame] = {}
    for name, pt in parsed.items():
        earlier_keys = None
        if pt.table.kind == "event" and previous and previous.table_path(name).is_file():
            earlier_events[name] = pl.read_parquet(previous.table_path(name)).drop("snapshot_date")
            earlier_keys = set(earlier_events[name].select(pt.table.key).iter_rows())
        check_keys(pt, problems, earlier_keys, str(previous.as_of) if previous else "")

    references = {t.name: read_reference(t.name, snapshots.REF_DIR) for t in REFERENCES}
    districts = set(references["districts"]["district_code"])
    check_references(parsed, districts, problems)
    if usable(parsed, "units"):
        unit_codes = {r["unit_code"] for r in parsed["units"].records}
        for brand in references["deliberation_brands"].iter_rows(named=True):
            if brand["unit_code"] not in unit_codes:
                problems.append(Problem("unknown_code", f"议事协商品牌“{brand['brand_name']}”所在单位 {brand['unit_code']} 不在本周名录中",
                                        "units", None, "单位代码（unit_code）"))
    check_dates(parsed, as_of, problems)
    check_totals(parsed, problems)
    if problems:
        progress(f"发现 {len(problems)} 个问题，未发布任何快照。")
        return result

    frames: dict[str, pl.DataFrame] = {}
    for t in REPORTS:
        week = parsed[t.name].frame()
        if t.kind == "event" and t.name in earlier_events:
            week = pl.concat([earlier_events[t.name], week], how="vertical_relaxed")
        frames[t.name] = week.sort(list(t.key))
    frames.update(references)

    manifest = {
        "demo": (inbox / DEMO_MARKER).is_file(),
        "published_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "previous_snapshot": previous.as_of.isoformat() if previous else None,
        "sources": [{**s, "sha256": _file_digest(inbox / s["file"])} for s in sources],
        "validation": {"passed": True, "files": len(sources),
                       "rows": sum(s["rows"] for s in sources), "problems": 0},
        "code_version": code_version(),
        "tables": {name: TABLES[name].kind for name in frames},
    }
    progress(f"写入快照 {as_of} …")
    result.snapshot = snapshots.publish(as_of, frames, manifest, base=base, force=force)
    result.manifest = json.loads((result.snapshot / snapshots.MANIFEST).read_text("utf-8"))
    return result
