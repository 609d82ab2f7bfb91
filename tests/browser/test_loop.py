"""The whole district loop in Chromium, three roles in three browser contexts, on the demo weeks:
the demo's snapshots up to 2026-11-06 published, its inboxes of 11-13 and 11-20 handed in.

新城区's clerk (li) submits 11-13; the city clerk (zhou) returns it with a reason; li reads the
reason, hands in its file again and resubmits; zhou approves and publishes (the nine other
districts were submitted and approved through the desk's own functions); the leader (wang) flags
新城区's volunteer sessions from the overview's card; li answers from its desk; the week of 11-20 is
published and closes the task by its figures; 新城区 climbs the league. Screenshots of the desk, the
督办 page and the league at 1366 and 390 px: test-output/screenshots/loop-*.png.
"""

from __future__ import annotations

import re
import shutil

import polars as pl
import pytest
from playwright.sync_api import expect

from grassroots import demo
from grassroots.desk import league, loop, review, tasks
from grassroots.store import snapshots
from grassroots.store.pipeline import stored_figures
from tests.browser.harness import screenshot, serve_signed, wait_ready
from tests.browser.test_roles import sign_in
from tests.loop_helpers import approve_all, audit_of

pytestmark = pytest.mark.browser
WEEK, NEXT = demo.AS_OF_DATES[-2], demo.AS_OF_DATES[-1]  # 2026-11-13, 2026-11-20
OTHERS = ["150103", "150104", "150105", "150121", "150122", "150123", "150124", "150125", "150172"]
SLOW = 180_000


@pytest.fixture(scope="module")
def served(demo_base, tmp_path_factory):
    root = tmp_path_factory.mktemp("loop")
    base = root / "data"
    for snap in snapshots.list_snapshots(demo_base):
        if snap.as_of < WEEK:
            shutil.copytree(snap.path, base / "snapshots" / snap.path.name)
    for week in (WEEK, NEXT):
        shutil.copytree(demo_base / "demo_inbox" / week.isoformat(), base / "inbox" / week.isoformat())
    with serve_signed(base, root) as url:
        yield url, base


def signed_in(browser, url: str, user: str, path: str):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    sign_in(page, url, user, path)
    return page


def settle(page) -> None:
    page.wait_for_timeout(400)
    wait_ready(page, SLOW)
    assert page.locator('[data-testid="stException"]').count() == 0


def desk_week(page, week) -> None:
    page.locator('[data-testid="stSelectbox"]').filter(has_text="报送期次").click()
    page.get_by_role("option", name=re.compile(f"截至 {week.isoformat()}")).click()
    settle(page)


