"""The header's language switch on the citizen's status page is a button of
the page's form (the rating, or the supplement asked for), as on the
petition form: it posts what was typed and the page comes back in the other
language with it, nothing sent; a refusal shown is said again, files chosen
are asked for again."""
from __future__ import annotations

import html as htmllib
import re
from io import BytesIO

from sqlalchemy import select

from engine.data.schema import attachment, satisfaction, supplement_request
from webtest_support import REPLY, make_case, ready_task

ZH = {"Accept-Language": "zh-TW"}
REMARK = "修得很快，謝謝"
ANSWER = "電桿編號 K1234，在鼓山一路 25 號前"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _citizen(app, receipt):
    client = app.test_client()
    client.post("/public/status", data={"number": receipt.number, "password": receipt.password})
    return client


def _answered(app, rt, client_for):
    receipt = make_case(app, rt)
    task = ready_task(rt, receipt.case_id)
    pwb = client_for("pwb1")
    pwb.post(f"/tasks/{task.id}/claim")
    pwb.post(f"/tasks/{task.id}/complete", data=REPLY)
    return receipt


def _asked(app, rt, client_for):
    receipt = make_case(app, rt)
    handle = ready_task(rt, receipt.case_id, "handle")
    officer = client_for("pwb1")
    officer.post(f"/tasks/{handle.id}/claim")
    officer.post(f"/tasks/{handle.id}/supplement", data={"request": "請補正電桿編號"})
    return receipt


def _page(resp) -> str:
    assert resp.status_code == 200, resp.status_code
    return htmllib.unescape(resp.get_data(as_text=True))


def _switch(form_id: str, lang: str) -> re.Pattern:
    return re.compile(rf'<button class="link" type="submit" form="{form_id}" '
                      rf'name="switch_language" value="{lang}"\s+formnovalidate')


def test_the_switch_keeps_the_score_and_remark_both_ways(app, rt, client_for, db):
    citizen = _citizen(app, _answered(app, rt, client_for))
    page = citizen.get("/public/status/case", headers=ZH).get_data(as_text=True)
    assert _switch("rating-form", "en").search(page) and 'id="rating-form"' in page
    typed = {"rating": "4", "remark": REMARK}
    english = _page(citizen.post("/public/status/rate", data={**typed, "switch_language": "en"}))
    assert "How satisfied are you with the handling?" in english
    assert re.search(r'value="4" required checked', english) and f">{REMARK}</textarea>" in english
    assert len(re.findall(r"required checked", english)) == 1
    back = _page(citizen.post("/public/status/rate", data={**typed, "switch_language": "zh_TW"}))
    assert "您對本案的處理滿意嗎？" in back and 'value="4" required checked' in back
    assert f">{REMARK}</textarea>" in back and _switch("rating-form", "en").search(back)
    with db.connect() as conn:
        assert conn.execute(select(satisfaction)).first() is None      # nothing was sent
    citizen.post("/public/status/rate", data=typed)
    rated = citizen.get("/public/status/case", headers=ZH).get_data(as_text=True)
    assert 'form="rating-form"' not in rated and 'action="/lang/en"' in rated   # no form left


def test_a_missing_score_is_said_again_in_the_language_chosen(app, rt, client_for):
    citizen = _citizen(app, _answered(app, rt, client_for))
    refused = citizen.post("/public/status/rate", data={"remark": REMARK}, headers=ZH)
    assert refused.status_code == 422 and 'name="errors_shown" value="1"' in refused.get_data(as_text=True)
    english = _page(citizen.post("/public/status/rate", data={
        "remark": REMARK, "errors_shown": "1", "switch_language": "en"}))
    assert 'id="rating-err">Please choose a score from 1 to 5.<' in english
    assert f">{REMARK}</textarea>" in english


def test_the_switch_keeps_the_supplement_typed_and_asks_for_the_files_again(app, rt, client_for, db):
    receipt = _asked(app, rt, client_for)
    citizen = _citizen(app, receipt)
    page = citizen.get("/public/status/case", headers=ZH).get_data(as_text=True)
    assert _switch("supplement-form", "en").search(page) and 'id="supplement-form"' in page
    # Without the page's script the browser sends the files along: never kept.
    english = _page(citizen.post("/public/status/supplement", content_type="multipart/form-data", data={
        "answer": ANSWER, "switch_language": "en", "files": [(BytesIO(PNG), "電桿.png")]}))
    assert "Please complete your petition" in english and f">{ANSWER}</textarea>" in english
    assert "Please choose your files again" in english
    with db.connect() as conn:
        assert conn.execute(select(supplement_request.c.answer)).scalar() is None
        assert conn.execute(select(attachment)).first() is None
    back = _page(citizen.post("/public/status/supplement", data={"answer": ANSWER,
                                                                   "switch_language": "zh_TW"}))
    assert "請補正電桿編號" in back and f">{ANSWER}</textarea>" in back
    assert "請重新選擇檔案" not in back


def test_an_empty_supplement_is_said_again_after_the_switch(app, rt, client_for):
    citizen = _citizen(app, _asked(app, rt, client_for))
    english = _page(citizen.post("/public/status/supplement", data={
        "answer": "", "errors_shown": "1", "switch_language": "en"}))
    assert 'id="supplement-answer-err"' in english
