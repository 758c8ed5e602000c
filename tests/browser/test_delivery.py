"""A reply that cannot be e-mailed, as the intake clerk delivers it: a
phone-only petitioner's answered case waits in the intake queue with the reply
to read out; the clerk phones, records it, and only then the case closes."""
from __future__ import annotations

import pytest

from webtest_support import CLERK, ready_task

pytestmark = pytest.mark.browser

REGISTER = {"channel": "phone", "subject": "水溝堵塞", "content": "巷口水溝堵塞發臭",
            "category": "road_damage", "district": "D-NANZI", "language": "zh_TW",
            "confidential": False, "art173_ground": "none"}
REPLY = "本局已於3月3日派員清疏巷口水溝。"


@pytest.fixture
def answered(live_server, db, clock):
    """(case number, deliver_reply task id) of a phone-only petitioner's answered case."""
    from engine.cases.actors import Actor
    from engine.cases.runtime import Engine
    rt = Engine(db, clock)
    ref = rt.start_case("petition", {"title": "水溝堵塞"}, actor=CLERK,
                        petitioner_info={"name": "林阿婆", "phone": "07-1234567"})

    def work(element, actor, form):
        row = ready_task(rt, ref["id"], element)
        rt.claim(row.id, actor)
        rt.complete(row.id, actor, form)

    work("register", CLERK, REGISTER)
    work("read_back", CLERK, {"read_back_text": "巷口水溝堵塞發臭", "read_back_confirmed": True})
    work("handle", Actor("pwb1", "PWB", frozenset({"officer"})),
         {"handling_action": "reply", "reply_text": REPLY, "legal_basis": "下水道法第9條"})
    return ref["number"], ready_task(rt, ref["id"], "deliver_reply").id


def test_clerk_phones_the_petitioner_and_the_case_closes(login, live_server, answered, shot,
                                                         accessible):
    number, task_id = answered
    page = login(CLERK.username)
    page.goto(f"{live_server}/inbox?view=queue")
    assert number in page.locator("main").inner_text()        # waiting in the intake queue
    page.goto(f"{live_server}/tasks/{task_id}")
    page.click("button:has-text('領取')")
    card = page.locator("section[aria-labelledby=reply-h]")
    assert "待送達的答覆" in card.inner_text() and REPLY in card.inner_text()
    assert "下水道法第9條" in card.inner_text()
    page.select_option("#f-delivery_method", "phone")
    page.fill("#f-delivery_note", "3/3 10:20 電話聯繫林阿婆本人，已宣讀答覆全文。")
    accessible(page)
    shot(page, "deliver-reply-by-phone")
    page.click("form[action$='/complete'] button[type=submit]")
    page.wait_for_url(f"{live_server}/inbox*")

    page.goto(f"{live_server}/cases/{number}")
    assert "已結案" in page.locator("main").inner_text()
    accessible(page)
    shot(page, "deliver-reply-case-closed")
