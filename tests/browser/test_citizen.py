"""A citizen on a 390 px phone: opens `/`, files a petition with a photo and
an address (a too-large photo is refused before sending; a bad e-mail and a
missing subject are shown at once), keeps the receipt, then reads the reply
deadline and, once an officer has answered, the reply on the status page."""
import struct
import zlib

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from engine.cases.actors import Actor
from engine.cases.runtime import Engine
from engine.data.schema import case
from webapp import petitions
from webtest_support import CLERK, ready_task, registration

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
OFFICER = Actor("pwb1", "PWB", frozenset({"officer"}))
REPLY = "本局已於3月3日派員更換燈具，路燈恢復正常。"


def tiny_png() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def photo(name="路燈.png", body=None):
    return {"name": name, "mimeType": "image/png", "buffer": body or tiny_png()}


def _opens_the_landing_page(page, base, shot, accessible):
    page.goto(base + "/")
    assert "高雄市政府人民陳情" in page.inner_text("h1")
    expect(page.locator("a.entry:has-text('查詢案件進度')")).to_be_visible()
    expect(page.locator("text=市府同仁登入").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390   # nothing wider than the phone
    accessible(page)
    shot(page, "citizen-01-landing")
    page.click("a.entry:has-text('我要陳情')")
    page.wait_for_url(base + "/public/petition")


def _fills_the_form_with_two_mistakes(page, shot, accessible):
    page.fill("#f-content", "鼓山一路與臨海二路口路燈已故障三天，夜間行人危險。")
    page.select_option("#f-category", "street_light")
    page.select_option("#f-district", "D-GUSHAN")
    page.fill("#location_address", "鼓山區臨海二路與鼓山一路口")
    page.set_input_files("#photos", photo("大照片.png", tiny_png() + b"\0" * (11 * 1024 * 1024)))
    assert "檔案太大" in page.inner_text("#photos-size-err")   # refused before anything is sent
    page.set_input_files("#photos", photo())
    expect(page.locator("#photos-size-err")).to_be_hidden()
    page.fill("#name", "陳小姐")
    page.fill("#email", "not-an-email")
    page.check("#consent")
    page.click("button:has-text('送出')")
    page.wait_for_selector("#email-err")
    assert "電子郵件地址格式不正確" in page.inner_text("#email-err")
    assert "請填寫此欄位" in page.inner_text("#f-subject-err")       # both at once
    summary = page.inner_text("#error-summary")
    assert "請修正下方標示的 2 個欄位。" in summary and "主旨" in summary and "電子郵件" in summary
    assert page.input_value("#location_address") == "鼓山區臨海二路與鼓山一路口"
    assert "請重新選擇檔案" in page.inner_text("#photos-hint")
    accessible(page)
    shot(page, "citizen-02-form-errors")


def _corrects_and_gets_the_receipt(page, shot, accessible):
    page.fill("#f-subject", "鼓山區路燈不亮")
    page.fill("#email", "chen@example.tw")
    page.set_input_files("#photos", photo())
    expect(page.locator("#consent")).to_be_checked()   # kept from the first try
    shot(page, "citizen-03-form-filled")
    page.click("button:has-text('送出')")
    page.wait_for_selector("#receipt-number")
    assert "已附加檔案：1 個" in page.content()
    accessible(page)
    shot(page, "citizen-04-receipt")
    return page.inner_text("#receipt-number").strip(), page.inner_text("#receipt-password").strip()


def _looks_up(page, base, number, password, accessible, shot):
    page.goto(base + "/public/status")
    accessible(page)
    shot(page, "citizen-05a-look-up")
    page.fill("#number", number)
    page.fill("#password", password)
    page.click("button:has-text('查詢')")
    page.wait_for_selector("#case-status")


def _case_id(db, number):
    with db.connect() as conn:
        return conn.execute(select(case.c.id).where(case.c.number == number)).scalar_one()


def _clerk_registers(db, clock, number):
    # The staff's side is driven through the engine: this test is the citizen's.
    rt = Engine(db, clock)
    reg = ready_task(rt, _case_id(db, number), "register")
    rt.claim(reg.id, CLERK)
    rt.complete(reg.id, CLERK, registration(channel="web", subject="鼓山區路燈不亮"))


def _officer_replies(db, clock, number):
    rt = Engine(db, clock)
    handle = ready_task(rt, _case_id(db, number), "handle")
    rt.claim(handle.id, OFFICER)
    rt.complete(handle.id, OFFICER, {"handling_action": "reply", "reply_text": REPLY,
                                     "legal_basis": "高雄市路燈管理自治條例", "remedy": "none"})


def test_citizen_files_with_a_photo_and_reads_the_reply_on_a_phone(
        live_server, browser, shot, accessible, db, clock):
    page = browser.new_page(viewport=PHONE, locale="zh-TW")
    _opens_the_landing_page(page, live_server, shot, accessible)
    _fills_the_form_with_two_mistakes(page, shot, accessible)
    number, password = _corrects_and_gets_the_receipt(page, shot, accessible)
    _looks_up(page, live_server, number, password, accessible, shot)
    assert "登記中" in page.inner_text("#case-status")
    assert "民國115年3月2日 09:00 臺北時間" in page.inner_text("#received-at")
    assert "路燈.png" in page.content()
    assert page.inner_text("#location") == "鼓山區臨海二路與鼓山一路口"
    accessible(page)
    shot(page, "citizen-05-status-registering")
    _clerk_registers(db, clock, number)
    page.reload()
    assert page.inner_text("#reply-due") == "民國115年3月10日"   # the handling step's, not registration's
    assert "工務局" in page.content()
    accessible(page)
    shot(page, "citizen-06-status-reply-due")
    _officer_replies(db, clock, number)
    page.reload()
    assert REPLY in page.inner_text("#reply-text")
    assert page.inner_text("#legal-basis") == "法令依據：高雄市路燈管理自治條例"   # a zh colon
    assert "已結案" in page.inner_text("#case-status")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    accessible(page)
    shot(page, "citizen-07-status-reply")


def test_staff_still_land_on_their_inbox_and_newcomers_read_zh_tw(live_server, browser, login, accessible):
    page = login("pwb1")
    page.goto(live_server + "/")
    page.wait_for_url(live_server + "/inbox")
    stranger = browser.new_page(viewport=PHONE, locale="zh-TW")
    stranger.goto(live_server + "/inbox")
    assert "請先登入才能檢視此頁面。" in stranger.content()
    assert "Please" not in stranger.content()
    accessible(stranger)


def test_an_officer_is_told_a_file_is_too_large_before_it_is_sent(live_server, login, db, clock, accessible, shot):
    receipt = petitions.start(Engine(db, clock), registration(), actor=CLERK,
                              person={"name": "王小明", "phone": "0912345678"})
    page = login("clerk")
    page.goto(f"{live_server}/cases/{receipt.number}")
    field = page.locator("input[type=file]").first
    field.set_input_files(photo("掃描.png", tiny_png() + b"\0" * (11 * 1024 * 1024)))
    error = page.locator("p.field-error[role=alert]").first
    assert "檔案太大：最多 10 MB" in error.inner_text()
    assert field.get_attribute("aria-invalid") == "true"
    field.evaluate("input => input.form.requestSubmit()")
    assert page.url.endswith(f"/cases/{receipt.number}")   # nothing was sent
    accessible(page)
    shot(page, "citizen-08-case-page-file-too-large")
