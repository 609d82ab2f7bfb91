"""Accounts, secrets and data folders for the sign-in, role and data-desk tests.

Each test gets its own accounts file and audit log under its own data folder; the app finds them
through its secrets: AppTest sets `at.secrets`, a served app reads the secrets file named by
STREAMLIT_SECRETS_FILES (tests/browser/test_roles.py). Nothing reads the repository's
.streamlit/secrets.toml in these tests.

Users (password PASSWORD for all):
    wang  领导         zhao  分析员        zhou  数据员（全市）
    li    区级数据员 150102（新城区）      sun   区级数据员 150103（回民区）    old   领导，已停用
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest

from grassroots.access import accounts
from grassroots import desk
from grassroots.desk import cell_text
from grassroots.catalogue.tables import TABLES

PASSWORD = "correct horse battery"
USERS = {
    "wang": ("王芳", ("leader",), None),
    "zhao": ("赵敏", ("analyst",), None),
    "zhou": ("周强", ("clerk",), None),
    "li": ("李娜", ("district_clerk",), "150102"),
    "sun": ("孙磊", ("district_clerk",), "150103"),
    "old": ("老账号", ("leader",), None),
    "wall": ("办公室大屏", ("screen",), None),
}
_HASH: list[str] = []


def write_accounts(base: Path) -> Path:
    """The users above in <base>/accounts.toml (one cheap argon2 hash made once per session)."""
    if not _HASH:  # argon2id with small costs: the app verifies with the costs the hash names
        from argon2 import PasswordHasher

        _HASH.append(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD))
    path = Path(base) / accounts.FILE
    with accounts.editing(path) as users:
        for name, (display, roles, district) in USERS.items():
            users[name] = accounts.Account(name, display, roles, district, _HASH[0], name == "old", "2026-11-01T00:00:00+00:00")
    return path


def secrets(base: Path, **extra) -> dict:
    """The app's auth section for a test: local accounts under `base`, audit beside them."""
    return {"methods": ["local"], "accounts_file": str(Path(base) / accounts.FILE),
            "audit_db": str(Path(base) / "audit.sqlite"), "idle_minutes": 30, **extra}


