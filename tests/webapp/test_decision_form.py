"""A decision on the page: two radio buttons in a fieldset, none chosen, and
no answer by omission: pressing the button without choosing is refused with
the error beside the field (web and API), and the flash names what was decided."""
import re

from webtest_support import ask_extension, ready_task





def _flat(html: str) -> str:
    return " ".join(html.split())


def test_the_decision_shows_two_answers_and_none_is_chosen(registered_case, rt, client_for):
    ask_extension(client_for("pwb1"), rt, registered_case.case_id)
    approve = ready_task(rt, registered_case.case_id, "approve_extension")
    page = _flat(client_for("pwbboss").get(f"/decisions/{approve.id}").get_data(as_text=True))
    assert re.search(r'<fieldset class="decision"[^>]*> <legend>是否核准展期', page)
    radios = re.findall(r'<input type="radio"[^>]*name="extension_approved"[^>]*>', page)
    assert [re.search(r'value="(\w+)"', r).group(1) for r in radios] == ["true", "false"]
    assert not any("checked" in r for r in radios)
    assert "> 核准</label>" in page and "> 不核准</label>" in page
    assert 'type="checkbox"' not in page


def test_no_choice_is_refused_beside_the_field_keeping_what_was_typed(
        registered_case, rt, client_for):
    ask_extension(client_for("pwb1"), rt, registered_case.case_id)
    approve = ready_task(rt, registered_case.case_id, "approve_extension")
    resp = client_for("pwbboss").post(f"/decisions/{approve.id}", data={"extension_days": "7"})
    page = _flat(resp.get_data(as_text=True))
    assert resp.status_code == 422
    assert '<p class="field-error" id="f-extension_approved-err">請選擇「核准」或「不核准」。</p>' in page
    assert 'name="extension_days" value="7"' in page
    assert ready_task(rt, registered_case.case_id).element_id == "approve_extension"


def test_a_field_hidden_at_the_refused_submit_keeps_the_proposal(registered_case, rt, client_for):
    # The browser sends no hidden field (its input is disabled until 核准 is chosen):
    # the page comes back with the officer's proposed days, not an empty box.
    ask_extension(client_for("pwb1"), rt, registered_case.case_id, days="10")
    approve = ready_task(rt, registered_case.case_id, "approve_extension")
    page = _flat(client_for("pwbboss").post(f"/decisions/{approve.id}", data={}).get_data(as_text=True))
    assert 'name="extension_days" value="10"' in page


def test_a_chosen_answer_is_kept_when_another_field_is_wrong(registered_case, rt, client_for):
    ask_extension(client_for("pwb1"), rt, registered_case.case_id)
    approve = ready_task(rt, registered_case.case_id, "approve_extension")
    page = _flat(client_for("pwbboss").post(f"/decisions/{approve.id}", data={
        "extension_approved": "true", "extension_days": "150"}).get_data(as_text=True))
    assert re.search(r'id="f-extension_approved-true"[^>]*checked', page)
    assert not re.search(r'id="f-extension_approved-false"[^>]*checked', page)


def test_refusing_says_what_was_decided(registered_case, rt, client_for):
    ask_extension(client_for("pwb1"), rt, registered_case.case_id)
    approve = ready_task(rt, registered_case.case_id, "approve_extension")
    page = client_for("pwbboss").post(f"/decisions/{approve.id}", data={
        "extension_approved": "false"}, follow_redirects=True).get_data(as_text=True)
    assert "已決定「不核准」（是否核准展期）。" in page
    assert ready_task(rt, registered_case.case_id, "handle").due_at.day == 10   # unchanged


def test_the_task_page_flash_names_the_decision_too(registered_case, rt, client_for):
    ask_extension(client_for("pwb1"), rt, registered_case.case_id)
    boss = client_for("pwbboss")
    approve = ready_task(rt, registered_case.case_id, "approve_extension")
    boss.post(f"/tasks/{approve.id}/claim")
    page = boss.post(f"/tasks/{approve.id}/complete", data={
        "extension_approved": "true", "extension_days": "5"},
        follow_redirects=True).get_data(as_text=True)
    assert "工作已完成。" in page and "已決定「核准」（是否核准展期）。" in page


def test_the_api_refuses_a_missing_decision_naming_the_field(
        registered_case, rt, client_for, token_for, app):
    ask_extension(client_for("pwb1"), rt, registered_case.case_id)
    approve = ready_task(rt, registered_case.case_id, "approve_extension")
    resp = app.test_client().post(f"/api/v1/tasks/{approve.id}/complete",
                                  json={"data": {"extension_days": 5}}, headers=token_for("pwbboss"))
    assert resp.status_code == 422
    assert "extension_approved" in resp.get_data(as_text=True)
    assert ready_task(rt, registered_case.case_id).element_id == "approve_extension"


def test_in_english_the_answers_and_the_error_use_the_english_words(
        registered_case, rt, client_for):
    ask_extension(client_for("pwb1"), rt, registered_case.case_id)
    approve = ready_task(rt, registered_case.case_id, "approve_extension")
    boss = client_for("pwbboss")
    boss.post("/lang/en")
    page = _flat(boss.post(f"/decisions/{approve.id}", data={}).get_data(as_text=True))
    assert "> Approve</label>" in page and "> Refuse</label>" in page
    assert "Choose “Approve” or “Refuse”." in page
    done = boss.post(f"/decisions/{approve.id}", data={"extension_approved": "false"},
                     follow_redirects=True).get_data(as_text=True)
    assert "Decided: “Refuse” (Approve the extension?)." in done
