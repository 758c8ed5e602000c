"""The intake clerk opens a petition she closed as a repeat, with the
petitioner's photo attached: the case page says why it closed (結案說明:
the earlier case, its reply's date and number, the legal basis, the earlier
case a link) and shows the photo as a small thumbnail that opens the full
image, served by the same access-checked route as the file."""
from __future__ import annotations

import struct
import zlib

import pytest
from playwright.sync_api import expect

from webtest_support import CLERK, ready_task, registration

pytestmark = pytest.mark.browser
REF = "高市工字第1150001234號"
PHOTO = "路燈照片.png"


def png(width: int, height: int, rgb=(230, 160, 30)) -> bytes:
    """A plain PNG of that size, built here so the test needs no image file."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


@pytest.fixture
def repeat(live_server, db, clock, tmp_path):
    """(the earlier case's number, the repeat's): a photo came with the repeat."""
    from engine.cases.actors import Actor
    from engine.cases.runtime import Engine
    from webapp import attachments, petitions
    rt, officer = Engine(db, clock), Actor("pwb1", "PWB", frozenset({"officer"}))

    def work(case_id, element, actor, form):
        step = ready_task(rt, case_id, element)
        rt.claim(step.id, actor)
        rt.complete(step.id, actor, form)

    earlier = petitions.start(rt, registration(), actor=CLERK, person={"name": "林小華", "email": "hua@example.tw"})
    work(earlier.case_id, "register", CLERK, registration())
    work(earlier.case_id, "handle", officer, {"handling_action": "reply", "reply_text": "已派員修復路燈。",
                                              "legal_basis": "路燈維護管理要點"})
    again = petitions.start(rt, registration(), actor=CLERK, person={"name": "陳小姐", "email": "chen@example.tw"})
    with db.begin() as conn:
        attachments.store(conn, str(tmp_path / "files"), again.case_id, PHOTO, png(480, 360),
                          "petitioner", clock.now(), 10_000_000)
    work(again.case_id, "register", CLERK, registration(art173_ground="repeat"))
    work(again.case_id, "close_repeat", CLERK, {"earlier_case": earlier.number,
                                                 "earlier_reply_date": "2026-03-02", "earlier_reply_number": REF})
    return earlier.number, again.number


def test_the_clerk_reads_why_it_closed_and_sees_the_photo(login, live_server, repeat, shot, accessible):
    earlier, number = repeat
    page = login("clerk")
    page.goto(f"{live_server}/cases/{number}")
    expect(page.locator("#cp-closing-h")).to_have_text("結案說明")
    expect(page.locator("#cp-closing-text")).to_have_text(
        f"本案與 {earlier} 號陳情為同一事由，已依該案民國115年3月2日 {REF} 答覆辦理，不另行答覆。")
    expect(page.locator("#cp-legal-basis")).to_have_text("法令依據：行政程序法第173條")
    expect(page.locator("#cp-earlier-case a")).to_have_attribute("href", f"/cases/{earlier}")

    thumb = page.locator(f"#files img[alt='{PHOTO}']")
    thumb.scroll_into_view_if_needed()          # loading="lazy": fetched as it comes into view
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumb.element_handle())
    assert thumb.evaluate("img => img.naturalWidth") == 480        # the photo itself, scaled
    box = thumb.bounding_box()
    assert box["width"] <= 160 and box["height"] <= 160
    expect(page.locator("#files").get_by_role("link", name=PHOTO, exact=True)).to_have_count(2)
    accessible(page)
    shot(page, "case-closing-photo")

    with page.context.expect_page() as opened:
        thumb.click()
    full = opened.value
    full.wait_for_load_state()
    assert full.url.endswith("/photo")
    assert full.evaluate("document.images.length && document.images[0].naturalWidth") == 480
