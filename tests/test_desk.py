"""The data desk's domain: what an upload must be, who may hand in what, what a refused file leaves
behind (nothing), the board, and publishing through the same refresh as the CLI."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
import tiny
from access import (  # noqa: F401 (base and week_one are fixtures)
    base, district_rows, fill_week, listing, messy_workforce_xlsx, report_csv, week_one, week_one_base,
)

from grassroots import desk
from grassroots.catalogue.tables import TABLES
from grassroots.store import snapshots
from grassroots.access.audit import Actor, AuditLog
from grassroots.store.pipeline import run_refresh

WEEK = tiny.AS_OF[2]
LI = Actor("li", ("district_clerk",), "150102", "10.0.0.7")
SUN = Actor("sun", ("district_clerk",), "150103", "10.0.0.8")
ZHOU = Actor("zhou", ("clerk",), None, "10.0.0.2")


def hand_in(base, actor, report, district, data, name, **kw):
    return desk.hand_in(base, WEEK, report, district, data, name, actor=actor, log=AuditLog(base / "audit.sqlite"),
                        today=WEEK, **kw)


def test_the_week_is_due_on_the_coming_friday():
    assert desk.due_date(dt.date(2026, 12, 2)) == dt.date(2026, 12, 4)  # Wednesday
    assert desk.due_date(dt.date(2026, 12, 4)) == dt.date(2026, 12, 4)  # Friday itself
    assert desk.due_date(dt.date(2026, 12, 5)) == dt.date(2026, 12, 11)  # Saturday: next week's


def _xlsx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    return out.getvalue()


@pytest.mark.parametrize("name, data, rule", [
    ("workforce.csv", _xlsx(), "content_mismatch"),  # a workbook renamed .csv
    ("workforce.xlsx", "旗县区代码\n150102\n".encode(), "content_mismatch"),  # a CSV renamed .xlsx
    ("workforce.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "content_mismatch"),  # .xls renamed .xlsx
    ("workforce.csv", b"%PDF-1.7\n" + bytes(range(256)) * 2, "content_mismatch"),
    ("workforce.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "unsupported_format"),
    ("workforce.exe", b"MZ\x90\x00", "unsupported_format"),
    ("workforce.csv", b"", "empty_file"),
    ("网格.csv", "旗县区代码\n150102\n".encode(), "report_mismatch"),  # the grids file offered as workforce
    ("workforce__150103.csv", "旗县区代码\n150103\n".encode(), "district_mismatch"),
    ("workforce.csv", b"x" * 2048, "too_large"),
])
def test_the_gate_checks_content_and_name_before_anything_is_written(name, data, rule):
    suffix, problems = desk.gate(TABLES["workforce"], "150102", name, data, max_bytes=1024)
    assert suffix is None and rule in {p.rule for p in problems}
    assert all(p.hint for p in problems)


def test_the_gate_stores_by_what_the_content_is():
    assert desk.gate(TABLES["workforce"], "150102", "新城区 队伍.xlsx", _xlsx(), 1 << 20) == (".xlsx", [])
    assert desk.gate(TABLES["workforce"], "150102", "队伍.CSV", "a,b\n1,2\n".encode("gb18030"), 1 << 20) == (".csv", [])
    # a stray NUL in a CSV passes the gate: the reader names its row
    assert desk.gate(TABLES["workforce"], "150102", "队伍.csv", b"a,b\n1,\x002\n", 1 << 20)[0] == ".csv"


def test_a_district_clerk_cannot_hand_in_for_another_district_or_for_the_city(base):
    before = listing(base)
    data = report_csv("workforce", district_rows("workforce", "150103"))
    with pytest.raises(PermissionError):
        hand_in(base, LI, "workforce", "150103", data, "workforce.csv")
    with pytest.raises(PermissionError):
        hand_in(base, LI, "task_book", None, report_csv("task_book", district_rows("task_book", None)), "task_book.csv")
    with pytest.raises(PermissionError):  # a district report is never a city upload, and the other way round
        hand_in(base, ZHOU, "workforce", None, data, "workforce.csv")
    assert listing(base) == before
    refused = AuditLog(base / "audit.sqlite").events(actions=["upload"])
    assert [(e["user"], e["outcome"], e["detail"]["reason"], e["detail"]["district"]) for e in refused][-1] == (
        "li", "refused", "not_allowed", "150103")


def test_a_messy_first_upload_is_refused_with_its_problems_and_changes_nothing(base, tmp_path):
    before = listing(base)
    manifests = [s.manifest for s in snapshots.list_snapshots(base)]
    result = hand_in(base, LI, "workforce", "150102", messy_workforce_xlsx(tmp_path), "新城区队伍建设情况（第47周）.xlsx")
    assert not result.accepted and result.stored is None
    seen = {(p.rule, p.file, p.row, p.column_label("zh").split("（")[0] if p.column else None) for p in result.problems}
    assert seen == {("wrong_type", "新城区队伍建设情况（第47周）.xlsx", 4, "社区工作者"),
                    ("excel_error", "新城区队伍建设情况（第47周）.xlsx", 4, "担任正职")}
    assert all(p.hint for p in result.problems)
    assert any("标题行已跳过" in str(n) or "表头在第 3 行" in str(n) for n in result.notes)
    assert any("合计" in str(n) for n in result.notes)
    assert listing(base) == before  # no inbox file, no history, no snapshot
    assert [s.manifest for s in snapshots.list_snapshots(base)] == manifests
    event = AuditLog(base / "audit.sqlite").events(actions=["upload"])[0]
    assert event["outcome"] == "refused" and event["detail"]["rules"] == {"wrong_type": 1, "excel_error": 1}
    assert event["detail"]["original"] == "新城区队伍建设情况（第47周）.xlsx" and "50人" not in json.dumps(event["detail"])


def test_a_file_handed_in_as_the_wrong_report_says_which_report_it_is(base, tmp_path):
    result = hand_in(base, LI, "units", "150102", messy_workforce_xlsx(tmp_path), "新城区队伍建设情况.xlsx")
    assert [(p.rule, p.file) for p in result.problems] == [("report_mismatch", "新城区队伍建设情况.xlsx")]
    assert "社区工作者队伍" in result.problems[0].message and "治理单元名录" in result.problems[0].message


def test_a_header_only_file_is_refused_for_leaving_the_district_out(base):
    result = hand_in(base, LI, "workforce", "150102", report_csv("workforce", []), "workforce.csv")
    assert not result.accepted and [p.rule for p in result.problems] == ["incomplete_report"]
    assert result.problems[0].file == "workforce.csv" and "新城区（150102）" in result.problems[0].message


def test_a_file_is_checked_against_the_district_s_other_reports_even_before_they_are_in(base):
    """No units file this week yet: the grids are checked against last week's list of the district."""
    grids = [dict(r, community_code="150102005099") for r in district_rows("grids", "150102")]
    result = hand_in(base, LI, "grids", "150102", report_csv("grids", grids), "grids.csv")
    assert [(p.rule, p.row) for p in result.problems] == [("unknown_code", 2)]
    assert hand_in(base, LI, "grids", "150102", report_csv("grids", district_rows("grids", "150102")), "grids.csv").accepted


