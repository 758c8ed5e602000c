"""A `handle` the system handed back to its officer (keep_with) is audited
as a claim naming `kept_with`; the admin's audit trail says what the case
timeline says, 交還原承辦人, and to whom, not that he claimed it
(webapp/views/admin/actions.record_action)."""
from __future__ import annotations

import re

from webtest_support import ask_extension, page_text, ready_task


def _given_back(case, rt, client_for):
    """pwb1 asked for 5 more days, pwbboss approved: the new handle is pwb1's."""
    ask_extension(client_for("pwb1"), rt, case.case_id)
    approve = ready_task(rt, case.case_id, "approve_extension")
    client_for("pwbboss").post(f"/decisions/{approve.id}", data={
        "extension_approved": "true", "extension_days": "5"})
    assert ready_task(rt, case.case_id, "handle").assignee == "pwb1"


def _rows(html: str) -> list[str]:
    table = html[html.index('<table id="audit"'):]
    return [page_text(row) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]]


def test_the_trail_says_the_system_gave_it_back_and_to_whom(registered_case, rt, client_for):
    _given_back(registered_case, rt, client_for)
    admin = client_for("admin")
    rows = _rows(admin.get(f"/admin/audit?case_number={registered_case.number}").get_data(as_text=True))
    [kept] = [r for r in rows if "交還原承辦人" in r]
    assert "流程步驟：辦理並擬復；交還給：pwb1（先前辦理「辦理並擬復」的承辦人）" in kept, kept
    assert "kept_with" not in kept and "領取工作" not in kept
    assert sum("領取工作" in r for r in rows) >= 1   # his own first claim stays a claim
    csv = admin.get(f"/admin/audit.csv?case_number={registered_case.number}").get_data(as_text=True)
    assert "交還原承辦人" in csv and "交還給：pwb1" in csv
    admin.post("/lang/en", data={"next": "/admin/audit"})
    rows = _rows(admin.get(f"/admin/audit?case_number={registered_case.number}").get_data(as_text=True))
    [kept] = [r for r in rows if "Given back to its officer" in r]
    assert "given back to: pwb1, who did “Handle and draft the reply” before" in kept, kept
