"""補正 on the pages: the officer asks on the task page (the text required
beside its field), the task page and case panel say the case waits on the
petitioner, the citizen answers on the status page (or the officer records
the answer) and the deadline moves; a second officer asking gets a conflict."""
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from engine.data.schema import attachment, case, outbox, supplement_request
from engine.time.calendar import TAIPEI
from webtest_support import ask_extension, make_case, ready_task

ZH = {"Accept-Language": "zh-TW"}
ASKED = "請補正路燈的正確位置（電桿編號）"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _claimed(app, rt, client_for, who="pwb1"):
    receipt = make_case(app, rt)
    handle = ready_task(rt, receipt.case_id, "handle")
    officer = client_for(who)
    officer.post(f"/tasks/{handle.id}/claim")
    return receipt, handle, officer


def _case(rt, case_id):
    with rt.db.connect() as conn:
        return conn.execute(select(case).where(case.c.id == case_id)).first()


def _requests(rt, case_id):
    with rt.db.connect() as conn:
        return conn.execute(select(supplement_request).where(
            supplement_request.c.case_id == case_id)).all()


def _citizen(app, receipt):
    client = app.test_client()
    client.post("/public/status", data={"number": receipt.number, "password": receipt.password})
    return client


def test_the_officer_asks_and_the_task_page_says_the_case_waits(app, rt, client_for, clock):
    receipt, handle, officer = _claimed(app, rt, client_for)
    page = officer.get(f"/tasks/{handle.id}", headers=ZH).get_data(as_text=True)
    assert "請陳情人補正" in page and 'name="request"' in page
    clock.set(datetime(2026, 3, 4, 10, 0, tzinfo=TAIPEI))
    resp = officer.post(f"/tasks/{handle.id}/supplement", data={"request": ASKED}, headers=ZH)
    assert resp.status_code == 302
    page = officer.get(f"/tasks/{handle.id}", headers=ZH).get_data(as_text=True)
    assert "已請陳情人補正" in page                        # the flash
    assert "待補正" in page and ASKED in page
    assert "民國115年3月4日" in page                        # since when, in ROC
    assert "暫停計算" in page                              # the deadline is paused
    assert 'name="answer"' in page                         # record the answer from here
    assert 'name="request"' not in page                    # not asked twice
    (row,) = _requests(rt, receipt.case_id)
    assert row.request == ASKED and _case(rt, receipt.case_id).clock_stopped_at is not None
    with rt.db.connect() as conn:
        kinds = [r.kind for r in conn.execute(select(outbox.c.kind).where(
            outbox.c.case_id == receipt.case_id))]
    assert "supplement" in kinds                           # ming@example.tw is told
    case_page = officer.get(f"/cases/{receipt.number}", headers=ZH).get_data(as_text=True)
    assert "請陳情人補正紀錄" in case_page and ASKED in case_page and "待補正" in case_page


def test_an_empty_request_is_refused_beside_the_field(app, rt, client_for):
    receipt, handle, officer = _claimed(app, rt, client_for)
    resp = officer.post(f"/tasks/{handle.id}/supplement", data={"request": "  "}, headers=ZH)
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    error = html.split('id="supplement-request-err"')[1].split("</p>")[0]
    assert "必填" in error and 'aria-invalid="true"' in html
    assert _requests(rt, receipt.case_id) == []
    assert _case(rt, receipt.case_id).clock_stopped_at is None


def test_asking_again_from_a_stale_page_gets_a_conflict_not_an_error(app, rt, client_for):
    receipt, handle, officer = _claimed(app, rt, client_for)
    officer.post(f"/tasks/{handle.id}/supplement", data={"request": ASKED})
    resp = officer.post(f"/tasks/{handle.id}/supplement", data={"request": "請附照片"}, headers=ZH)
    assert resp.status_code == 409
    html = resp.get_data(as_text=True)
    assert "未完成" in html and "已有人請陳情人補正" in html and ASKED in html
    assert len(_requests(rt, receipt.case_id)) == 1


def test_a_supervisor_does_not_ask_on_a_step_another_officer_holds(app, rt, client_for):
    """A held step is its holder's: the supervisor sees no 補正 form on it, and
    a post made anyway is refused in words naming the holder, storing nothing."""
    receipt, handle, _officer = _claimed(app, rt, client_for)
    boss = client_for("pwbboss")
    boss_page = boss.get(f"/tasks/{handle.id}", headers=ZH).get_data(as_text=True)
    assert 'name="request"' not in boss_page and "請陳情人補正" not in boss_page
    resp = boss.post(f"/tasks/{handle.id}/supplement", data={"request": ASKED}, headers=ZH)
    assert resp.status_code == 403
    html = resp.get_data(as_text=True)
    assert "未完成" in html and "只有持有此步驟的承辦人可以請陳情人補正或登錄補正內容" in html
    assert "主管須先改派" in html
    assert _requests(rt, receipt.case_id) == []
    assert _case(rt, receipt.case_id).clock_stopped_at is None


