"""A step reassigned while its officer typed: his send is refused (409) with
who holds it now, and what he typed is read back on the page, in the form's
words (a choice by its label, never its code), for him to copy."""
import re

from engine.cases import assignment
from engine.cases.actors import Actor
from webtest_support import claimed_by_officer, page_text, ready_task

BOSS = Actor("pwbboss", "PWB", frozenset({"supervisor"}))
ZH = {"Accept-Language": "zh-TW"}
TYPED = "已派員於3月3日更換路燈燈泡，恢復照明。"


def test_what_he_typed_comes_back_when_the_step_was_reassigned(app, rt, client_for):
    receipt, handle, officer = claimed_by_officer(app, rt, client_for)
    assert 'name="reply_text"' in officer.get(f"/tasks/{handle.id}").get_data(as_text=True)
    assignment.reassign(rt, handle.id, "pwb2", BOSS)          # while he types
    resp = officer.post(f"/tasks/{handle.id}/complete", headers=ZH, data={
        "handling_action": "reply", "reply_text": TYPED, "legal_basis": "高雄市路燈管理自治條例",
        "remedy": "none", "competent_agency": "", "transfer_reason": ""})
    assert resp.status_code == 409
    html = resp.get_data(as_text=True)
    assert "已先領取此工作" in html and "未送出" in html        # the refusal, as before
    kept = page_text(html.split('id="unsent"')[1].split("</section>")[0])
    assert "您填寫的內容（未送出）" in kept and "供您複製" in kept
    assert TYPED in kept and "高雄市路燈管理自治條例" in kept
    assert "函復陳情人" in kept and not re.search(r"\breply\b", kept)   # the choice's words
    assert "改分理由" not in kept                                 # fields his answer hid
    assert ready_task(rt, receipt.case_id, "handle").assignee == "pwb2"
