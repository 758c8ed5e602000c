"""已補正 on the pages: once the petitioner answers a 補正 request on the status
page, the officer's inbox row (mine, and the supervisor's team list) says
已補正 and the task page shows the answer at its top; the mark goes when the
task's officer opens the page, not when a supervisor looks. A petitioner
with only a phone: the officer is told to phone, and records the call."""
from datetime import datetime

from sqlalchemy import select

from engine.data.schema import audit, outbox, supplement_request
from engine.time.calendar import TAIPEI
from webtest_support import make_case, ready_task

ZH = {"Accept-Language": "zh-TW"}
ASKED = "請補正路燈的正確位置（電桿編號）"
ANSWER = "路燈在中山路100號前，電桿編號 A123"


def _asked(app, rt, client_for, clock, person=None):
    receipt = make_case(app, rt, person=person)
    handle = ready_task(rt, receipt.case_id, "handle")
    officer = client_for("pwb1")
    officer.post(f"/tasks/{handle.id}/claim")
    clock.set(datetime(2026, 3, 4, 10, 0, tzinfo=TAIPEI))
    resp = officer.post(f"/tasks/{handle.id}/supplement", data={"request": ASKED}, headers=ZH)
    assert resp.status_code == 302
    return receipt, handle, officer


def _answer(app, receipt, clock):
    clock.set(datetime(2026, 3, 6, 10, 0, tzinfo=TAIPEI))
    citizen = app.test_client()
    citizen.post("/public/status", data={"number": receipt.number, "password": receipt.password})
    resp = citizen.post("/public/status/supplement", data={"answer": ANSWER}, headers=ZH)
    assert resp.status_code == 302


def _row_of(html, number):
    return html.split(f'data-case="{number}"')[1].split("</tr>")[0]


def test_the_inbox_says_supplemented_until_the_officer_opens_the_task(app, rt, client_for, clock):
    receipt, handle, officer = _asked(app, rt, client_for, clock)
    assert "已補正" not in _row_of(officer.get("/inbox", headers=ZH).get_data(as_text=True),
                                   receipt.number)
    _answer(app, receipt, clock)
    row = _row_of(officer.get("/inbox", headers=ZH).get_data(as_text=True), receipt.number)
    assert "已補正" in row and "待補正" not in row
    boss = client_for("pwbboss")
    team = boss.get("/inbox?view=team", headers=ZH).get_data(as_text=True)
    assert "已補正" in _row_of(team, receipt.number)
    boss.get(f"/tasks/{handle.id}", headers=ZH)              # a supervisor looking over it
    assert "已補正" in _row_of(officer.get("/inbox", headers=ZH).get_data(as_text=True),
                               receipt.number)

    page = officer.get(f"/tasks/{handle.id}", headers=ZH).get_data(as_text=True)
    top = page.split('id="supplement-answer"')[1].split("</section>")[0]
    assert page.index('id="supplement-answer"') < page.index('id="task-h"')   # at the top
    assert "陳情人已補正" in top and "已補正" in top and ANSWER in top and ASKED in top
    assert "民國115年3月6日" in top
    row = _row_of(officer.get("/inbox", headers=ZH).get_data(as_text=True), receipt.number)
    assert "已補正" not in row
    again = officer.get(f"/tasks/{handle.id}", headers=ZH).get_data(as_text=True)
    top = again.split('id="supplement-answer"')[1].split("</section>")[0]
    assert ANSWER in top and "status supplemented" not in top   # still there, no longer new
    (req,) = _requests(rt, receipt.case_id)
    assert req.seen_by == "pwb1" and req.seen_at is not None


def test_english_says_supplemented(app, rt, client_for, clock):
    receipt, handle, officer = _asked(app, rt, client_for, clock)
    _answer(app, receipt, clock)
    officer.post("/lang/en", data={"next": "/inbox"})
    assert "Supplemented" in _row_of(officer.get("/inbox").get_data(as_text=True),
                                     receipt.number)


def test_an_answer_the_officer_records_is_not_marked(app, rt, client_for, clock):
    receipt, handle, officer = _asked(app, rt, client_for, clock)
    officer.post(f"/tasks/{handle.id}/supplement/answer", data={"answer": ANSWER}, headers=ZH)
    row = _row_of(officer.get("/inbox", headers=ZH).get_data(as_text=True), receipt.number)
    assert "已補正" not in row and "待補正" not in row


def test_a_phone_only_petitioner_is_to_be_phoned_and_the_call_recorded(app, rt, client_for,
                                                                       clock):
    receipt, handle, officer = _asked(app, rt, client_for, clock,
                                      person={"name": "林阿嬤", "phone": "07-3368333"})
    page = officer.get(f"/tasks/{handle.id}", headers=ZH).get_data(as_text=True)
    box = page.split('id="supplement-phone"')[1].split("</div>")[0]
    assert "請以電話通知陳情人補正" in box and "07-3368333" in box and "林阿嬤" in box
    # Said once, in the box: the flash right after asking is the usual one.
    assert page.count("請以電話通知陳情人補正") == 1 and "已請陳情人補正" in page
    assert "不會收到書面通知：" not in page
    with rt.db.connect() as conn:
        sent = conn.execute(select(outbox.c.kind).where(outbox.c.case_id == receipt.case_id,
                                                        outbox.c.kind == "supplement")).all()
    assert sent == []                                          # no written notice went

    clock.set(datetime(2026, 3, 4, 10, 20, tzinfo=TAIPEI))
    resp = officer.post(f"/tasks/{handle.id}/supplement/call", headers=ZH)
    assert resp.status_code == 302
    page = officer.get(f"/tasks/{handle.id}", headers=ZH).get_data(as_text=True)
    box = page.split('id="supplement-phone"')[1].split("</div>")[0]
    assert "已記錄致電通知陳情人" in page and "已致電" in box and "民國115年3月4日 10:20" in box
    assert 'supplement/call"' not in box                       # one click, not two
    with rt.db.connect() as conn:
        calls = conn.execute(select(audit.c.actor, audit.c.task_id).where(
            audit.c.case_id == receipt.case_id, audit.c.action == "contact_recorded")).all()
    assert calls == [("pwb1", handle.id)]
    timeline = page.split("cp-timeline\"")[1]
    assert "已記錄與陳情人聯繫結果" in timeline

    resp = officer.post(f"/tasks/{handle.id}/supplement/call", headers=ZH)
    assert resp.status_code == 409
    assert "已有人記錄致電通知陳情人" in resp.get_data(as_text=True)


def test_a_petitioner_with_e_mail_gets_no_phone_box(app, rt, client_for, clock):
    receipt, handle, officer = _asked(app, rt, client_for, clock)
    page = officer.get(f"/tasks/{handle.id}", headers=ZH).get_data(as_text=True)
    assert 'id="supplement-phone"' not in page and "請以電話通知" not in page
    assert "已請陳情人補正" in page                       # the usual flash


def _requests(rt, case_id):
    with rt.db.connect() as conn:
        return conn.execute(select(supplement_request).where(
            supplement_request.c.case_id == case_id)).all()

