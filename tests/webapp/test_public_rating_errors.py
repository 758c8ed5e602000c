"""The citizen's rating on the status page: sent without a score, it says
so beside the stars in zh-TW and keeps the remark she typed (nothing is
saved); a second rating is told it was already received."""
from __future__ import annotations

import html as htmllib
import re

from sqlalchemy import select

from engine.data.schema import satisfaction
from webtest_support import REPLY, make_case, ready_task

ZH = {"Accept-Language": "zh-TW"}


def closed_case_citizen(app, rt, client_for):
    receipt = make_case(app, rt)
    task = ready_task(rt, receipt.case_id)
    pwb = client_for("pwb1")
    pwb.post(f"/tasks/{task.id}/claim")
    pwb.post(f"/tasks/{task.id}/complete", data={**REPLY, "remedy": "none"})
    citizen = app.test_client()
    citizen.post("/public/status", data={"number": receipt.number, "password": receipt.password})
    return citizen


def test_a_rating_without_a_score_is_refused_beside_the_stars_keeping_the_remark(app, rt, client_for, db):
    citizen = closed_case_citizen(app, rt, client_for)
    resp = citizen.post("/public/status/rate", data={"remark": "修得很快，謝謝"}, headers=ZH)
    page = htmllib.unescape(resp.get_data(as_text=True))
    assert resp.status_code == 422
    assert re.search(r'id="rating-err">請選擇 1 至 5 分。<', page)
    assert 'aria-describedby="rating-err"' in page and "評分尚未送出：請選擇分數。" in page
    assert ">修得很快，謝謝</textarea>" in page
    with db.connect() as conn:
        assert conn.execute(select(satisfaction)).first() is None


def test_a_second_rating_is_told_the_first_was_received(app, rt, client_for, db):
    citizen = closed_case_citizen(app, rt, client_for)
    assert citizen.post("/public/status/rate", data={"rating": "4"}, headers=ZH).status_code == 302
    again = citizen.post("/public/status/rate", data={"rating": "1"}, headers=ZH, follow_redirects=True)
    assert "已收到您的評分，謝謝。" in again.get_data(as_text=True)
    with db.connect() as conn:
        assert conn.execute(select(satisfaction.c.rating)).scalars().all() == [4]
