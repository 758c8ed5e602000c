"""Art. 170 as people write a confidential petitioner (engine/data/masking.py):
a reply to 蘇女士 about the lamp at 鼓山區保密路7號 names the petitioner
stored as 蘇祕密 of 高雄市鼓山區保密路7號5樓. A supervisor's case page and
the administrator's notice read it masked; the responsible officer reads it
whole."""
from __future__ import annotations

from sqlalchemy import select

from engine.cases.actors import Actor
from engine.data.schema import outbox
from webtest_support import PASSWORD, make_case, page_text, ready_task

PERSON = {"name": "蘇祕密", "phone": "0987-654-321", "email": "hidden.p@example.tw",
          "address": "高雄市鼓山區保密路7號5樓"}
REPLY = "蘇女士您好：鼓山區保密路7號前路燈已修復，保密路7號一帶已巡查。"
MASKED = "***您好：***前路燈已修復，***一帶已巡查。"
PWB1 = Actor("pwb1", "PWB", frozenset({"officer"}))


def _client(app, username):
    client = app.test_client()
    assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302
    return client


def _replied(app, rt):
    receipt = make_case(app, rt, person=PERSON, confidential=True)
    handle = ready_task(rt, receipt.case_id, "handle")
    rt.claim(handle.id, PWB1)
    rt.complete(handle.id, PWB1, {"handling_action": "reply", "reply_text": REPLY,
                                  "legal_basis": "道路管理規則", "remedy": "none"})
    return receipt


def test_a_supervisor_reads_the_reply_without_the_petitioners_title_or_street(app, rt):
    receipt = _replied(app, rt)
    page = page_text(_client(app, "pwbboss").get(f"/cases/{receipt.number}").get_data(as_text=True))
    assert MASKED in page and "蘇女士" not in page and "保密路7號" not in page
    officer = page_text(_client(app, "pwb1").get(f"/cases/{receipt.number}").get_data(as_text=True))
    assert REPLY in officer


def test_the_administrators_notice_masks_them_too(app, rt):
    receipt = _replied(app, rt)
    with app.extensions["civicflow.db"].connect() as conn:
        notice = conn.execute(select(outbox.c.id).where(
            outbox.c.case_id == receipt.case_id, outbox.c.kind == "reply")).scalar_one()
    page = page_text(_client(app, "admin").get(f"/admin/outbox/{notice}").get_data(as_text=True))
    assert MASKED in page and "蘇女士" not in page and "保密路7號" not in page