def test_a_supervisor_may_ask_on_a_step_in_the_queue(app, rt, client_for):
    receipt = make_case(app, rt)
    handle = ready_task(rt, receipt.case_id, "handle")
    boss = client_for("pwbboss")
    assert 'name="request"' in boss.get(f"/tasks/{handle.id}", headers=ZH).get_data(as_text=True)
    resp = boss.post(f"/tasks/{handle.id}/supplement", data={"request": ASKED}, headers=ZH)
    assert resp.status_code == 302 and len(_requests(rt, receipt.case_id)) == 1


def test_another_officer_cannot_ask_on_a_task_he_does_not_hold(app, rt, client_for):
    receipt, handle, _officer = _claimed(app, rt, client_for)
    other = client_for("pwb2")
    assert 'name="request"' not in other.get(f"/tasks/{handle.id}").get_data(as_text=True)
    resp = other.post(f"/tasks/{handle.id}/supplement", data={"request": ASKED}, headers=ZH)
    assert resp.status_code == 403
    html = resp.get_data(as_text=True)   # who handles it, and what he typed, to copy
    assert "此步驟現由" in html and "只有該承辦人可以請陳情人補正" in html
    assert ASKED in html.split('id="supplement-unsent"')[1]
    assert _requests(rt, receipt.case_id) == []


def test_no_request_on_a_supervisors_decision_step(app, rt, client_for):
    """The page offers 補正 only on steps an officer handles; a post made on
    the supervisor's 主管核准展期 anyway is refused, in words, storing nothing."""
    receipt = make_case(app, rt)
    ask_extension(client_for("pwb1"), rt, receipt.case_id)
    approve = ready_task(rt, receipt.case_id, "approve_extension")
    boss = client_for("pwbboss")
    boss.post(f"/tasks/{approve.id}/claim")
    assert 'name="request"' not in boss.get(f"/tasks/{approve.id}").get_data(as_text=True)
    resp = boss.post(f"/tasks/{approve.id}/supplement", data={"request": ASKED}, headers=ZH)
    assert resp.status_code == 403
    assert "不是在決行或登記步驟" in resp.get_data(as_text=True)
    assert _requests(rt, receipt.case_id) == []
    assert _case(rt, receipt.case_id).clock_stopped_at is None


def test_the_citizen_sees_what_is_asked_and_sends_the_supplement(app, rt, client_for, clock):
    receipt, handle, officer = _claimed(app, rt, client_for)
    due_before = ready_task(rt, receipt.case_id, "handle").due_at
    clock.set(datetime(2026, 3, 4, 10, 0, tzinfo=TAIPEI))
    officer.post(f"/tasks/{handle.id}/supplement", data={"request": ASKED})
    citizen = _citizen(app, receipt)
    html = citizen.get("/public/status/case", headers=ZH).get_data(as_text=True)
    assert f"請補正：{ASKED}" in html and "等待您補正" in html
    assert "暫停" in html.split('id="reply-due">')[1].split("</dd>")[0]
    empty = citizen.post("/public/status/supplement", data={"answer": ""}, headers=ZH)
    assert empty.status_code == 422
    assert "必填" in empty.get_data(as_text=True).split('id="supplement-answer-err"')[1][:80]
    clock.set(datetime(2026, 3, 9, 10, 0, tzinfo=TAIPEI))
    sent = citizen.post("/public/status/supplement", headers=ZH, data={
        "answer": "電桿編號 K1234", "files": [(__import__("io").BytesIO(PNG), "電桿.png")]},
        content_type="multipart/form-data")
    assert sent.status_code == 302
    after = citizen.get("/public/status/case", headers=ZH).get_data(as_text=True)
    assert "已收到您的補正" in after and "請補正：" not in after and "電桿.png" in after
    (row,) = _requests(rt, receipt.case_id)
    assert (row.answer, row.answered_by) == ("電桿編號 K1234", "petitioner")
    assert ready_task(rt, receipt.case_id, "handle").due_at > due_before   # moved
    with rt.db.connect() as conn:
        assert conn.execute(select(attachment.c.filename).where(
            attachment.c.case_id == receipt.case_id)).scalars().all() == ["電桿.png"]
    task_page = officer.get(f"/tasks/{handle.id}", headers=ZH).get_data(as_text=True)
    assert "電桿編號 K1234" in task_page and "由陳情人送出" in task_page
    assert 'name="request"' in task_page                    # may ask again


def test_a_refused_file_keeps_the_text_and_the_clock(app, rt, client_for):
    receipt, handle, officer = _claimed(app, rt, client_for)
    officer.post(f"/tasks/{handle.id}/supplement", data={"request": ASKED})
    citizen = _citizen(app, receipt)
    resp = citizen.post("/public/status/supplement", headers=ZH, data={
        "answer": "電桿編號 K1234", "files": [(__import__("io").BytesIO(b"MZ\0\0"), "x.exe")]},
        content_type="multipart/form-data")
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert "x.exe" in html.split('id="supplement-files-err"')[1][:200]
    assert "電桿編號 K1234" in html
    assert _case(rt, receipt.case_id).clock_stopped_at is not None


