"""What a citizen on a phone reads when looking a case up goes wrong or right:
too many wrong passwords give the look-up form again with the number kept
and how long to wait (no bare status code); a page that does not exist says
so in words; a closed confidential petition shows its own petitioner the
reply whole, with the remedy it points to (Art. 172), in zh-TW and English."""
from __future__ import annotations

import pytest

from engine.cases.actors import Actor
from engine.cases.runtime import Engine
from webapp import petitions
from webtest_support import CLERK, ready_task, registration

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
OFFICER = Actor("pwb1", "PWB", frozenset({"officer"}))
NAME = "陳美玲"
REPLY = f"{NAME}君您好：建工路人行道地磚已於12月5日修復完成。"


@pytest.fixture
def answered(live_server, db, clock):
    """A confidential petition answered by pwb1 with a reply that names its
    petitioner and points to an administrative appeal: (number, password)."""
    rt = Engine(db, clock)
    data = registration(confidential=True, subject="建工路人行道破損")
    receipt = petitions.start(rt, data, actor=CLERK, person={"name": NAME, "phone": "0912345678"})
    for element, actor in (("register", CLERK), ("handle", OFFICER)):
        step = ready_task(rt, receipt.case_id, element)
        rt.claim(step.id, actor)
        rt.complete(step.id, actor, data if element == "register" else {
            "handling_action": "reply", "reply_text": REPLY, "legal_basis": "市區道路條例第9條",
            "remedy": "appeal"})
    return receipt.number, receipt.password


def _look_up(page, base, number, password, button="查詢"):
    page.goto(base + "/public/status")
    page.fill("#number", number)
    page.fill("#password", password)
    page.click(f"button:has-text('{button}')")
    page.wait_for_load_state("load")


def test_too_many_wrong_passwords_keep_the_number_and_say_how_long_to_wait(
        live_server, browser, answered, shot, accessible):
    number, _ = answered
    page = browser.new_page(viewport=PHONE, locale="zh-TW")
    for _ in range(10):   # PUBLIC_RATE_LIMIT: 10 failed look-ups an hour
        _look_up(page, live_server, number, "wrong-password")
        assert "案號或查詢密碼錯誤。" in page.inner_text(".flash")
    _look_up(page, live_server, number, "wrong-again")
    assert "查詢錯誤次數過多。為保護案件資料，請於 60 分鐘後再試。" in page.inner_text(".flash")
    assert page.input_value("#number") == number           # typed once, kept
    assert "429" not in page.inner_text("body") and "429" not in page.title()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    accessible(page)
    shot(page, "citizen-look-up-limited")


def test_a_page_that_does_not_exist_says_so_in_words(live_server, browser, accessible):
    page = browser.new_page(viewport=PHONE, locale="zh-TW")
    response = page.goto(live_server + "/public/no-such-page")
    assert response.status == 404
    assert page.inner_text("h1") == "找不到這個頁面"
    assert "404" not in page.inner_text("body") and "404" not in page.title()
    page.click("text=回到首頁")
    page.wait_for_url(live_server + "/")
    accessible(page)


@pytest.mark.parametrize("locale, button, remedy", [
    ("zh-TW", "查詢", "如不服本案處理，得依法提起訴願。"),
    ("en-US", "Look up", "If you disagree with how your petition was handled, you may seek this "
                         "remedy as the law provides: Administrative appeal."),
])
def test_the_petitioner_reads_the_reply_with_their_name_and_the_remedy(
        live_server, browser, answered, shot, accessible, locale, button, remedy):
    number, password = answered
    page = browser.new_page(viewport=PHONE, locale=locale)
    _look_up(page, live_server, number, password, button)
    assert page.inner_text("#reply-text") == REPLY          # their own name, whole: not masked
    assert page.inner_text("#remedy") == remedy
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    accessible(page)
    shot(page, f"citizen-reply-remedy-{locale}")
