"""陳小姐 reads an oral petition back to the petitioner (Art. 169): the record
box opens holding the petition as she registered it, which she corrects,
not an empty box to type it into again; what she posted stays when the
form is refused."""
from __future__ import annotations

import html
import re

from sqlalchemy import select

from engine.data.schema import case
from webtest_support import ready_task

CONTENT = "中正路側溝堵塞，下雨就淹水，已經一個月。"
COUNTER = {"received_at": "115/03/02 08:40", "channel": "counter", "subject": "側溝堵塞",
           "content": CONTENT, "category": "drainage", "district": "D-GUSHAN",
           "language": "zh_TW", "art173_ground": "none", "person_name": "陳大文",
           "person_phone": "0911222333"}


def _record_box(page: str) -> str:
    found = re.search(r'<textarea id="f-read_back_text"[^>]*>(.*?)</textarea>', page, re.S)
    assert found, page
    return html.unescape(found.group(1))


def _read_back_task(clerk, rt, db):
    assert clerk.post("/intake/new", data=COUNTER).status_code == 302
    with db.connect() as conn:
        case_id = conn.execute(select(case.c.id)).scalar_one()
    task = ready_task(rt, case_id)
    assert task.element_id == "read_back"
    clerk.post(f"/intake/tasks/{task.id}/read-back")   # 宣讀紀錄 on the receipt: claimed for her
    return task


def test_the_record_box_starts_with_the_registered_petition(client_for, rt, db):
    clerk = client_for("clerk")
    task = _read_back_task(clerk, rt, db)
    page = clerk.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert _record_box(page) == CONTENT


def test_a_long_petition_starts_whole(client_for, rt, db):
    """Beyond the case summary's 300 characters: the registered text, not a summary."""
    clerk = client_for("clerk")
    long_text = "中正路側溝堵塞，下雨就淹水。" * 40
    assert clerk.post("/intake/new", data={**COUNTER, "content": long_text}).status_code == 302
    with db.connect() as conn:
        task = ready_task(rt, conn.execute(select(case.c.id)).scalar_one())
    clerk.post(f"/intake/tasks/{task.id}/read-back")
    assert _record_box(clerk.get(f"/tasks/{task.id}").get_data(as_text=True)) == long_text


def test_what_she_posted_wins_when_the_form_is_refused(client_for, rt, db):
    clerk = client_for("clerk")
    task = _read_back_task(clerk, rt, db)
    corrected = CONTENT + "（陳情人補充：位於12號前）"
    resp = clerk.post(f"/tasks/{task.id}/complete", data={"read_back_text": corrected})
    assert resp.status_code == 422   # not yet confirmed by the petitioner
    assert _record_box(resp.get_data(as_text=True)) == corrected
    emptied = clerk.post(f"/tasks/{task.id}/complete", data={"read_back_text": ""})
    assert _record_box(emptied.get_data(as_text=True)) == ""   # an emptied box is not refilled
