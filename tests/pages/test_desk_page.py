"""The data desk and the audit log under AppTest, on the tiny world (week 1 published, week 2 handed in)."""

from __future__ import annotations

import datetime as dt

import pytest
import tiny
from access import (  # noqa: F401 (desk_base and week_one are fixtures)
    desk_base, district_rows, fill_week, messy_workforce_xlsx, report_csv, signed_in, week_one, week_one_base,
)
from loop_helpers import approve_all

from grassroots.outputs import escape
from grassroots import desk
from grassroots.store import snapshots
from grassroots.access.audit import Actor, AuditLog
from grassroots.store.pipeline import run_refresh

WEEK = tiny.AS_OF[2]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def base(desk_base):
    return desk_base


def upload(at, report: str, name: str, data: bytes, mime: str = "text/csv"):
    at.selectbox(key=f"desk_report_{True}").set_value(report)
    at.file_uploader(key="desk_file").set_value((name, data, mime))
    next(b for b in at.button if b.label == "校验并提交").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_district_clerk_s_messy_first_upload_shows_every_problem_and_changes_nothing(base, tmp_path):
    at = signed_in(base, "li", "views/desk.py")
    before = sorted(p.relative_to(base) for p in base.rglob("*") if "audit" not in p.name)
    assert at.selectbox(key="desk_week").value == dt.date(2026, 11, 27)  # the coming Friday
    at = upload(at, "workforce", "新城区队伍建设情况.xlsx", messy_workforce_xlsx(tmp_path), XLSX)
    assert "新城区队伍建设情况.xlsx 有 2 个问题，没有保存" in escape.unescape_markdown(at.error[0].value)
    table = at.table[0].value.map(escape.unescape_markdown)  # st.table reads Markdown: the page escapes every cell
    assert list(table.columns) == ["文件", "行（Excel）", "列", "问题", "怎么改", "规则"]
    assert table[["行（Excel）", "列"]].values.tolist() == [["4", "社区工作者（community_workers）"], ["4", "担任正职（heads）"]]
    assert "50人" in table["问题"].iloc[0] and "不要带单位" in table["怎么改"].iloc[0]
    assert "#N/A" in table["问题"].iloc[1] and table["规则"].iloc[1] == "Excel 错误值 [excel_error]"
    assert any("表头在第 3 行" in c.value and "“合计”行不是数据" in c.value for c in at.caption)
    assert any("新城区队伍建设情况.xlsx" in escape.unescape_markdown(c.value) for c in at.caption)
    assert sorted(p.relative_to(base) for p in base.rglob("*") if "audit" not in p.name) == before


def test_a_district_clerk_sees_and_hands_in_for_their_own_district_only(base):
    fill_week(base, WEEK, leave_out=(("workforce", "150102"),))
    AuditLog(base / "audit.sqlite").record(Actor("sun", ("district_clerk",), "150103"), "upload", "accepted",
                                           week=WEEK.isoformat(), report="units", district="150103", original="回民区名录.csv")
    at = signed_in(base, "li", "views/desk.py")
    assert not [s for s in at.selectbox if s.key == "desk_place"]
    assert set(at.selectbox(key="desk_report_True").options) == {desk.report_label(t.name) for t in desk.DISTRICT_REPORTS}
    at.selectbox(key="desk_week").set_value(WEEK).run()
    status = at.dataframe[0].value
    assert len(status) == len(desk.DISTRICT_REPORTS)
    assert all(f.endswith("__150102.csv") or f == "—" for f in status["文件"])
    assert "回民区名录.csv" not in str([d.value for d in at.dataframe])  # another district's upload history


def test_a_good_upload_then_publish_matches_the_cli_and_the_audit_log_has_the_rows(base, tmp_path):
    fill_week(base, WEEK, leave_out=(("workforce", "150102"),))
    at = signed_in(base, "li", "views/desk.py")
    at.selectbox(key="desk_week").set_value(WEEK).run()
    at = upload(at, "workforce", "新城区队伍.csv", report_csv("workforce", district_rows("workforce", "150102")))
    assert "已接收" in at.success[0].value and "workforce__150102.csv" in at.success[0].value
    at.button(key="loop_submit").click().run()
    assert "已完成：提交审核" in at.success[0].value and not at.exception
    approve_all(base, WEEK, [d for d in tiny.DISTRICTS if d != "150102"], today=WEEK)

    clerk = signed_in(base, "zhou", "views/desk.py")
    clerk.selectbox(key="desk_week").set_value(WEEK).run()
    assert "已交 123 份，有问题 0 份，未交 0 份" in " ".join(c.value for c in clerk.caption)
    assert clerk.button(key="desk_publish").disabled  # 新城区 is not approved yet
    assert clerk.selectbox(key=f"loop_pick_{WEEK}").value == "150102"  # the one waiting comes first
    clerk.button(key="loop_approve_150102").click().run()
    clerk.button(key="desk_publish").click().run()
    assert not clerk.exception and "已发布截至 2026-11-20 的快照" in clerk.success[0].value
    published = next(s for s in snapshots.list_snapshots(base) if s.as_of == WEEK)

    cli_base = week_one_base(tmp_path / "cli")
    cli = run_refresh(desk.week_inbox(base, WEEK), WEEK, base=cli_base, today=WEEK)
    assert cli.ok and published.manifest["checksums"] == cli.manifest["checksums"]

    rows = [(e["user"], e["action"], e["outcome"]) for e in reversed(AuditLog(base / "audit.sqlite").events())
            if e["user"] in ("li", "zhou")]
    assert rows == [("li", "sign_in", "ok"), ("li", "upload", "accepted"), ("li", "review", "ok"),
                    *[("zhou", "review", "ok")] * 9, ("zhou", "sign_in", "ok"), ("zhou", "review", "ok"),
                    ("zhou", "publish", "ok"), ("zhou", "review", "ok")]  # the last: the publish, in the loop's log
    clerk.switch_page("views/audit.py").run()
    log = clerk.dataframe[0].value
    assert not clerk.exception and list(log["操作"])[:3] == ["审核本周数据", "发布快照", "审核本周数据"] and "李娜" not in str(log)
    assert "zhou" in set(log["用户"]) and "li" in set(log["用户"])


