"""Where the desk keeps a week, and who hands in what: the due Friday, the week's inbox and its
history, the slots (report × district, or the city's whole report) and the names the app gives
files, the district names, the blank templates.

    inbox/<as-of>/                          the week's inbox, exactly what `refresh.py --inbox` reads
        units__150102.csv                   one file per district and report, named by the app
        city_indicators.xlsx                the city's own reports, one whole file each
    inbox/.history/<as-of>/<UTC time>__units__150102.csv
                                            a file replaced by a later upload (outside the week's
                                            folder: the refresh refuses sub-folders of an inbox)
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from grassroots.access.audit import Actor
from grassroots.catalogue.tables import REPORTS, TABLES, Table
from grassroots.intake.inbox import report_kind
from grassroots.store import snapshots

INBOX = "inbox"
HISTORY = ".history"
DUE_WEEKDAY = 4  # Friday
DEFAULT_MAX_MB = 20
DISTRICT_REPORTS = [t for t in REPORTS if "district_code" in t.column_names]
CITY_REPORTS = [t for t in REPORTS if "district_code" not in t.column_names]

def due_date(today: dt.date) -> dt.date:
    """The Friday a week's reports are due: today if Friday, else the coming one."""
    return today + dt.timedelta(days=(DUE_WEEKDAY - today.weekday()) % 7)


def inbox_root(base: Path) -> Path:
    return Path(base) / INBOX


def week_inbox(base: Path, as_of: dt.date) -> Path:
    return inbox_root(base) / as_of.isoformat()


def history_dir(base: Path, as_of: dt.date) -> Path:
    return inbox_root(base) / HISTORY / as_of.isoformat()


def open_weeks(base: Path, today: dt.date, *, published_too: bool = False, back_days: int = 56) -> list[dt.date]:
    """Weeks a clerk may hand in for, newest first: the coming Friday, and earlier weeks whose
    inbox exists and that are not published yet (or, for the city clerk, published: a correction)."""
    coming = due_date(today)
    published = {s.as_of for s in snapshots.list_snapshots(base)}
    weeks = {coming}
    root = inbox_root(base)
    if root.is_dir():
        for entry in root.iterdir():
            try:
                day = dt.date.fromisoformat(entry.name)
            except ValueError:
                continue
            if day < coming and (coming - day).days <= back_days and (published_too or day not in published):
                weeks.add(day)
    return sorted(weeks, reverse=True)


def reports_for(district: str | None) -> list[Table]:
    """A district hands in the reports that carry a district code; the city the others."""
    return DISTRICT_REPORTS if district else CITY_REPORTS


def may_hand_in(actor: Actor, district: str | None) -> bool:
    if "clerk" in actor.roles:
        return True
    return "district_clerk" in actor.roles and district is not None and actor.district == district


def slot_name(report: str, district: str | None, suffix: str) -> str:
    return f"{report}__{district}{suffix}" if district else f"{report}{suffix}"


def slot_of(name: str) -> tuple[str, str | None] | None:
    table, district = report_kind(name)
    return (table.name, district) if table is not None else None


def present(inbox: Path) -> dict[tuple[str, str | None], str]:
    """The report files in the inbox by slot (report, district or None for a whole file)."""
    out: dict[tuple[str, str | None], str] = {}
    if not inbox.is_dir():
        return out
    with os.scandir(inbox) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.is_file(follow_symlinks=False) and Path(entry.name).suffix.lower() in (".csv", ".xlsx"):
                slot = slot_of(entry.name)
                if slot:
                    out[slot] = entry.name
    return out



def district_codes() -> list[str]:
    from grassroots.intake.reports import read_reference

    return read_reference("districts", snapshots.REF_DIR)["district_code"].to_list()


_templates: dict[str, bytes] = {}


def template(report: str) -> bytes:
    """The blank Excel template of a report (headers, and a 填报说明 sheet), as refresh.py --templates writes it."""
    if report not in _templates:
        from grassroots.intake.templates import write_templates

        with tempfile.TemporaryDirectory(prefix="grassroots-templates-") as tmp:
            for path in write_templates(Path(tmp)):
                if path.suffix == ".xlsx":
                    _templates[path.stem] = path.read_bytes()
    return _templates[report]


def district_names(lang: str = "zh", short: bool = False) -> dict[str, str]:
    from grassroots.intake.reports import read_reference

    frame = read_reference("districts", snapshots.REF_DIR).sort("display_order")
    column = ("district_short" if short else "district_name") + ("_en" if lang == "en" else "")
    return dict(zip(frame["district_code"], frame[column]))


def report_label(report: str, lang: str = "zh") -> str:
    table = TABLES[report]
    return f"{table.en} ({report})" if lang == "en" else f"{table.zh}（{report}）"


