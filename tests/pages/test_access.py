"""Sign-in and roles under AppTest: nothing renders before sign-in, by any address; wrong passwords
are refused and throttled; each role sees its pages and is refused the others by address."""

from __future__ import annotations

import time

import access
import pytest
from access import sign_in, signed_in, write_accounts

import app.ui
import queries
import queries.db
from app import auth
from app.navigation import PAGES
from grassroots.access.audit import AuditLog
from tests.pages.apptest import drawn, metrics, side_lines, tables, unfold


@pytest.fixture
def auth_dir(tmp_path, demo_env):
    """Accounts and audit log of this test (the snapshots are the demo's)."""
    write_accounts(tmp_path)
    return tmp_path


def log(auth_dir):
    return AuditLog(auth_dir / "audit.sqlite")


def shows_data(at) -> bool:
    return bool(metrics(at) or tables(at) or at.selectbox or at.get("plotly_chart") or drawn(at))


@pytest.mark.parametrize("path", [None, *[spec.path for spec in PAGES]])
def test_before_sign_in_no_page_renders_data_whatever_address_opened_it(auth_dir, monkeypatch, path):
    def refuse(*_a, **_k):
        raise AssertionError("read data before sign-in")

    for module, name in ((app.ui, "sidebar"), (app.ui, "context"), (app.ui, "run"), (app.ui, "snapshot_list"),
                         (queries, "run"), (queries, "snapshot_list"), (queries.db, "run")):
        monkeypatch.setattr(module, name, refuse)
    at = access.app(auth_dir, query={"district": "150102", "snapshot": "2026-11-20"}).run()
    if path:
        at.switch_page(path).run()
    assert not at.exception, [e.value for e in at.exception]
    assert [w.label for w in at.text_input] == ["账号", "密码"]
    assert not shows_data(at) and not at.sidebar.button
    assert [x.value for x in at.title] == ["呼和浩特市“减负赋能”基层治理看板"]


def test_a_wrong_password_is_refused(auth_dir):
    at = sign_in(access.app(auth_dir).run(), "wang", "not the password")
    assert "账号或密码不正确" in at.error[0].value
    assert [w.label for w in at.text_input] == ["账号", "密码"] and not shows_data(at)
    assert [(e["user"], e["outcome"]) for e in log(auth_dir).events(actions=["sign_in"])] == [("wang", "failed")]


def test_a_disabled_account_is_refused_even_with_its_password(auth_dir):
    at = sign_in(access.app(auth_dir).run(), "old")
    assert "停用" in at.error[0].value and not shows_data(at)


def test_throttling_engages_after_n_tries_and_answers_like_a_wrong_password(auth_dir):
    at = access.app(auth_dir, max_failures=3).run()
    for i in range(3):
        sign_in(at, "wang", f"guess {i}")
        assert "账号或密码不正确" in at.error[0].value
    wrong = at.error[0].value
    sign_in(at, "wang")  # the right password, but too soon
    assert at.error[0].value == wrong and not shows_data(at)  # a throttled try reads like any failure
    assert [e["outcome"] for e in log(auth_dir).events(actions=["sign_in"])][0] == "throttled"


def test_an_unknown_name_a_wrong_password_and_a_throttled_name_get_the_same_answer(auth_dir):
    at = access.app(auth_dir, max_failures=2).run()
    answers = {}
    for name in ("wang", "nobody-here"):
        for i in range(4):  # the last two tries of each are throttled
            sign_in(at, name, f"guess {i}")
            answers[(name, i)] = (at.error[0].value, tuple(w.label for w in at.text_input), shows_data(at))
    assert len(set(answers.values())) == 1, answers
    outcomes = [(e["user"], e["outcome"]) for e in reversed(log(auth_dir).events(actions=["sign_in"]))]
    unknown = outcomes[4][0]
    assert unknown.startswith("?") and "nobody" not in unknown  # counted per name, its text never kept
    assert outcomes == [("wang", "failed")] * 2 + [("wang", "throttled")] * 2 + [(unknown, "failed")] * 2 + [
        (unknown, "throttled")] * 2


