"""A district role sees its own district only: every page, as the clerk of each district, with
another district in the address. Checked where the data comes from (every query a page runs,
and its rows) and where it ends (every table, chart and line of text drawn)."""

from __future__ import annotations

import polars as pl
import pytest

import access
import app.ui
from grassroots.catalogue.i18n import STRINGS
from app.navigation import PAGES
from grassroots.access import accounts
from grassroots.intake.reports import read_reference
from grassroots.access.scope import PUBLIC
from grassroots.store.snapshots import REF_DIR
from tests.pages.apptest import body, metrics, tables, unfold_all, visible

DISTRICTS = read_reference("districts", REF_DIR).sort("display_order")
CODES = DISTRICTS["district_code"].to_list()
NAMES = dict(zip(DISTRICTS["district_code"], DISTRICTS["district_name"]))
SHORT = dict(zip(DISTRICTS["district_code"], DISTRICTS["district_short"]))
CODE_COLUMNS = ("district_code", "unit_code", "street_code", "parent_code", "community_code")  # codes start with the district's


@pytest.fixture(scope="module")
def clerks(tmp_path_factory):
    """One district clerk per district (password access.PASSWORD), accounts and audit of their own."""
    base = tmp_path_factory.mktemp("district-clerks")
    access.write_accounts(base)
    with accounts.editing(base / accounts.FILE) as users:
        template = users["li"]
        for code in CODES:
            users[f"clerk{code}"] = accounts.Account(f"clerk{code}", f"数据员{code}", ("district_clerk",), code,
                                                     template.password_hash, False, template.created)
    return base


def others(code: str) -> list[str]:
    return [c for c in CODES if c != code]


def leaks(text: str, code: str) -> list[str]:
    """Names or codes of other districts in a piece of text."""
    found = [n for c in others(code) for n in {NAMES[c], SHORT[c]} if n and n in text]
    return found + [c for c in others(code) if c in text]


def queried_rows_leak(calls: list[tuple[str, pl.DataFrame]], code: str) -> list[str]:
    problems = []
    for name, frame in calls:
        if name in PUBLIC:
            continue
        for column in frame.columns:
            if column in CODE_COLUMNS and frame[column].dtype == pl.String:
                bad = [v for v in frame[column].drop_nulls().unique().to_list() if not v.startswith(code)]
                if bad:
                    problems.append(f"{name}.{column}: {bad[:5]}")
            if column.startswith("district_name") and frame[column].dtype == pl.String:
                bad = set(frame[column].drop_nulls().to_list()) - set(DISTRICTS.filter(
                    pl.col("district_code") == code).select(pl.col("^district_(name|short).*$")).row(0))
                if bad:
                    problems.append(f"{name}.{column}: {sorted(bad)[:5]}")
    return problems


def drawn_texts(at) -> list[str]:
    """Every string the page drew: text elements, table cells, chart data and labels."""
    texts = []
    for kind in ("markdown", "caption", "title", "subheader", "header", "info", "success", "warning", "error"):
        texts += [str(e.value) for e in getattr(at, kind)]
    texts += [f"{label} {value}" for label, value in metrics(at).items()]
    for value in tables(at):
        texts += [str(c) for c in value.columns] + [str(v) for v in value.to_numpy().ravel().tolist()]
    texts += [visible(body(e)) for e in at.get("html")]  # charts, tables, headings, folds
    for box in unfold_all(at).selectbox:  # every fold opened: its options too
        texts += [str(o) for o in box.options]
    return texts


@pytest.mark.parametrize("code", CODES)
def test_every_page_as_the_clerk_of_a_district_shows_that_district_only(clerks, demo_env, monkeypatch, code):
    calls: list[tuple[str, pl.DataFrame]] = []
    real = app.ui.run

    def recording(name, snapshot, **kw):
        frame = real(name, snapshot, **kw)
        calls.append((name, frame))
        return frame

    monkeypatch.setattr(app.ui, "run", recording)
    other = others(code)[0]
    at = access.app(clerks, query={"district": other}).run()  # a link to another district
    access.sign_in(at, f"clerk{code}")
    public_text = {str(v) for name, frame in calls if name in PUBLIC for col in frame.columns
                   for v in frame[col].to_list()}
    public_text |= {text for pair in STRINGS.values() for text in pair}  # interface sentences, not data
    pages = [spec for spec in PAGES if "district_clerk" in spec.allowed_roles]
    assert [spec.url_path for spec in pages] == ["overview", "restructuring", "burden", "workforce", "cogovernance",
                                                 "tasks", "desk"]
    for spec in pages:
        calls.clear()
        at.switch_page(spec.path).run()
        assert not at.exception, (spec.path, [e.value for e in at.exception])
        assert at.query_params.get("district") in (code, [code], None), spec.path
        assert spec.url_path == "desk" or calls, f"{spec.path} ran no query: the recording missed it"
        assert queried_rows_leak(calls, code) == [], spec.path
        public_text |= {str(v) for name, frame in calls if name in PUBLIC for col in frame.columns
                        for v in frame[col].to_list()}
        shown = [t for t in drawn_texts(at) if leaks(t, code) and t not in public_text
                 and any(leaks(part, code) and part not in public_text for part in t.split())]  # a cell joining public names
        assert shown == [], (spec.path, [(t[:120], leaks(t, code)) for t in shown][:5])


def test_the_recording_sees_a_leak_when_there_is_one(clerks, demo_env, monkeypatch):
    """The check above can fail: a city-wide role on the same pages shows every district."""
    at = access.app(clerks).run()
    access.sign_in(at, "wang")  # a leader: the whole city
    at.switch_page("views/workforce.py").run()
    assert leaks(" ".join(drawn_texts(at)), "150102")