def test_a_good_upload_waits_in_the_inbox_and_a_re_upload_keeps_the_earlier_one_in_the_history(base):
    first = hand_in(base, LI, "workforce", "150102", report_csv("workforce", district_rows("workforce", "150102")), "队伍.csv")
    assert first.accepted and first.stored == "workforce__150102.csv" and first.replaced is None
    inbox = desk.week_inbox(base, WEEK)
    assert sorted(p.name for p in inbox.iterdir()) == ["workforce__150102.csv"]
    rows = district_rows("workforce", "150102")
    second = hand_in(base, LI, "workforce", "150102", report_csv("workforce", [dict(rows[0], heads=3)]), "队伍（更正）.csv")
    assert second.accepted and second.replaced.endswith("__workforce__150102.csv")
    assert sorted(p.name for p in inbox.iterdir()) == ["workforce__150102.csv"]
    history = desk.history_dir(base, WEEK)
    assert [p.name for p in history.iterdir()] == [second.replaced]
    assert b",2," in (history / second.replaced).read_bytes() and b",3," in (inbox / "workforce__150102.csv").read_bytes()
    assert not list(snapshots.snapshots_root(base).glob(WEEK.isoformat()))


def test_the_board_shows_handed_in_with_problems_and_missing(base):
    log = AuditLog(base / "audit.sqlite")
    fill_week(base, WEEK, leave_out=(("workforce", "150102"), ("legal_aid_cases", "150105")))
    (desk.week_inbox(base, WEEK) / "signage_cleanup__150103.csv").write_bytes(
        report_csv("signage_cleanup", [dict(district_rows("signage_cleanup", "150103")[0], signs_removed="many")]))
    assert hand_in(base, LI, "workforce", "150102", report_csv("workforce", district_rows("workforce", "150102")),
                   "队伍.csv").accepted
    cells, check = desk.board(base, WEEK, log, today=WEEK)
    state = {(c.report, c.district): c for c in cells}
    assert state[("workforce", "150102")].state == "ok" and state[("workforce", "150102")].by == "li"
    assert state[("units", "150104")].state == "ok" and state[("units", "150104")].by is None  # put there another way
    assert state[("signage_cleanup", "150103")].state == "problems" and state[("signage_cleanup", "150103")].problems == 1
    assert state[("legal_aid_cases", "150105")].state == "missing"
    assert state[("task_book", None)].state == "ok"
    assert len(cells) == len(desk.DISTRICT_REPORTS) * len(tiny.DISTRICTS) + len(desk.CITY_REPORTS)


