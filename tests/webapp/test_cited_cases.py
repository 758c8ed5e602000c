"""The repeat petition's form on the web (webapp/cited_cases.py, form_errors.py):
the flagged answered case comes filled in with the reply date the engine
recorded, and an impossible citation is refused beside its field, in the
clerk's language (APA Art. 173; engine/cases/links.py checks it)."""
from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from engine.cases.actors import Actor
from engine.data.schema import case, task
from webtest_support import REPLY, make_case, ready_task

OFFICER = Actor("pwb1", "PWB", frozenset({"officer"}))
REF = "高市工務字第1150000001號"


@pytest.fixture
def citing(app, rt, client_for):
    """(the answered earlier case, the clerk's client, the claimed close_repeat task id):
    both petitions received on 2026-03-02, the test clock's day."""
    earlier = make_case(app, rt)
    handle = ready_task(rt, earlier.case_id, "handle")
    rt.claim(handle.id, OFFICER)
    rt.complete(handle.id, OFFICER, REPLY)
    repeat = make_case(app, rt, art173_ground="repeat")
    task_id = ready_task(rt, repeat.case_id, "close_repeat").id
    clerk = client_for("clerk")
    clerk.post(f"/tasks/{task_id}/claim")
    return earlier, clerk, task_id


def beside(html: str, field: str) -> str:
    found = re.search(rf'id="f-{field}-err">([^<]*)<', html)
    return unescape(found.group(1)) if found else ""


def cite(clerk, task_id, number, reply_date) -> str:
    resp = clerk.post(f"/tasks/{task_id}/complete", data={
        "earlier_case": number, "earlier_reply_date": reply_date, "earlier_reply_number": REF})
    assert resp.status_code == 422
    return resp.get_data(as_text=True)


def test_the_flagged_case_comes_with_its_recorded_reply_date(citing):
    earlier, clerk, task_id = citing
    page = clerk.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert re.search(rf'id="f-earlier_case"[^>]*value="{earlier.number}"', page.replace("\n", " "))
    assert re.search(r'id="f-earlier_reply_date"[^>]*value="115/03/02"', page.replace("\n", " "))


def test_a_reply_before_the_earlier_case_was_received_is_refused_beside_the_date(citing):
    earlier, clerk, task_id = citing
    page = cite(clerk, task_id, earlier.number, "115/03/01")
    assert beside(page, "earlier_reply_date") == "前案答覆日期早於前案收件日（115/03/02）。"
    assert "reply_before_receipt" not in page
    clerk.post("/lang/en")
    page = cite(clerk, task_id, earlier.number, "2026-03-01")
    assert beside(page, "earlier_reply_date") == (
        "The earlier reply cannot be dated before the earlier case was received (2026-03-02).")


def test_a_reply_dated_after_today_is_refused_beside_the_date(citing):
    earlier, clerk, task_id = citing
    page = cite(clerk, task_id, earlier.number, "115/03/03")
    assert beside(page, "earlier_reply_date") == "日期不可晚於 115/03/02。"


@pytest.mark.parametrize("own", [False, True])
def test_an_unknown_case_or_the_case_itself_is_refused_beside_the_number(app, rt, citing, own):
    _, clerk, task_id = citing
    with rt.db.connect() as conn:
        own_number = conn.execute(select(case.c.number).join(task, task.c.case_id == case.c.id)
                                  .where(task.c.id == task_id)).scalar_one()
    number = own_number if own else "115-999999"
    page = cite(clerk, task_id, number, "115/03/02")
    assert beside(page, "earlier_case") == ("不能援引本案自己。" if own else "查無您可檢視的案件 115-999999。")
