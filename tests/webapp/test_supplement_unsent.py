"""補正 refused because the step or the case changed while it was typed: the
officer's request or recorded answer, and the citizen's answer, come back
with why in words (who holds the step now; the answer recorded meanwhile),
and what was typed is on the page to copy; nothing is stored."""
from sqlalchemy import select

from engine.cases import assignment
from engine.cases.actors import Actor
from engine.data.schema import supplement_request
from webtest_support import claimed_by_officer, page_text, ready_task

BOSS = Actor("pwbboss", "PWB", frozenset({"supervisor"}))
ZH = {"Accept-Language": "zh-TW"}
ASKED = "請補正路燈的正確位置（電桿編號）"
TYPED = "請提供路燈電桿上的編號（例如 K1234），以及現場照片一張。"
HIS_ANSWER = "電話告知：電桿 K1234，位於鼓山一路口。"
HERS = "路燈電桿編號是 K1234，在鼓山一路與臨海二路口的東北角。"


def _requests(rt, case_id):
    with rt.db.connect() as conn:
        return conn.execute(select(supplement_request).where(
            supplement_request.c.case_id == case_id)).all()


def _kept(html: str) -> str:
    return page_text(html.split('id="supplement-unsent"')[1].split("</section>")[0])


def test_a_request_typed_while_the_step_was_reassigned_comes_back(app, rt, client_for):
    receipt, handle, officer = claimed_by_officer(app, rt, client_for)
    assert 'name="request"' in officer.get(f"/tasks/{handle.id}").get_data(as_text=True)
    assignment.reassign(rt, handle.id, "pwb2", BOSS)          # while he types
    resp = officer.post(f"/tasks/{handle.id}/supplement", data={"request": TYPED}, headers=ZH)
    assert resp.status_code == 403
    html = resp.get_data(as_text=True)
    assert "未完成" in html and "已改派或已由其領取" in html and "只有該承辦人" in html
    kept = _kept(html)
    assert "您填寫的內容（未送出）" in kept and "供您複製" in kept
    assert "應補正事項" in kept and TYPED in kept
    assert _requests(rt, receipt.case_id) == []


def test_a_request_on_a_step_someone_completed_says_who(app, rt, client_for):
    receipt, handle, officer = claimed_by_officer(app, rt, client_for)
    assignment.reassign(rt, handle.id, "pwb2", BOSS)
    rt.complete(handle.id, Actor("pwb2", "PWB", frozenset({"officer"})), {
        "handling_action": "reply", "reply_text": "已修復。", "legal_basis": "路燈管理自治條例",
        "remedy": "none"})
    resp = officer.post(f"/tasks/{handle.id}/supplement", data={"request": TYPED}, headers=ZH)
    assert resp.status_code == 409
    html = resp.get_data(as_text=True)
    assert "已由他人處理" in html and "already" not in page_text(html)   # never the engine's English
    assert TYPED in _kept(html)


def test_an_answer_recorded_after_the_petitioner_sent_hers_comes_back(app, rt, client_for):
    receipt, handle, officer = claimed_by_officer(app, rt, client_for)
    officer.post(f"/tasks/{handle.id}/supplement", data={"request": ASKED})
    citizen = _citizen(app, receipt)
    citizen.post("/public/status/supplement", data={"answer": HERS})   # while he types
    resp = officer.post(f"/tasks/{handle.id}/supplement/answer", data={"answer": HIS_ANSWER},
                        headers=ZH)
    assert resp.status_code == 409
    html = resp.get_data(as_text=True)
    assert "本案已不在等待陳情人補正：補正內容已經登錄" in html
    kept = _kept(html)
    assert "陳情人的補正內容" in kept and HIS_ANSWER in kept
    (row,) = _requests(rt, receipt.case_id)
    assert row.answer == HERS


def _citizen(app, receipt):
    client = app.test_client()
    client.post("/public/status", data={"number": receipt.number, "password": receipt.password})
    return client


def test_the_citizens_answer_comes_back_when_the_officer_recorded_one(app, rt, client_for):
    receipt, handle, officer = claimed_by_officer(app, rt, client_for)
    officer.post(f"/tasks/{handle.id}/supplement", data={"request": ASKED})
    citizen = _citizen(app, receipt)
    assert 'name="answer"' in citizen.get("/public/status/case").get_data(as_text=True)
    officer.post(f"/tasks/{handle.id}/supplement/answer", data={"answer": HIS_ANSWER})
    resp = citizen.post("/public/status/supplement", data={"answer": HERS}, headers=ZH)
    assert resp.status_code == 409
    html = resp.get_data(as_text=True)
    assert "您的補正未送出" in html and "承辦機關已於此期間登錄您的補正" in html
    kept = _kept(html)
    assert "您寫的補正內容（未送出）" in kept and HERS in kept and "供您複製" in kept
    assert "已經收到您的補正" not in html
    (row,) = _requests(rt, receipt.case_id)
    assert row.answer == HIS_ANSWER


def test_the_same_answer_sent_twice_is_still_said_received(app, rt, client_for):
    receipt, handle, officer = claimed_by_officer(app, rt, client_for)
    officer.post(f"/tasks/{handle.id}/supplement", data={"request": ASKED})
    citizen = _citizen(app, receipt)
    citizen.post("/public/status/supplement", data={"answer": HERS})
    again = citizen.post("/public/status/supplement", data={"answer": HERS}, headers=ZH,
                         follow_redirects=True)
    html = again.get_data(as_text=True)
    assert "已經收到您的補正" in html and 'id="supplement-unsent"' not in html
