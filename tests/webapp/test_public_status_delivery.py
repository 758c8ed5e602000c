"""A petitioner without e-mail: after the bureau's reply the department's intake
still has to deliver it, but the citizen's status page no longer says 登記中."""
from engine.cases.actors import Actor
from webtest_support import make_case, ready_task

OFFICER = Actor("pwb1", "PWB", frozenset({"officer"}))
ZH = {"Accept-Language": "zh-TW"}
REPLY = {"handling_action": "reply", "reply_text": "已派員修復人行道地磚。",
         "legal_basis": "市區道路條例第9條", "remedy": "none"}


def test_an_answered_case_waiting_for_delivery_is_in_progress_not_being_registered(app, rt):
    receipt = make_case(app, rt, person={"name": "林美惠", "phone": "0922333444"})
    handle = ready_task(rt, receipt.case_id, "handle")
    rt.claim(handle.id, OFFICER)
    rt.complete(handle.id, OFFICER, REPLY)
    assert ready_task(rt, receipt.case_id, "deliver_reply") is not None   # the intake's step
    client = app.test_client()
    client.post("/public/status", data={"number": receipt.number, "password": receipt.password},
                headers=ZH)
    html = client.get("/public/status/case", headers=ZH).get_data(as_text=True)
    assert "已派員修復人行道地磚。" in html
    status = html.split('id="case-status">')[1].split("</dd>")[0]
    assert "處理中" in status and "登記中" not in status
    assert "工務局" in html          # who handled it, now that it is past registering
