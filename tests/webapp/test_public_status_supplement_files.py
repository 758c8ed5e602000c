"""The status page after a 補正: the citizen's files are listed by when they
came (隨陳情附加 / 民國…補正時附加), so a photo.jpg sent twice reads as two
sendings, and what was asked and the citizen's own words are shown."""
from __future__ import annotations

from datetime import datetime
from io import BytesIO

from sqlalchemy import select

from engine.data.schema import case
from engine.time.calendar import TAIPEI
from webtest_support import CLERK, page_text, ready_task, registration, section_text

from test_public import post

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32   # the bytes a JPEG starts with

ZH = {"Accept-Language": "zh-TW"}
EN = {"Accept-Language": "en"}
ASKED = "請補拍路燈編號牌的照片"
ANSWER = "已補拍編號牌，路燈編號 K1234，位於中山路 100 號前。"


def supplemented(app, rt, client_for, clock):
    """A web petition sent with photo.jpg, asked for a 補正 on 115/03/04 and
    answered on 115/03/09 with another photo.jpg; the citizen's client."""
    citizen = app.test_client()
    post(citizen, files=[("photo.jpg", JPEG)])
    receipt = citizen.get("/public/receipt", headers=ZH).get_data(as_text=True)
    number = receipt.split('id="receipt-number">')[1].split("<")[0]
    password = receipt.split('id="receipt-password">')[1].split("<")[0]
    citizen.post("/public/status", data={"number": number, "password": password})
    with rt.db.connect() as conn:
        case_id = conn.execute(select(case.c.id).where(case.c.number == number)).scalar()
    reg = ready_task(rt, case_id, "register")
    rt.claim(reg.id, CLERK)
    rt.complete(reg.id, CLERK, registration(channel="web", category="street_light"))
    handle = ready_task(rt, case_id, "handle")
    officer = client_for("pwb1")
    officer.post(f"/tasks/{handle.id}/claim")
    clock.set(datetime(2026, 3, 4, 10, 0, tzinfo=TAIPEI))
    assert officer.post(f"/tasks/{handle.id}/supplement", data={"request": ASKED}).status_code == 302
    clock.set(datetime(2026, 3, 9, 10, 0, tzinfo=TAIPEI))
    sent = citizen.post("/public/status/supplement", headers=ZH, content_type="multipart/form-data",
                        data={"answer": ANSWER, "files": [(BytesIO(JPEG), "photo.jpg")]})
    assert sent.status_code == 302
    return citizen


def read(client, headers) -> tuple[str, str]:
    """(the text of 您附加的檔案, of the 您的補正 section) of the status page."""
    page = client.get("/public/status/case", headers=headers).get_data(as_text=True)
    return page_text(page.split('id="your-files">')[1].split("</dd>")[0]), \
        section_text(page, "answered-h")


def test_files_are_grouped_by_when_they_came_and_the_supplement_is_shown(app, rt, client_for, clock):
    files, said = read(supplemented(app, rt, client_for, clock), ZH)
    assert files == "隨陳情附加 photo.jpg 民國115年3月9日 補正時附加 photo.jpg"
    assert said.startswith("您的補正")
    assert f"民國115年3月4日 請您補正： {ASKED}" in said
    assert f"您於民國115年3月9日補正的內容： {ANSWER}" in said


def test_in_english_too(app, rt, client_for, clock):
    files, said = read(supplemented(app, rt, client_for, clock), EN)
    assert files == "With your petition photo.jpg With your supplement of 2026-03-09 photo.jpg"
    assert "On 2026-03-04 you were asked for:" in said and ANSWER in said