def click(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    settle(page)


def both_widths(page, name: str) -> None:
    screenshot(page, f"loop-{name}-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(800)
    screenshot(page, f"loop-{name}-390")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.wait_for_timeout(500)


def test_the_whole_loop_with_three_roles(served, browser, demo_base):
    url, base = served
    audit = audit_of(base)
    approve_all(base, WEEK, OTHERS)

    li = signed_in(browser, url, "li", "desk")  # 1. the district submits
    desk_week(li, WEEK)
    click(li, "提交审核")
    expect(li.get_by_text("已完成：提交审核")).to_be_visible()
    assert review.review(loop.loop_log(audit), WEEK, "150102").state == "submitted"

    zhou = signed_in(browser, url, "zhou", "desk")  # 2. the city returns it with a reason
    desk_week(zhou, WEEK)
    expect(zhou.get_by_role("combobox", name="审核哪个旗县区")).to_have_value("新城区")  # the one waiting comes first
    zhou.get_by_label("退回理由（必填）").fill("志愿服务场次表漏报了本周活动，请核实后重报")
    click(zhou, "退回修改")
    expect(zhou.get_by_text("已完成：退回修改")).to_be_visible()
    both_widths(zhou, "desk-city-clerk")

    li.reload()  # 3. the district sees the reason, hands its file in again, submits again
    wait_ready(li, SLOW)
    desk_week(li, WEEK)
    expect(li.get_by_text("市级已退回（第 1 轮）：志愿服务场次表漏报了本周活动，请核实后重报")).to_be_visible()
    both_widths(li, "desk-district-returned")
    li.locator('[data-testid="stSelectbox"]').filter(has_text="报表").click()
    li.get_by_role("option", name=re.compile(r"（volunteer_sessions）")).click()
    name = "volunteer_sessions__150102.csv"
    li.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(files=[{
        "name": "新城区志愿服务（核实后）.csv", "mimeType": "text/csv",
        "buffer": (base / "inbox" / WEEK.isoformat() / name).read_bytes()}])
    expect(li.get_by_text("新城区志愿服务（核实后）.csv")).to_be_visible(timeout=60_000)
    click(li, "校验并提交")
    expect(li.get_by_text("已接收：").first).to_be_visible(timeout=60_000)
    click(li, "提交审核")
    assert review.review(loop.loop_log(audit), WEEK, "150102").state == "submitted"

    zhou.reload()  # 4. the city approves and publishes
    wait_ready(zhou, SLOW)
    desk_week(zhou, WEEK)
    click(zhou, "审核通过")
    expect(zhou.get_by_role("button", name=f"发布截至 {WEEK.isoformat()} 的快照")).to_be_enabled()
    click(zhou, f"发布截至 {WEEK.isoformat()} 的快照")
    expect(zhou.get_by_text(f"已发布截至 {WEEK.isoformat()} 的快照")).to_be_visible(timeout=SLOW)
    assert [x.number for x in review.review(loop.loop_log(audit), WEEK, "150102").rounds] == [1, 2]

    expected = stored_figures(next(s for s in snapshots.list_snapshots(demo_base) if s.as_of == NEXT)).filter(
        (pl.col("figure_id") == "volunteer_sessions") & (pl.col("district_code") == "150102"))["value"][0]
    wang = signed_in(browser, url, "wang", "overview?district=150102")  # 5. a leader flags a lagging figure
    wang.locator('[data-testid="stPopover"]').filter(has_text="督办 · 公益志愿服务").locator("button").click()  # under the cards
    wang.get_by_label("期望值（不低于）", exact=True).fill(f"{expected:g}")
    wang.get_by_label("督办要求（必填）").fill("志愿服务场次增长偏慢，请说明原因并加快开展")
    wang.locator('[data-testid="stPopoverBody"]').get_by_role("button", name="督办").click()
    settle(wang)
    expect(wang.get_by_text(re.compile(r"督办中 · 截止 \d\d-\d\d")).first).to_be_visible()
    both_widths(wang, "overview-flagged")
    (task,) = tasks.tasks(loop.loop_log(audit))

    li.reload()  # 6. the district answers
    wait_ready(li, SLOW)
    li.get_by_label("答复：做了什么、怎么做的（必填）").fill("已组织社区志愿服务队开展活动，本周起每周补报")
    click(li, "答复并办结")
    assert tasks.task(loop.loop_log(audit), task.id).state == "answered"

    approve_all(base, NEXT, ["150102", *OTHERS])  # 7. the next week's publish closes the task
    zhou.reload()
    wait_ready(zhou, SLOW)
    desk_week(zhou, NEXT)
    click(zhou, f"发布截至 {NEXT.isoformat()} 的快照")
    expect(zhou.get_by_text(f"已发布截至 {NEXT.isoformat()} 的快照")).to_be_visible(timeout=SLOW)
    assert tasks.task(loop.loop_log(audit), task.id).closed_how == "data"
    wang.goto(f"{url}/tasks")
    wait_ready(wang, SLOW)
    wang.get_by_text("公益志愿服务 · 新城区").click()
    expect(wang.get_by_text("数据达标，自动办结")).to_be_visible()
    both_widths(wang, "tasks")

    wang.goto(f"{url}/league")  # 8. the league table changes rank
    wait_ready(wang, SLOW)
    now = {s.district: s for s in league.table(base, audit, NEXT)}
    assert now["150102"].change > 0
    expect(wang.get_by_text("新城区 · ", exact=False).first).to_be_visible()
    expect(wang.locator('[data-testid="stMain"] .gt table')).to_be_visible()  # drawn as HTML
    wang.get_by_text(re.compile(f"{now['150102'].rank}\\. 新城区")).click()
    expect(wang.get_by_text("第一次提交即通过").first).to_be_visible()
    both_widths(wang, "league")
    rows = [e for e in audit.events(actions=["review", "task"]) if e["user"] in ("li", "zhou", "wang")]
    assert {e["detail"]["act"] for e in rows} >= {"submit", "return", "approve", "published", "flag", "answer", "evaluated"}