def secrets_toml(base: Path, path: Path, **extra) -> Path:
    """The same as a secrets file, for a served app (a JSON value is a TOML value here)."""
    lines = ["[grassroots_auth]", *(f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in secrets(base, **extra).items()),
             "", "[grassroots_desk]", "max_upload_mb = 5", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def report_csv(table: str, rows: list[dict]) -> bytes:
    """A report as a district writes it: UTF-8 CSV with BOM, Chinese headers."""
    import tiny

    out = io.StringIO(newline="")
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow([c.zh for c in TABLES[table].columns])
    w.writerows([[cell_text(r[c.name]) for c in TABLES[table].columns] for r in rows])
    return out.getvalue().encode("utf-8-sig")


def district_rows(table: str, district: str | None, week: int = 2) -> list[dict]:
    import tiny

    rows = tiny.week_rows(week)[table]
    return rows if district is None else [r for r in rows if r["district_code"] == district]


def fill_week(base: Path, as_of: dt.date, *, week: int = 2, leave_out: tuple[tuple[str, str | None], ...] = ()) -> Path:
    """The tiny world's week as the desk would hold it once handed in: one file per district and
    report, the city's reports whole; `leave_out` slots stay empty (not handed in yet)."""
    import tiny

    inbox = desk.week_inbox(base, as_of)
    inbox.mkdir(parents=True, exist_ok=True)
    for t in desk.DISTRICT_REPORTS:
        for d in tiny.DISTRICTS:
            if (t.name, d) not in leave_out:
                (inbox / desk.slot_name(t.name, d, ".csv")).write_bytes(report_csv(t.name, district_rows(t.name, d, week)))
    for t in desk.CITY_REPORTS:
        if (t.name, None) not in leave_out:
            (inbox / f"{t.name}.csv").write_bytes(report_csv(t.name, district_rows(t.name, None, week)))
    return inbox


def week_one_base(root: Path) -> Path:
    """A data folder with the tiny world's week 1 published (week 2 is the one handed in)."""
    import tiny

    from grassroots.store.pipeline import run_refresh

    base = root / "data"
    result = run_refresh(tiny.write_inbox(root / "inbox-week1", 1, demo=False), tiny.AS_OF[1], base=base,
                         today=tiny.AS_OF[2])
    assert result.ok, result.problems
    shutil.rmtree(root / "inbox-week1")
    return base


def messy_workforce_xlsx(tmp: Path, district: str = "150102") -> bytes:
    """A district's workforce form as it often arrives: an Excel workbook with a title row and a
    填报单位 row above the header, a count typed with its unit (“50人”), an Excel #N/A, a 合计 row."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from messy import edits as e

    folder = tmp / "messy"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "workforce.csv").write_bytes(report_csv("workforce", district_rows("workforce", district)))
    table = e.rows(folder, "workforce")
    e.write(folder, "workforce", table + [["合计"] + [""] * (len(table[0]) - 1)])
    e.set_cell(folder, "workforce", 2, "社区工作者", "50人")
    heads = e.col(table, "担任正职")
    path = e.to_xlsx(folder, "workforce", above=[["新城区社区工作者队伍情况统计表"], ["填报单位：新城区委社会工作部", "", "填报日期：2026年11月20日"]],
                     cells={(3, heads): ("formula", "=NA()", "#N/A")})
    return path.read_bytes()


def app(secrets_base: Path, *, query: dict | None = None, **extra):
    """The dashboard under AppTest with sign-in on (accounts and audit under `secrets_base`), not run yet."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "dashboard.py"), default_timeout=120)
    at.secrets["grassroots_auth"] = secrets(secrets_base, **extra)
    at.secrets["grassroots_desk"] = {"max_upload_mb": 5}
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at


def sign_in(at, user: str, password: str = PASSWORD):
    """Fill the sign-in form and submit it (the form's button is the page's only button); if it is
    accepted, do what the page's script does in a browser: redeem the ticket for the cookie, reload."""
    at.text_input(key="signin_user").input(user)
    at.text_input(key="signin_password").input(password)
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    return take_cookie(at)


def take_cookie(at):
    """The browser's side of a sign-in: the page handed over a ticket; exchange it for the cookie."""
    from conftest import BROWSER

    from app import auth
    from grassroots.access import sessions

    if auth.TICKET_KEY not in at.session_state:
        return at
    store = sessions.Store(Path(at.secrets["grassroots_auth"]["audit_db"]).with_name(sessions.FILE))
    redeemed = store.redeem(at.session_state[auth.TICKET_KEY])
    assert redeemed is not None
    at.session_state[BROWSER] = {auth.COOKIE: redeemed[0]}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def age_session(secrets_base: Path, minutes: float) -> None:
    """Make every live session look idle for `minutes` (as if nobody clicked since)."""
    import sqlite3

    from grassroots.access import sessions

    con = sqlite3.connect(Path(secrets_base) / sessions.FILE)
    with con:
        con.execute("update sessions set last_seen = ? where ended is null",
                    ((dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=minutes)).isoformat(),))
    con.close()


def signed_in(secrets_base: Path, user: str, page: str | None = None, **kw):
    at = app(secrets_base, **kw).run()
    sign_in(at, user)
    if page:
        at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture(scope="module")
def week_one(tmp_path_factory):
    return week_one_base(tmp_path_factory.mktemp("week-one"))


@pytest.fixture
def base(week_one, tmp_path):
    """A private copy of the data folder with week 1 published."""
    dst = tmp_path / "data"
    shutil.copytree(week_one, dst)
    return dst


def desk_folder(week_one: Path, tmp_path: Path, monkeypatch) -> Path:
    """A private data folder (week 1 published) with the test's accounts, the app pointed at it;
    "today" is the Saturday after week 2 (the week handed in)."""
    import tiny

    from app import auth

    dst = tmp_path / "data"
    shutil.copytree(week_one, dst)
    write_accounts(dst)
    monkeypatch.setenv("GRASSROOTS_DATA_DIR", str(dst))
    monkeypatch.setattr(auth, "today", lambda: tiny.AS_OF[2] + dt.timedelta(days=1))
    return dst


@pytest.fixture
def desk_base(week_one, tmp_path, monkeypatch):
    """desk_folder for a page test: accounts, the app pointed at it, "today" fixed."""
    return desk_folder(week_one, tmp_path, monkeypatch)


def listing(base):
    """Every path under the data folder, but the audit log (which every act writes to)."""
    return sorted(str(p.relative_to(base)) for p in base.rglob("*") if "audit.sqlite" not in p.name)