def test_an_empty_answer_and_a_refused_file_are_said_together(app, rt, client_for):
    """One send shows both errors beside their fields, and says the files
    must be chosen again (the browser does not keep them)."""
    import io
    receipt, handle, officer = _claimed(app, rt, client_for)
    officer.post(f"/tasks/{handle.id}/supplement", data={"request": ASKED})
    resp = _citizen(app, receipt).post("/public/status/supplement", headers=ZH, data={
        "answer": " ", "files": [(io.BytesIO(b"not a photo"), "門牌.jpg")]},
        content_type="multipart/form-data")
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert "必填" in html.split('id="supplement-answer-err"')[1][:100]
    assert "門牌.jpg" in html.split('id="supplement-files-err"')[1][:200]
    assert "請重新選擇檔案" in html.split('id="supplement-files-hint"')[1][:300]
    fine = _citizen(app, receipt).post("/public/status/supplement", headers=ZH, data={
        "answer": " ", "files": [(io.BytesIO(PNG), "門牌.png")]}, content_type="multipart/form-data")
    assert "請重新選擇檔案" in fine.get_data(as_text=True)   # a good file is dropped too: say so
    assert _case(rt, receipt.case_id).clock_stopped_at is not None


def test_too_many_files_or_no_answer_store_nothing(app, rt, client_for):
    import io
    receipt, handle, officer = _claimed(app, rt, client_for)
    officer.post(f"/tasks/{handle.id}/supplement", data={"request": ASKED})
    citizen, stored = _citizen(app, receipt), Path(app.config["ATTACHMENT_DIR"])
    before = sorted(stored.rglob("*")) if stored.exists() else []
    many = citizen.post("/public/status/supplement", headers=ZH, data={
        "answer": "電桿編號 K1234", "files": [(io.BytesIO(PNG + bytes([i])), f"{i}.png") for i in range(6)]},
        content_type="multipart/form-data")
    assert many.status_code == 422 and "最多" in many.get_data(as_text=True)
    empty = citizen.post("/public/status/supplement", headers=ZH, data={
        "answer": " ", "files": [(io.BytesIO(PNG), "電桿.png")]}, content_type="multipart/form-data")
    assert empty.status_code == 422
    assert (sorted(stored.rglob("*")) if stored.exists() else []) == before
    assert _case(rt, receipt.case_id).clock_stopped_at is not None


def test_a_supplement_sent_twice_is_taken_once(app, rt, client_for):
    receipt, handle, officer = _claimed(app, rt, client_for)
    officer.post(f"/tasks/{handle.id}/supplement", data={"request": ASKED})
    citizen = _citizen(app, receipt)
    citizen.post("/public/status/supplement", data={"answer": "K1234"})
    again = citizen.post("/public/status/supplement", data={"answer": "K1234"}, headers=ZH,
                         follow_redirects=True)
    assert "已經收到您的補正" in again.get_data(as_text=True)
    assert len(_requests(rt, receipt.case_id)) == 1
    assert app.test_client().post("/public/status/supplement",
                                  data={"answer": "x"}).status_code == 403


def test_the_officer_records_an_answer_by_phone_and_sees_the_moved_deadline(
        app, rt, client_for, clock):
    receipt, handle, officer = _claimed(app, rt, client_for)
    clock.set(datetime(2026, 3, 4, 10, 0, tzinfo=TAIPEI))
    officer.post(f"/tasks/{handle.id}/supplement", data={"request": ASKED})
    empty = officer.post(f"/tasks/{handle.id}/supplement/answer", data={"answer": ""}, headers=ZH)
    assert empty.status_code == 422
    assert "必填" in empty.get_data(as_text=True).split('id="supplement-answer-err"')[1][:80]
    clock.set(datetime(2026, 3, 9, 10, 0, tzinfo=TAIPEI))
    done = officer.post(f"/tasks/{handle.id}/supplement/answer",
                        data={"answer": "電話告知：電桿 K1234"}, headers=ZH, follow_redirects=True)
    html = done.get_data(as_text=True)
    assert "期限繼續計算" in html and "3 個工作天" in html
    assert "電話告知：電桿 K1234" in html and "待補正" not in html


def test_the_task_page_speaks_english_too(app, rt, client_for):
    _receipt, handle, officer = _claimed(app, rt, client_for)
    officer.post(f"/tasks/{handle.id}/supplement", data={"request": ASKED})
    officer.post("/lang/en", data={"next": "/inbox"})
    html = officer.get(f"/tasks/{handle.id}").get_data(as_text=True)
    assert "Waiting for the petitioner to complete the petition" in html
    assert "Record the answer (supplement complete)" in html


def test_the_status_page_speaks_english_too(app, rt, client_for):
    receipt, handle, officer = _claimed(app, rt, client_for)
    officer.post(f"/tasks/{handle.id}/supplement", data={"request": "Please give the pole number"})
    citizen = _citizen(app, receipt)
    citizen.post("/lang/en", data={"next": "/public/status/case"})
    html = citizen.get("/public/status/case").get_data(as_text=True)
    assert "Please complete your petition" in html and "Waiting for your supplement" in html
    assert "Please supply: Please give the pole number" in html
    assert "Send my supplement" in html and "請補正" not in html
