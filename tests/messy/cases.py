"""The messy-inbox corpus, gathered: case.py says what a case is, the cases_*.py files hold them by class
(cases_inbox: completeness, files, CSV layouts; cases_text: encodings, numbers, text, dates, single cells;
cases_excel: Excel layouts; cases_shown: cells as Excel shows them, text as Hohhot writes it;
cases_checks: keys and week-on-week bands; cases_world: relations between rows, a district's stock,
repeated events)."""

from __future__ import annotations

from . import cases_checks, cases_excel, cases_inbox, cases_shown, cases_text, cases_world  # noqa: F401 (each registers its cases)
from .case import ANY, CASES  # noqa: F401

assert len({c.name for c in CASES}) == len(CASES)
