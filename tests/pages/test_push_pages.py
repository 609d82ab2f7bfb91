"""本周要情 on the overview (numbers hover their 口径 and query) and the push outbox on the city
clerk's desk (state, attempts, last error, 重新发送), in Chinese and English, under AppTest."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest
import tiny
from access import signed_in, week_one_base, write_accounts

from app import auth
from grassroots import desk
from grassroots.access.audit import AuditLog
from grassroots.push import config, deliver
from tests.pages.apptest import start
from tests.push_receivers import Robots

WEEK = tiny.AS_OF[1]


@pytest.mark.parametrize("lang,title,alert", [("zh", "本周要情", "预警 · 落后目标路径"),
                                              ("en", "This week in brief", "Alert · Behind target path")])
def test_the_overview_opens_with_the_week_in_sentences_each_number_with_its_source(demo_env, lang, title, alert):
    at = start({"lang": lang})
    block = next(e.proto.body for e in at.get("html") if e.proto.body.startswith(f'<div class="gp-box" id="narrative"><p><b>{title}</b></p>'))
    sentences = re.findall(r"<p>(.*?)</p>", block)[1:4]
    assert len(sentences) == 3 and any("queries/headline_figures.sql" in s for s in sentences)
    # every bold number is a hover link, and nothing else is bold
    assert all(s.count("<b>") == s.count('<a href="#narrative" title="') > 0 for s in sentences if "<b>" in s)
    fired = [w.value for w in at.warning if alert in w.value]
    assert fired and "behind_path" in fired[0] and "2026-12-01" in fired[0]  # the rule that fired, and its version
    assert not at.exception


@pytest.fixture
def base(tmp_path_factory, tmp_path, monkeypatch):
    dst = tmp_path / "data"
    shutil.copytree(week_one_base(tmp_path_factory.mktemp("push-desk")), dst)
    write_accounts(dst)
    monkeypatch.setenv("GRASSROOTS_DATA_DIR", str(dst))
    monkeypatch.setattr(auth, "today", lambda: tiny.AS_OF[2] + dt.timedelta(days=1))
    return dst


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_city_clerk_sees_the_outbox_and_sends_a_failed_message_again(base, lang):
    robots = Robots({"ding": "SECgood"})
    try:
        push = {"outbox": "outbox.sqlite", "recipients": [
            {"name": "city-wecom", "kind": "wecom", "webhook": f"{robots.url}/wecom?key=w"},
            {"name": "city-ding", "kind": "dingtalk", "webhook": f"{robots.url}/dingtalk?access_token=ding",
             "secret": "SECgood"}]}
        settings = config.parse(push, set(desk.district_codes()))
        robots.script = {"/wecom:w": [93000]}  # a permanent refusal the first time
        log = AuditLog(base / "audit.sqlite")
        deliver.deliver(base, settings, log, keys=deliver.owe(base, settings, WEEK.isoformat()))
        desk.week_inbox(base, WEEK).mkdir(parents=True)  # a published week the city clerk may open on the desk
        at = signed_in(base, "zhou", "views/desk.py", query={"lang": lang})
        at.secrets["push"] = push
        at.selectbox(key="desk_week").set_value(WEEK).run()
        frame = next(d.value for d in at.dataframe if "city-wecom" in d.value.to_string())
        state = "推送状态" if lang == "zh" else "Push state"
        assert sorted(frame[state].tolist()) == sorted(["失败", "已发送"] if lang == "zh" else ["failed", "sent"])
        error = "最近错误" if lang == "zh" else "Last error"
        assert "errcode 93000" in " ".join(frame[error].tolist())
        at.selectbox(key="desk_resend_pick").set_value(f"{WEEK}|city-wecom|wecom|brief").run()
        at.button(key="desk_resend").click().run()
        assert not at.exception and at.success
        assert len([a for a in robots.accepted if a["robot"] == "/wecom:w"]) == 1
        assert [e["outcome"] for e in log.events(actions=["push"])][:2] == ["sent", "resend"]
    finally:
        robots.close()


def test_a_publish_from_the_desk_pushes_the_brief_and_lists_it(base):
    from access import fill_week
    from loop_helpers import approve_all

    robots = Robots()
    try:
        fill_week(base, tiny.AS_OF[2])
        approve_all(base, tiny.AS_OF[2], tiny.DISTRICTS, today=tiny.AS_OF[2])  # publishing needs every district approved
        at = signed_in(base, "zhou", "views/desk.py")
        at.secrets["push"] = {"recipients": [{"name": "city-wecom", "kind": "wecom", "webhook": f"{robots.url}/wecom?key=w"}]}
        at.selectbox(key="desk_week").set_value(tiny.AS_OF[2]).run()
        at.button(key="desk_publish").click().run()
        assert not at.exception and "已发布" in at.success[0].value
        assert any("推送 city\\-wecom（wecom）：已发送" in c.value for c in at.caption)
        brief = [a for a in robots.accepted if "周报" in a["body"]["markdown"]["content"]]
        assert len(brief) == 1 and tiny.AS_OF[2].isoformat() in brief[0]["body"]["markdown"]["content"]
        frame = next(d.value for d in at.dataframe if "city-wecom" in d.value.to_string())
        assert "已发送" in frame["推送状态"].tolist()
    finally:
        robots.close()