def test_a_leader_sees_the_leader_pages_and_is_refused_the_sql_box_and_the_desk_by_address(auth_dir):
    at = signed_in(auth_dir, "wang")
    assert metrics(at) and "王芳" in side_lines(at)[-1]
    for page, title in (("views/explore.py", "数据探索"), ("views/desk.py", "数据报送"), ("views/audit.py", "审计日志"),
                        ("views/compare.py", "快照对比")):
        at.switch_page(page).run()
        assert not at.exception
        assert len(at.error) == 1 and "不能查看" in at.error[0].value and title in at.error[0].value
        assert not at.toggle and not at.text_area and not at.get("file_uploader") and not shows_data(at)
    refused = log(auth_dir).events(actions=["page_refused"])
    assert {e["detail"]["page"] for e in refused} == {"explore", "desk", "audit", "compare"}


def test_the_navigation_shows_each_role_its_pages_only():
    def visible(*roles, district=None):
        user = auth.User("u", "", frozenset(roles), district)
        return [spec.url_path for spec in PAGES if auth.allowed(spec, user)]

    leader = ["overview", "restructuring", "burden", "workforce", "cogovernance"]
    assert visible("leader") == [*leader, "tasks", "league"]
    assert visible("analyst") == [*leader, "tasks", "league", "explore", "compare"]
    assert visible("clerk") == [*leader, "tasks", "league", "desk", "audit"]
    assert visible("district_clerk", district="150102") == [*leader, "tasks", "desk"]  # the league: every district's rows
    assert visible("leader", "district_clerk", district="150102") == [*leader, "tasks", "league", "desk"]
    assert auth.OPEN_USER.roles == {"leader", "analyst"}  # the open demo: today's pages, nothing that writes


def test_an_analyst_s_sql_query_is_audited(auth_dir):
    at = signed_in(auth_dir, "zhao", "views/explore.py")
    at.toggle(key="sql_mode").set_value(True).run()
    at.text_area(key="sql_text").input("select count(*) as n from legal_aid_cases")
    at.button[0].click().run()
    at.text_area(key="sql_text").input("select * from read_csv('/etc/passwd')")
    at.button[0].click().run()
    events = log(auth_dir).events(actions=["sql_query"])
    assert [(e["user"], e["roles"], e["outcome"]) for e in events] == [("zhao", ["analyst"], "refused"),
                                                                       ("zhao", ["analyst"], "ok")]
    assert events[1]["detail"]["rows"] == 1 and "legal_aid_cases" in events[1]["detail"]["sql"]


def test_a_district_clerk_sees_the_leader_pages_of_their_own_district_only(auth_dir):
    at = access.app(auth_dir, query={"district": "150103"}).run()  # a link to another district
    sign_in(at, "li")
    district = unfold(at).sidebar.selectbox(key="district")
    assert district.options == ["新城区"] and district.value == "150102"
    assert at.query_params["district"] == "150102"
    at.switch_page("views/workforce.py").run()
    assert not at.exception and unfold(at).sidebar.selectbox(key="district").value == "150102"
    at.switch_page("views/audit.py").run()
    assert "不能查看" in at.error[0].value


def test_the_session_ends_after_the_idle_time_and_sign_out_is_one_click(auth_dir):
    at = signed_in(auth_dir, "wang")
    access.age_session(auth_dir, 31)
    at.run()
    assert [w.label for w in at.text_input] == ["账号", "密码"] and "未操作" in at.info[0].value and not shows_data(at)
    sign_in(at, "wang")
    assert metrics(at)
    at.sidebar.button(key="sign_out").click().run()
    assert [w.label for w in at.text_input] == ["账号", "密码"] and "已退出" in at.info[0].value and not shows_data(at)
    assert [e["action"] for e in reversed(log(auth_dir).events())] == [
        "sign_in", "session_timeout", "sign_in", "sign_out"]


def test_without_auth_configured_the_app_stays_open_and_says_so(demo_env):
    from tests.pages.apptest import start

    at = start()
    assert metrics(at) and "演示模式：未启用登录" in side_lines(at)[-1]
    at.switch_page("views/desk.py").run()
    assert "不能查看" in at.error[0].value  # the desk writes files: never without a signed-in clerk


