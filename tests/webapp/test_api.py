"""REST API: bearer tokens, statuses 400/401/403/404/409/422, scoping."""
import pytest
from webtest_support import petition_files, ready_task, registration




@pytest.fixture
def api(app):
    return app.test_client()


def _start(api, headers, **over):
    body = {"process": "petition", "data": registration(**over),
            "received_at": "2026-03-02T08:30:00+08:00",
            "petitioner": {"name": "張三", "email": "zhang@example.tw"}}
    return api.post("/api/v1/cases", json=body, headers=headers)


def test_tokens_are_required_and_stored_hashed(api, token_for, db):
    assert api.get("/api/v1/tasks").status_code == 401
    assert api.get("/api/v1/tasks", headers={"Authorization": "Bearer nope"}).status_code == 401
    headers = token_for("pwb1")
    assert api.get("/api/v1/tasks", headers=headers).status_code == 200
    with db.connect() as conn:
        stored = conn.exec_driver_sql("SELECT token_hash FROM api_token").scalar()
    assert stored not in headers["Authorization"] and len(stored) == 64


def test_openapi_document_is_public(api):
    doc = api.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.") and "/tasks/{task_id}/complete" in doc["paths"]


def test_start_case_then_read_it_with_tasks_and_due_dates(api, token_for):
    clerk = token_for("clerk")
    resp = _start(api, clerk)
    assert resp.status_code == 201, resp.get_json()
    body = resp.get_json()
    assert body["number"].startswith("115-") and body["status_password"]
    got = api.get(f"/api/v1/cases/{body['number']}", headers=clerk).get_json()
    assert got["received_at"] == "2026-03-02T08:30:00+08:00"
    assert got["tasks"][0]["element_id"] == "register" and got["tasks"][0]["due_at"]
    assert got["petitioner"]["name"] == "張三"


def test_status_codes(api, token_for):
    clerk, officer = token_for("clerk"), token_for("pwb1")
    assert _start(api, officer).status_code == 403
    assert api.post("/api/v1/cases", data="not json", headers=clerk).status_code == 400
    assert api.post("/api/v1/cases", json={"data": {}}, headers=clerk).status_code == 422
    assert api.post("/api/v1/cases", json={"process": "nope"}, headers=clerk).status_code == 404
    bad_date = api.post("/api/v1/cases", json={"process": "petition", "received_at": "yesterday"},
                        headers=clerk)
    assert bad_date.status_code == 422 and bad_date.get_json()["error"]["fields"]


def test_task_commands_and_conflicts(api, token_for, registered_case, rt):
    task = ready_task(rt, registered_case.case_id)
    pwb1, pwb2, epb = token_for("pwb1"), token_for("pwb2"), token_for("epb1")
    listed = api.get("/api/v1/tasks?view=queue", headers=pwb1).get_json()["tasks"]
    assert [t["id"] for t in listed] == [task.id]
    assert api.get("/api/v1/tasks?view=queue", headers=epb).get_json()["tasks"] == []
    assert api.post(f"/api/v1/tasks/{task.id}/claim", headers=epb).status_code == 404
    assert api.post(f"/api/v1/tasks/{task.id}/claim", headers=pwb1).get_json()["assignee"] == "pwb1"
    assert api.post(f"/api/v1/tasks/{task.id}/claim", headers=pwb2).status_code == 409
    bad = api.post(f"/api/v1/tasks/{task.id}/complete", json={"data": {"handling_action": "x"}},
                   headers=pwb1)
    assert bad.status_code == 422 and "handling_action" in bad.get_json()["error"]["fields"]
    assert api.post(f"/api/v1/tasks/{task.id}/complete", json={"data": {"handling_action": "reply",
                    "reply_text": "ok", "legal_basis": "x", "remedy": "none"}}, headers=pwb2).status_code == 409
    done = api.post(f"/api/v1/tasks/{task.id}/complete", json={"data": {
        "handling_action": "reply", "reply_text": "已修復", "legal_basis": "x", "remedy": "none"}},
        headers=pwb1)
    assert done.status_code == 200
    assert api.post(f"/api/v1/tasks/{task.id}/complete", json={"data": {}}, headers=pwb1).status_code == 409


def test_transfer_is_a_completion_of_the_handling_form_and_unclaim(api, token_for,
                                                                    registered_case, rt):
    task = ready_task(rt, registered_case.case_id)
    pwb1 = token_for("pwb1")
    assert api.post(f"/api/v1/tasks/{task.id}/transfer", json={"to_agency": "EPB", "reason": "x"},
                    headers=pwb1).status_code == 404
    api.post(f"/api/v1/tasks/{task.id}/claim", headers=pwb1)
    assert api.post(f"/api/v1/tasks/{task.id}/unclaim", headers=pwb1).get_json()["assignee"] is None
    moved = api.post(f"/api/v1/tasks/{task.id}/complete", json={"data": {
        "handling_action": "transfer", "competent_agency": "EPB", "transfer_reason": "權責"}},
        headers=pwb1)
    assert moved.status_code == 200
    new_task = ready_task(rt, registered_case.case_id)
    assert new_task.candidate_agency == "EPB"
    assert api.get(f"/api/v1/tasks/{new_task.id}", headers=token_for("epb1")).get_json()["form"]


def test_completing_another_agencys_task_is_404_whatever_else_is_wrong(api, token_for,
                                                                       registered_case, rt):
    """The command checks what the viewer may see on the row it reads, before
    the version or the form: nothing about the task leaks, nothing changes."""
    task = ready_task(rt, registered_case.case_id)
    epb = token_for("epb1")
    for body in ({"data": {"handling_action": "reply", "reply_text": "x"}},
                 {"data": {}, "expected_version": 999}):
        refused = api.post(f"/api/v1/tasks/{task.id}/complete", json=body, headers=epb)
        assert refused.status_code == 404
        assert refused.get_json()["error"]["message"] == "no such task"
    assert ready_task(rt, registered_case.case_id).id == task.id
    missing = api.post("/api/v1/tasks/00000000-0000-4000-8000-000000000000/complete",
                       json={"data": {}}, headers=token_for("pwb1"))
    assert missing.status_code == 404


def test_case_of_another_agency_is_404(api, token_for, registered_case):
    assert api.get(f"/api/v1/cases/{registered_case.case_id}", headers=token_for("epb1")).status_code == 404
    assert api.get(f"/api/v1/cases/{registered_case.case_id}", headers=token_for("pwb1")).status_code == 200


def test_processes_list_and_deploy(api, token_for):
    listed = api.get("/api/v1/processes", headers=token_for("pwb1")).get_json()["processes"]
    assert [p["key"] for p in listed] == ["petition"]
    files = {n: b.decode() for n, b in petition_files().items()}
    assert api.post("/api/v1/processes", json={"files": files}, headers=token_for("pwb1")).status_code == 403
    admin = token_for("admin")
    again = api.post("/api/v1/processes", json={"files": files}, headers=admin)
    assert again.status_code == 200 and again.get_json()["deployed"][0]["created"] is False
    broken = api.post("/api/v1/processes", json={"files": {"x.bpmn": "<not xml"}}, headers=admin)
    assert broken.status_code == 422 and broken.get_json()["error"]["problems"]
