"""Scoping: an officer sees and acts on their agency's tasks and the cases
shared with it, nothing else, whatever id they try; confidential identities."""
from webtest_support import make_case, ready_task


def test_pages_need_login(app):
    client = app.test_client()
    resp = client.get("/inbox")
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]


def test_wrong_password_is_refused(app):
    resp = app.test_client().post("/login", data={"username": "pwb1", "password": "nope"})
    assert resp.status_code == 200
    assert "pwb1" not in resp.get_data(as_text=True).split("</header>")[0]


def test_agency_queue_holds_the_routed_task(registered_case, client_for):
    html = client_for("pwb1").get("/inbox?view=queue").get_data(as_text=True)
    assert registered_case.number in html
    other = client_for("epb1").get("/inbox?view=queue").get_data(as_text=True)
    assert registered_case.number not in other


def test_other_agency_gets_404_for_task_case_and_commands(registered_case, rt, client_for):
    task = ready_task(rt, registered_case.case_id)
    epb = client_for("epb1")
    assert epb.get(f"/tasks/{task.id}").status_code == 404
    assert epb.get(f"/cases/{registered_case.number}").status_code == 404
    assert epb.get(f"/cases/{registered_case.number}/diagram.bpmn").status_code == 404
    assert epb.post(f"/tasks/{task.id}/claim").status_code == 404
    assert epb.post(f"/cases/{registered_case.number}/comments", data={"body": "x"}).status_code == 404
    assert ready_task(rt, registered_case.case_id).assignee is None


def test_unknown_ids_are_404_too(client_for):
    pwb = client_for("pwb1")
    assert pwb.get("/tasks/00000000-0000-0000-0000-000000000000").status_code == 404
    assert pwb.get("/cases/115-999999").status_code == 404


def test_agency_that_held_a_task_keeps_seeing_the_case(registered_case, client_for):
    # The intake office registered it (a task of DOA), so the clerk still sees it.
    assert client_for("clerk").get(f"/cases/{registered_case.number}").status_code == 200
    assert client_for("pwb2").get(f"/cases/{registered_case.number}").status_code == 200


def test_admin_sees_every_case(registered_case, client_for):
    assert client_for("admin").get(f"/cases/{registered_case.number}").status_code == 200


def test_confidential_identity_only_for_intake_and_responsible_officer(app, rt, client_for):
    receipt = make_case(app, rt, confidential=True, person={"name": "林秘密", "phone": "0900000000"})
    page = lambda user: client_for(user).get(f"/cases/{receipt.number}").get_data(as_text=True)
    assert "林秘密" in page("clerk")
    assert "林秘密" not in page("pwb1")          # not yet the responsible officer
    assert "林秘密" not in page("admin")
    task = ready_task(rt, receipt.case_id)
    officer = client_for("pwb1")
    assert officer.post(f"/tasks/{task.id}/claim").status_code == 302
    assert "林秘密" in officer.get(f"/cases/{receipt.number}").get_data(as_text=True)
    assert "林秘密" not in page("pwbboss")       # same agency, not handling it


def test_non_confidential_identity_is_shown_to_the_agency(registered_case, client_for):
    assert "王小明" in client_for("pwb2").get(f"/cases/{registered_case.number}").get_data(as_text=True)


def test_intake_page_needs_the_intake_role(client_for):
    assert client_for("pwb1").get("/intake/new").status_code == 403
    assert client_for("clerk").get("/intake/new").status_code == 200