def test_an_oidc_identity_signs_in_only_as_an_account_of_the_file(auth_dir):
    at = access.app(auth_dir, methods=["oidc"])
    at.user = {"is_logged_in": True, "email": "zhou", "exp": time.time() + 600}
    access.take_cookie(at.run())
    assert not at.exception and metrics(at) and "周强" in side_lines(at)[-1]
    stranger = access.app(auth_dir, methods=["oidc"])
    stranger.user = {"is_logged_in": True, "email": "someone@else.cn", "exp": time.time() + 600}
    stranger.run()
    assert not stranger.exception and "尚未开通" in stranger.error[0].value and not shows_data(stranger)
    outcomes = [(e["user"], e["outcome"], e["detail"]["method"]) for e in log(auth_dir).events(actions=["sign_in"])]
    assert outcomes == [("?", "failed", "oidc"), ("zhou", "ok", "oidc")]


def test_disabling_an_account_or_changing_its_roles_takes_effect_at_the_next_click(auth_dir):
    from dataclasses import replace

    from grassroots.access import accounts

    at = signed_in(auth_dir, "zhao", "views/explore.py")
    assert at.toggle(key="sql_mode")
    with accounts.editing(auth_dir / "accounts.toml") as users:
        users["zhao"] = replace(users["zhao"], roles=("leader",))
    at.run()
    assert "不能查看" in at.error[0].value and not at.toggle
    with accounts.editing(auth_dir / "accounts.toml") as users:
        users["zhao"] = replace(users["zhao"], disabled=True)
    at.switch_page("views/overview.py").run()
    assert [w.label for w in at.text_input] == ["账号", "密码"] and not shows_data(at)
    assert log(auth_dir).events(actions=["sign_out"])[0]["outcome"] == "forced"


def test_a_session_whose_connection_shows_no_credential_or_another_s_is_signed_out_at_once(auth_dir):
    """The Streamlit session id alone is no credential: a run whose connection lacks the cookie of
    the session's sign-in (a client that resumed it by its id) signs the session out, audited."""
    from conftest import BROWSER

    at = signed_in(auth_dir, "li", "views/desk.py")
    assert at.get("file_uploader")
    at.session_state[BROWSER] = {}  # the same Streamlit session, now driven by a client without the cookie
    at.run()
    assert [w.label for w in at.text_input] == ["账号", "密码"] and not shows_data(at) and not at.get("file_uploader")
    other = signed_in(auth_dir, "zhou")
    mine = signed_in(auth_dir, "li", "views/desk.py")
    mine.session_state[BROWSER] = other.session_state[BROWSER]  # a live credential, but another user's
    mine.run()
    assert [w.label for w in mine.text_input] == ["账号", "密码"] and not shows_data(mine)
    forced = [(e["user"], e["detail"]["reason"]) for e in log(auth_dir).events(actions=["sign_out"])]
    assert forced[:2] == [("li", "credential_mismatch"), ("li", "credential_missing")]


def test_the_cookie_keeps_the_sign_in_across_a_reload_until_sign_out(auth_dir):
    from conftest import BROWSER

    at = signed_in(auth_dir, "wang")
    cookie = at.session_state[BROWSER]
    reloaded = access.app(auth_dir)  # a new Streamlit session in the same browser
    reloaded.session_state[BROWSER] = cookie
    reloaded.run()
    assert metrics(reloaded) and "王芳" in side_lines(reloaded)[-1]
    reloaded.sidebar.button(key="sign_out").click().run()
    again = access.app(auth_dir)
    again.session_state[BROWSER] = cookie  # the old cookie, kept by the browser: its session has ended
    again.run()
    assert [w.label for w in again.text_input] == ["账号", "密码"] and not shows_data(again)


def test_the_wall_screen_account_sees_the_wall_s_pages_only_and_takes_nothing_away(auth_dir):
    """The office's screen signs in with its own account (role screen): the wall's playlist, always
    as the wall, city-wide; no download, no 督办, every other page refused by address."""
    from grassroots.catalogue.pages import WALL_PAGES

    at = signed_in(auth_dir, "wall")
    assert metrics(at) and not at.get("download_button") and not at.main.get("popover")  # no 督办 (the sidebar's choices are one)
    assert any("wall-bar" in e.proto.body for e in at.get("html"))  # drawn as the wall without ?wall=1
    for spec in PAGES:
        at.switch_page(spec.path).run()
        assert not at.exception
        if spec.url_path in WALL_PAGES:
            assert not at.error and metrics(at) and not at.get("download_button"), spec.url_path
        else:
            assert len(at.error) == 1 and "不能查看" in at.error[0].value and not shows_data(at), spec.url_path