def test_file_names_and_cells_from_a_district_stay_text_on_the_page(base):
    rows = [dict(r, heads="[点我](http://example.com)") for r in district_rows("workforce", "150102")]
    at = signed_in(base, "li", "views/desk.py")
    at = upload(at, "workforce", "**新城区**:red[队伍].csv", report_csv("workforce", rows))
    assert r"\*\*新城区\*\*\:red\[队伍\]\.csv" in at.error[0].value
    cell = at.table[0].value["问题"].iloc[0]
    assert r"\[点我\]\(http\:" in cell and escape.unescape_markdown(cell) == "应为整数，实际为“[点我](http://example.com)”"


def test_a_file_past_the_upload_limits_is_refused_in_the_problem_table(base):
    """A workbook that inflates a thousandfold, and a CSV of bare line breaks: no traceback, the page's
    problem table names the limit (tests/test_upload_limits.py has the limits themselves)."""
    from test_upload_limits import repeated, xlsx

    bomb = xlsx(repeated(b"<row><c><v>1</v></c><c><v>2</v></c></row>", 200 << 20))
    at = signed_in(base, "li", "views/desk.py")
    for name, data, mime, says in [("新城区队伍.xlsx", bomb, XLSX, "解压后"),
                                   ("新城区队伍.csv", "旗县区代码\r\n".encode() + b"\r\n" * 300_000, "text/csv", "行的上限")]:
        at = upload(at, "workforce", name, data, mime)
        assert f"{name} 有 1 个问题，没有保存" in escape.unescape_markdown(at.error[0].value)
        table = at.table[0].value.map(escape.unescape_markdown)
        assert says in table["问题"].iloc[0] and "上限" in table["问题"].iloc[0] and "拆分" in table["怎么改"].iloc[0]
        assert table["规则"].iloc[0] == "文件太大 [too_large]" and table["文件"].iloc[0] == name
    assert not desk.week_inbox(base, dt.date(2026, 11, 27)).exists()


def test_the_board_shows_a_contradiction_as_a_problem_and_a_repeat_as_a_warning_in_the_command_lines_words(base):
    """A legal-aid service at another district's community stops the week; a session handed in twice
    under a new id is published with a warning. The board says both as `refresh.py --check` does."""
    inbox = fill_week(base, WEEK)
    sessions = district_rows("volunteer_sessions", "150102")
    (inbox / "volunteer_sessions__150102.csv").write_bytes(
        report_csv("volunteer_sessions", sessions + [dict(sessions[0], session_id="VS09001")]))
    cases = [dict(r, unit_code="150102005002") for r in district_rows("legal_aid_cases", "150105")]
    (inbox / "legal_aid_cases__150105.csv").write_bytes(report_csv("legal_aid_cases", cases))
    cli = run_refresh(inbox, WEEK, base=base, today=WEEK, check_only=True)
    assert [p.rule for p in cli.problems] == ["relation_mismatch"] and [w.rule for w in cli.warnings] == ["repeated_event"]

    clerk = signed_in(base, "zhou", "views/desk.py")
    clerk.selectbox(key="desk_week").set_value(WEEK).run()
    assert not clerk.exception
    problems, warnings = (t.value.map(escape.unescape_markdown) for t in clerk.table[:2])
    assert problems["问题"].tolist() == [cli.problems[0].message] and problems["文件"].tolist() == ["legal_aid_cases__150105.csv"]
    assert "新城区（150102）" in cli.problems[0].message and "units__150102.csv 第 3 行" in cli.problems[0].message
    assert warnings["问题"].tolist() == [cli.warnings[0].message] and warnings["行（Excel）"].tolist() == ["3"]
    assert any("提示：不影响发布" in m.value for m in clerk.markdown)


def test_a_formula_never_calculated_shows_on_the_board_as_the_command_line_words_it(base, tmp_path):
    """A workbook written by a program (a formula saved as 0, recalculation asked on load): the page's
    problem table names the sheet and cell in the same words the refresh prints."""
    from messy import edits as e

    from grassroots.intake.reports import read_report

    folder = tmp_path / "form"
    folder.mkdir()
    (folder / "workforce.csv").write_bytes(report_csv("workforce", district_rows("workforce", "150102")))
    heads = e.col(e.rows(folder, "workforce"), "担任正职")
    data = e.to_xlsx(folder, "workforce", cells={(1, heads): ("formula", "=1+1", 0)}, recalc=True).read_bytes()
    (cli,) = read_report(folder / "workforce.xlsx").problems  # what `refresh.py --check` prints for this file
    at = upload(signed_in(base, "li", "views/desk.py"), "workforce", "新城区队伍.xlsx", data, XLSX)
    table = at.table[0].value.map(escape.unescape_markdown)
    assert table[["行（Excel）", "列", "规则"]].values.tolist() == [["2", "担任正职（heads）", "公式没有计算结果 [formula_not_saved]"]]
    assert table["问题"].iloc[0] == cli.message_in("zh") and "单元格 H2" in cli.message_in("zh")
    assert table["怎么改"].iloc[0] == cli.hint_in("zh") and "Excel 或 WPS" in cli.hint_in("zh")
