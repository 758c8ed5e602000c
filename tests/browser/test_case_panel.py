"""The officer reads the whole case beside the form: a confidential phone
petition about building safety, read back and confirmed, a photo attached,
co-handled by the fire and urban development bureaus, now with the lead
agency (PWB) to consolidate. The responsible officer reads it on the task
page; the fire bureau's officer, who gave an opinion, never sees who
petitioned."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from webtest_support import CLERK, PASSWORD

pytestmark = pytest.mark.browser

NAME, PHONE = "林秘密", "0911222333"
CONTENT = "三民區某大樓的逃生梯堆滿雜物，住戶多次反映都沒有改善。"
READ_BACK = "陳情人口述：大樓逃生梯堆放雜物，已向管委會反映未果。"
FIRE_OPINION = "消防局將於三日內派員檢查逃生通道。"
PHOTO = "逃生梯照片.png"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.fixture
def petition(live_server, db, clock, tmp_path):
    """The case at PWB's 'consolidate'; returns (case number, that task's id)."""
    from engine.cases.actors import Actor
    from engine.cases.runtime import Engine
    from webapp import attachments, users
    from webapp.petitions import ready_task
    with db.begin() as conn:
        users.add_user(conn, "fire1", "FIRE", ["officer"], PASSWORD)
    rt = Engine(db, clock)
    ref = rt.start_case("petition", {"title": "大樓逃生梯堆放雜物"}, actor=CLERK,
                        petitioner_info={"name": NAME, "phone": PHONE})

    def work(element, actor, form):
        with db.connect() as conn:
            row = next(t for t in _ready(conn, ref["id"], element) if t.candidate_agency == actor.agency)
        rt.claim(row.id, actor)
        rt.complete(row.id, actor, form)

    work("register", CLERK, dict(
        channel="phone", subject="大樓逃生梯堆放雜物", content=CONTENT, category="building_safety",
        district="D-SANMIN", language="zh_TW", confidential=True, art173_ground="none",
        petitioner_name=NAME, petitioner_contact=PHONE))
    work("read_back", CLERK, {"read_back_text": READ_BACK, "read_back_confirmed": True})
    with db.begin() as conn:
        attachments.store(conn, str(tmp_path / "files"), ref["id"], PHOTO, PNG, "clerk",
                          clock.now(), 10_000_000)
    work("co_opinion_task", Actor("fire1", "FIRE", frozenset({"officer"})),
         {"co_opinion_text": FIRE_OPINION, "co_agrees": True})
    work("co_opinion_task", Actor("udb1", "UDB", frozenset({"officer"})),
         {"co_opinion_text": "本局配合會勘。", "co_agrees": True})
    with db.connect() as conn:
        return ref["number"], ready_task(conn, ref["id"], "consolidate").id


def _ready(conn, case_id, element):
    from sqlalchemy import select
    from engine.data.schema import task
    return conn.execute(select(task).where(task.c.case_id == case_id, task.c.state == "ready",
                                           task.c.element_id == element)).all()


def test_responsible_officer_reads_the_whole_case_beside_the_form(
        login, live_server, petition, shot, accessible):
    number, task_id = petition
    page = login("pwb1")
    page.goto(f"{live_server}/inbox?view=queue")
    page.locator(f"a[href$='/tasks/{task_id}']").first.click()
    page.wait_for_selector(".case-panel")
    assert NAME not in page.content()            # in the agency's queue, not yet theirs
    page.click("button:has-text('領取')")
    panel = page.locator(".case-panel")
    for seen in (CONTENT, READ_BACK, "陳情人已確認無誤", PHOTO, FIRE_OPINION, "消防局",
                 "同意主辦機關處理方向", "電話", "中文", "建物公共安全", "三民區", NAME, PHONE,
                 "臺北時間"):
        assert seen in panel.inner_text(), seen
    assert "building_safety" not in panel.inner_text() and "D-SANMIN" not in panel.inner_text()
    assert "三民區公所" not in panel.inner_text()   # 行政區 is the place, not its office
    form = page.locator("form[action$='/complete']")
    expect(form).to_be_visible()
    expect(page.get_by_text("改分至其他機關")).to_have_count(0)   # one way to transfer: the model's form
    page.wait_for_load_state("load")   # measured with the stylesheet applied, also under load
    side_by_side = panel.bounding_box(), form.bounding_box()
    assert side_by_side[0]["x"] + side_by_side[0]["width"] <= side_by_side[1]["x"]
    page.click(".cp-timeline summary")
    assert "T0" not in page.locator(".cp-timeline").inner_text()   # no raw ISO instants
    accessible(page)
    shot(page, "case-panel-task-wide")

    page.set_viewport_size({"width": 390, "height": 844})
    stacked = panel.bounding_box(), form.bounding_box()
    assert stacked[0]["y"] + stacked[0]["height"] <= stacked[1]["y"]   # the case above the form
    page.click("a:has-text('前往本件工作與辦理表單')")   # a phone jumps past the case to the form
    # At the top of the screen, give or take a sub-pixel of layout rounding.
    assert -1 < page.evaluate("document.getElementById('task-h').getBoundingClientRect().top") < 400
    accessible(page)
    shot(page, "case-panel-task-phone")


def test_another_agencys_officer_never_sees_the_confidential_petitioner(
        login, live_server, petition, shot, accessible):
    number, _ = petition
    page = login("fire1")
    page.goto(f"{live_server}/cases/{number}")
    text = page.locator("main").inner_text()
    assert CONTENT in text and FIRE_OPINION in text
    assert NAME not in page.content() and PHONE not in page.content()
    assert "陳情人身分保密（不予顯示）" in text
    accessible(page)
    shot(page, "case-panel-case-page-other-agency")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390   # nothing runs off a phone
    accessible(page)
    shot(page, "case-panel-case-page-phone")
