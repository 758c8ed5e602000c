"""處理期限 on the case panel: the deadline the case was handled against (the
model's `due_at`), not the earliest open step's due (case.due_at). Once the
reply is written and the intake office still has to deliver it, the delivery
deadline shows in a row of its own, labelled 送達期限, so the handling
deadline does not seem to move earlier (3/10 → 3/3)."""
import re

from engine.cases.actors import Actor
from webtest_support import make_case, ready_task

OFFICER = Actor("pwb1", "PWB", frozenset({"officer"}))
ZH = {"Accept-Language": "zh-TW"}
REPLY = {"handling_action": "reply", "reply_text": "已派員修復路燈。",
         "legal_basis": "高雄市路燈管理自治條例", "remedy": "none"}


def _row(html: str, dd_id: str) -> str:
    return re.sub(r"\s+", " ", html.split(f'id="{dd_id}">')[1].split("</dd>")[0])


def _label(html: str, dd_id: str) -> str:
    return html.split(f'id="{dd_id}">')[0].rsplit("<dt>", 1)[1].split("</dt>")[0]


def test_the_handling_deadline_stays_and_the_delivery_deadline_is_its_own_row(app, rt, client_for):
    receipt = make_case(app, rt, person={"name": "林美惠", "phone": "0922333444"})   # no e-mail
    handle = ready_task(rt, receipt.case_id, "handle")
    officer = client_for("pwb1")
    before = officer.get(f"/cases/{receipt.number}", headers=ZH).get_data(as_text=True)
    assert "民國115年3月10日" in _row(before, "cp-due") and 'id="cp-step-due"' not in before
    rt.claim(handle.id, OFFICER)
    rt.complete(handle.id, OFFICER, REPLY)
    assert ready_task(rt, receipt.case_id, "deliver_reply") is not None   # due 3/3
    html = officer.get(f"/cases/{receipt.number}", headers=ZH).get_data(as_text=True)
    assert _label(html, "cp-due") == "處理期限"
    assert "民國115年3月10日" in _row(html, "cp-due") and "3月3日" not in _row(html, "cp-due")
    assert _label(html, "cp-step-due") == "送達期限"
    assert "民國115年3月3日" in _row(html, "cp-step-due")


def test_while_one_step_is_open_the_case_shows_one_deadline(app, rt, client_for):
    receipt = make_case(app, rt)
    html = client_for("pwb1").get(f"/cases/{receipt.number}", headers=ZH).get_data(as_text=True)
    assert "民國115年3月10日" in _row(html, "cp-due") and 'id="cp-step-due"' not in html


def test_the_handling_deadline_moves_with_a_supplement_and_stays_one_row(app, rt, client_for, clock):
    from datetime import datetime

    from engine.time.calendar import TAIPEI
    receipt = make_case(app, rt)
    handle = ready_task(rt, receipt.case_id, "handle")
    officer = client_for("pwb1")
    officer.post(f"/tasks/{handle.id}/claim")
    clock.set(datetime(2026, 3, 4, 10, 0, tzinfo=TAIPEI))
    officer.post(f"/tasks/{handle.id}/supplement", data={"request": "請補正電桿編號"})
    clock.set(datetime(2026, 3, 9, 10, 0, tzinfo=TAIPEI))
    officer.post(f"/tasks/{handle.id}/supplement/answer", data={"answer": "電桿 K1234"})
    html = officer.get(f"/cases/{receipt.number}", headers=ZH).get_data(as_text=True)
    assert "民國115年3月13日" in _row(html, "cp-due") and 'id="cp-step-due"' not in html
