"""A `handle` the system gave back to its officer after his supervisor decided
his extension (keep_with, engine/cases/kept.py): the timeline says so rather
than that he claimed it, and his task page says why it is already his and
that its deadline is the extended one.

The case is received Monday 2026-03-02; PWB's `handle` is due Tuesday 03-10,
03-17 after 5 more working days.
"""
import re

from webtest_support import ask_extension, ready_task


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def given_back(case, rt, client_for):
    """pwb1 asked for 5 more days, pwbboss approved: the new handle is pwb1's."""
    ask_extension(client_for("pwb1"), rt, case.case_id)
    approve = ready_task(rt, case.case_id, "approve_extension")
    client_for("pwbboss").post(f"/decisions/{approve.id}", data={
        "extension_approved": "true", "extension_days": "5"})
    handle = ready_task(rt, case.case_id, "handle")
    assert handle.assignee == "pwb1"
    return handle


def test_the_timeline_says_the_system_gave_it_back(registered_case, rt, client_for):
    given_back(registered_case, rt, client_for)
    client = client_for("pwb1")
    text = _text(client.get(f"/cases/{registered_case.number}").get_data(as_text=True))
    assert re.search(r"交還原承辦人 · 辦理並擬復 · \S+ 「主管核准展期」完成後，由系統交還先前辦理此步驟的承辦人", text)
    assert not re.search(r"領取工作 · 辦理並擬復", text)
    client.post("/lang/en", data={"next": "/inbox"})
    text = _text(client.get(f"/cases/{registered_case.number}").get_data(as_text=True))
    assert "Given back to its officer · Handle and draft the reply" in text
    assert ("Given back by the system after “Supervisor approves the extension”, "
            "to the officer who handled this step before") in text


def test_his_task_page_says_why_it_is_his_and_the_extended_deadline(
        registered_case, rt, client_for):
    handle = given_back(registered_case, rt, client_for)
    page = client_for("pwb1").get(f"/tasks/{handle.id}").get_data(as_text=True)
    work = _text(page[page.index('class="task-work"'):])
    assert "您先前辦理此步驟，「主管核准展期」完成後，系統已將本工作交還給您，毋須再領取。" in work
    assert re.search(r"處理期限 民國115年3月17日 [^()]* \(已展期\) 狀態", work)
    other = client_for("pwbboss").get(f"/tasks/{handle.id}").get_data(as_text=True)
    assert "「主管核准展期」完成後，系統已將本工作交還先前辦理此步驟的承辦人。" in other


def test_once_returned_and_claimed_again_it_is_his_own_claim(registered_case, rt, client_for):
    handle = given_back(registered_case, rt, client_for)
    client = client_for("pwb1")
    client.post(f"/tasks/{handle.id}/unclaim")
    client.post(f"/tasks/{handle.id}/claim")
    page = client.get(f"/tasks/{handle.id}").get_data(as_text=True)
    work = _text(page[page.index('class="task-work"'):])
    assert 'id="task-kept"' not in page and "(已展期) 狀態" in work
