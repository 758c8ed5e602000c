"""A repeat petition (APA Art. 173), as the intake clerk does it: the task
offers the earlier case the system flagged, answered first and filled in; an
unanswered case is refused with the reason beside the field, in zh-TW; the
accepted citation shows on both cases."""
from __future__ import annotations

import pytest

from webtest_support import CLERK, ready_task

pytestmark = pytest.mark.browser

REGISTER = {"channel": "letter", "subject": "路燈不亮", "content": "鼓山區某路段路燈故障三天",
            "category": "street_light", "district": "D-GUSHAN", "language": "zh_TW",
            "confidential": False, "art173_ground": "none"}


@pytest.fixture
def cases(live_server, db, clock):
    """(answered earlier number, open earlier number, repeat number, its close_repeat task id)."""
    from engine.cases.actors import Actor
    from engine.cases.runtime import Engine
    rt = Engine(db, clock)

    def registered(**over):
        ref = rt.start_case("petition", {"title": "路燈不亮"}, actor=CLERK,
                            petitioner_info={"name": "王小明", "email": "ming@example.tw"})
        work(ref, "register", CLERK, {**REGISTER, **over})
        return ref

    def work(ref, element, actor, form):
        row = ready_task(rt, ref["id"], element)
        rt.claim(row.id, actor)
        rt.complete(row.id, actor, form)

    answered = registered()
    work(answered, "handle", Actor("pwb1", "PWB", frozenset({"officer"})),
         {"handling_action": "reply", "reply_text": "已派員修復路燈。", "legal_basis": "路燈維護管理要點"})
    still_open = registered()
    repeat = registered(art173_ground="repeat")
    return (answered["number"], still_open["number"], repeat["number"],
            ready_task(rt, repeat["id"], "close_repeat").id)


def fill_date(page, selector, iso, roc):
    kind = page.get_attribute(selector, "type")
    page.fill(selector, iso if kind == "date" else roc)


def test_clerk_cites_the_flagged_answered_case(login, live_server, cases, shot, accessible):
    answered, still_open, repeat, task_id = cases
    page = login(CLERK.username)
    page.goto(f"{live_server}/tasks/{task_id}")
    page.click("button:has-text('領取')")
    offer = page.locator("#f-earlier_case-offer")
    text = offer.inner_text()
    assert "系統標記的可能重複案件" in text
    assert text.index(answered) < text.index(still_open)          # answered first
    assert "已於民國115年3月2日答覆" in text and "尚未答覆，不能援引" in text
    assert page.input_value("#f-earlier_case") == answered          # filled in
    accessible(page)
    shot(page, "repeat-offer")

    page.fill("#f-earlier_case", still_open)                       # the clerk picks the open one
    fill_date(page, "#f-earlier_reply_date", "2026-03-02", "115/03/02")
    page.fill("#f-earlier_reply_number", "高市工務字第1150000001號")
    page.click("form[action$='/complete'] button[type=submit]")
    error = page.locator("#f-earlier_case-err")
    assert f"案件 {still_open} 尚未答覆結案；只能援引已答覆的前案。" in error.inner_text()
    assert "cited_" not in page.content() and "has not been answered" not in page.content()
    accessible(page)
    shot(page, "repeat-refused")

    page.fill("#f-earlier_case", answered)
    fill_date(page, "#f-earlier_reply_date", "2026-03-02", "115/03/02")
    page.fill("#f-earlier_reply_number", "高市工務字第1150000001號")
    page.click("form[action$='/complete'] button[type=submit]")
    page.wait_for_url(f"{live_server}/inbox*")

    page.goto(f"{live_server}/cases/{answered}")
    text = page.locator("main").inner_text()                       # the link on the earlier case
    assert "同一事由的重複陳情（後案）" in text
    assert text.count(repeat) == 1                                  # linked, no longer "possible"
    accessible(page)
    shot(page, "repeat-linked-earlier-case")

    page.goto(f"{live_server}/cases/{repeat}")                      # and on the repeat itself
    text = page.locator("main").inner_text()
    assert answered in text and "同一事由的前案" in text
    accessible(page)