def test_publishing_is_refused_while_a_problem_remains(base):
    fill_week(base, WEEK, leave_out=(("workforce", "150104"),))
    result = desk.publish(base, WEEK, actor=ZHOU, log=AuditLog(base / "audit.sqlite"), today=WEEK)
    assert not result.ok and {p.rule for p in result.problems} == {"incomplete_report"}
    assert not (snapshots.snapshots_root(base) / WEEK.isoformat()).exists()
    event = AuditLog(base / "audit.sqlite").events(actions=["publish"])[0]
    assert event["outcome"] == "refused" and event["detail"]["rules"] == {"incomplete_report": 1}
    with pytest.raises(PermissionError):
        desk.publish(base, WEEK, actor=LI, log=AuditLog(base / "audit.sqlite"), today=WEEK)


def test_a_good_upload_then_publish_gives_the_same_snapshot_as_the_cli(base, tmp_path):
    fill_week(base, WEEK, leave_out=(("workforce", "150102"),))
    assert hand_in(base, LI, "workforce", "150102", report_csv("workforce", district_rows("workforce", "150102")),
                   "队伍.csv").accepted
    published = desk.publish(base, WEEK, actor=ZHOU, log=AuditLog(base / "audit.sqlite"), today=WEEK)
    assert published.ok, published.problems
    cli_base = week_one_base(tmp_path / "cli")
    cli = run_refresh(desk.week_inbox(base, WEEK), WEEK, base=cli_base, today=WEEK)
    assert cli.ok
    assert published.manifest["checksums"] == cli.manifest["checksums"]
    assert published.manifest["sources"] == cli.manifest["sources"]


def test_a_large_change_is_published_only_when_confirmed_and_the_override_is_audited(base):
    log = AuditLog(base / "audit.sqlite")
    fill_week(base, WEEK, leave_out=(("workforce", "150102"),))
    fewer = [dict(r, community_workers=30) for r in district_rows("workforce", "150102")]
    handed = hand_in(base, LI, "workforce", "150102", report_csv("workforce", fewer), "队伍.csv")
    assert handed.accepted and {p.rule for p in handed.changes} == {"implausible_change"}
    cells, check = desk.board(base, WEEK, log, today=WEEK)
    choices = desk.accept_choices(check.problems)
    assert "community_workers" in choices
    assert not desk.publish(base, WEEK, actor=ZHOU, log=log, today=WEEK).ok
    result = desk.publish(base, WEEK, actor=ZHOU, log=log, accept=tuple(choices), today=WEEK)
    assert result.ok, result.problems
    overrides = log.events(actions=["override"])
    assert {e["detail"]["figure"] for e in overrides} == set(choices) and all(e["user"] == "zhou" for e in overrides)
    assert [e["outcome"] for e in log.events(actions=["publish"])] == ["ok", "refused"]


def test_each_blank_template_is_recognised_as_its_own_report():
    for table in desk.DISTRICT_REPORTS:
        assert desk.looks_like(desk.template(table.name), ".xlsx", desk.DISTRICT_REPORTS) is table, table.name


def test_a_publish_from_the_desk_anchors_the_app_s_own_audit_log_wherever_it_lives(base, tmp_path):
    fill_week(base, WEEK)
    log = AuditLog(tmp_path / "elsewhere" / "audit.sqlite")  # the app's secrets may put it anywhere
    log.record(ZHOU, "sign_in", "ok")
    head = log.head()
    published = desk.publish(base, WEEK, actor=ZHOU, log=log, today=WEEK)
    assert published.ok, published.problems
    assert published.manifest["audit_anchor"] == {"id": head[0], "hash": head[1]}
    assert log.head()[0] == head[0] + 1  # then the publish itself is logged
