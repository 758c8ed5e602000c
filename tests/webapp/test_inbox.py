"""Inbox lists and filters, and the task commands through the web forms."""
from datetime import timedelta

from sqlalchemy import select, update

from engine.data.schema import app_user, attachment, case
from webtest_support import make_case, ready_task

REPLY = {"handling_action": "reply", "reply_text": "已派員修復路燈。", "legal_basis": "道路管理自治條例",
         "remedy": "none"}


def test_claim_then_it_is_in_my_tasks(registered_case, rt, client_for):
    task = ready_task(rt, registered_case.case_id)
    pwb = client_for("pwb1")
    assert pwb.post(f"/tasks/{task.id}/claim").status_code == 302
    assert registered_case.number in pwb.get("/inbox?view=mine").get_data(as_text=True)
    assert registered_case.number not in pwb.get("/inbox?view=queue").get_data(as_text=True)
    # A colleague's second claim is refused and says so.
    other = client_for("pwb2")
    other.post(f"/tasks/{task.id}/claim")
    assert ready_task(rt, registered_case.case_id).assignee == "pwb1"


def test_my_tasks_name_who_holds_them_not_the_account(registered_case, rt, db, client_for):
    with db.begin() as conn:
        conn.execute(update(app_user).where(app_user.c.username == "pwb1")
                     .values(display_name="林雅婷"))
    task = ready_task(rt, registered_case.case_id)
    pwb = client_for("pwb1")
    pwb.post(f"/tasks/{task.id}/claim")
    row = pwb.get("/inbox?view=mine").get_data(as_text=True).split("<tbody>")[1]
    assert "林雅婷" in row and "pwb1" not in row


def test_task_form_is_rendered_from_the_model(registered_case, rt, client_for):
    task = ready_task(rt, registered_case.case_id)
    pwb = client_for("pwb1")
    pwb.post(f"/tasks/{task.id}/claim")
    html = pwb.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert 'name="handling_action"' in html and 'name="reply_text"' in html
    assert "函復陳情人" in html  # the model's zh label of a choice


def test_the_task_page_marks_an_overdue_task(registered_case, rt, client_for, clock):
    task = ready_task(rt, registered_case.case_id)
    pwb = client_for("pwb1")

    def this_task():
        html = pwb.get(f"/tasks/{task.id}").get_data(as_text=True)
        return html.split('id="task-h"')[1].split("</dl>")[0]
    assert "逾期" not in this_task()
    clock.set(task.due_at + timedelta(minutes=1))
    assert '<span class="status overdue">逾期</span>' in this_task()


def test_invalid_completion_is_refused_with_field_errors(registered_case, rt, client_for):
    task = ready_task(rt, registered_case.case_id)
    pwb = client_for("pwb1")
    pwb.post(f"/tasks/{task.id}/claim")
    resp = pwb.post(f"/tasks/{task.id}/complete", data={"handling_action": "explode"})
    assert resp.status_code == 422
    assert 'aria-invalid="true"' in resp.get_data(as_text=True)
    assert ready_task(rt, registered_case.case_id).id == task.id


def test_completing_the_reply_closes_the_case(registered_case, rt, client_for, db):
    task = ready_task(rt, registered_case.case_id)
    pwb = client_for("pwb1")
    pwb.post(f"/tasks/{task.id}/claim")
    assert pwb.post(f"/tasks/{task.id}/complete", data=REPLY).status_code == 302
    with db.connect() as conn:
        assert conn.execute(select(case.c.status).where(case.c.id == registered_case.case_id)).scalar() == "completed"
    assert registered_case.number in pwb.get("/inbox?view=completed").get_data(as_text=True)


def test_filters_text_process_and_overdue(app, rt, client_for, clock):
    a = make_case(app, rt, subject="路燈閃爍")
    b = make_case(app, rt, subject="人孔蓋鬆動", category="road_damage")
    pwb = client_for("pwb1")
    html = pwb.get("/inbox?view=queue&q=閃爍").get_data(as_text=True)
    assert a.number in html and b.number not in html
    assert b.number in pwb.get("/inbox?view=queue&category=road_damage").get_data(as_text=True)
    assert a.number not in pwb.get("/inbox?view=queue&overdue=1").get_data(as_text=True)
    clock.advance(days=30)
    assert a.number in pwb.get("/inbox?view=queue&overdue=1").get_data(as_text=True)
    assert a.number not in pwb.get("/inbox?view=queue&process=consumer_complaint").get_data(as_text=True)


def test_queue_is_sorted_by_due_date(app, rt, client_for, clock):
    first = make_case(app, rt)
    clock.advance(days=3)
    second = make_case(app, rt)
    html = client_for("pwb1").get("/inbox?view=queue").get_data(as_text=True)
    assert html.index(first.number) < html.index(second.number)


def test_transfer_is_the_handling_forms_and_the_panel_routes_are_gone(registered_case, rt,
                                                                      client_for):
    task = ready_task(rt, registered_case.case_id)
    pwb = client_for("pwb1")
    assert pwb.post(f"/tasks/{task.id}/transfer", data={"to_agency": "EPB"}).status_code == 404
    assert pwb.post(f"/tasks/{task.id}/extension", data={"reason": "x"}).status_code == 404
    pwb.post(f"/tasks/{task.id}/claim")
    pwb.post(f"/tasks/{task.id}/complete", data={
        "handling_action": "transfer", "competent_agency": "EPB", "transfer_reason": "屬環保局權責"})
    moved = ready_task(rt, registered_case.case_id)
    assert (moved.element_id, moved.candidate_agency) == ("handle", "EPB")
    assert registered_case.number in client_for("epb1").get("/inbox?view=queue").get_data(as_text=True)


def test_comment_and_timeline_on_the_case_page(registered_case, client_for):
    pwb = client_for("pwb1")
    pwb.post(f"/cases/{registered_case.number}/comments", data={"body": "已通知維修廠商"})
    html = pwb.get(f"/cases/{registered_case.number}").get_data(as_text=True)
    assert "已通知維修廠商" in html
    assert 'id="diagram"' in html and "bpmn-viewer.js" in html
    diagram = pwb.get(f"/cases/{registered_case.number}/diagram.bpmn")
    assert diagram.status_code == 200 and b'id="petition"' in diagram.data


def test_attachments_are_checked_and_stored_outside_the_row(registered_case, client_for, db, app):
    from io import BytesIO
    pwb = client_for("pwb1")
    url = f"/cases/{registered_case.number}/attachments"
    pwb.post(url, data={"file": (BytesIO(b"MZ\x90\x00evil"), "photo.pdf")},
             content_type="multipart/form-data")
    pwb.post(url, data={"file": (BytesIO(b"%PDF-1.4 report"), "report.pdf")},
             content_type="multipart/form-data")
    with db.connect() as conn:
        rows = conn.execute(select(attachment)).all()
    assert [r.filename for r in rows] == ["report.pdf"]
    from pathlib import Path
    assert (Path(app.config["ATTACHMENT_DIR"]) / rows[0].storage_key).read_bytes() == b"%PDF-1.4 report"
    got = pwb.get(f"/cases/{registered_case.number}/attachments/{rows[0].id}")
    assert got.data == b"%PDF-1.4 report"
    assert client_for("epb1").get(f"/cases/{registered_case.number}/attachments/{rows[0].id}").status_code == 404


def test_oversized_upload_is_refused(registered_case, client_for, app):
    from io import BytesIO
    app.config["MAX_CONTENT_LENGTH"] = 1000
    resp = client_for("pwb1").post(f"/cases/{registered_case.number}/attachments",
                                   data={"file": (BytesIO(b"%PDF" + b"x" * 5000), "big.pdf")},
                                   content_type="multipart/form-data")
    # Answered on the case page with the reason, not with a bare 413 page (issue 12, item 14).
    assert resp.status_code == 302
    assert resp.headers["Location"].endswith(f"/cases/{registered_case.number}#files")


def test_choice_words_come_from_the_case_own_process(db):
    """A library deployment holds several processes; a consumer complaint's
    `category` reads in the consumer model's words, not the petition's."""
    import json
    from engine.cases import queries
    from engine.data.schema import process_definition
    from datetime import datetime, timezone
    petition = {"process_id": "petition", "name": "", "executable": True, "lanes": {},
                "tasks": {"register": {"element_id": "register", "fields": [
                    {"name": "category", "type": "choice", "choices": [["travel", "路燈", "Lights"]]}]}}}
    consumer = {"process_id": "consumer_complaint", "name": "", "executable": True, "lanes": {},
                "tasks": {"intake": {"element_id": "intake", "fields": [
                    {"name": "category", "type": "choice", "choices": [["travel", "旅遊", "Travel"]]}]}}}
    meta = {"consumer_complaint": consumer, "petition": petition}   # the other process last
    with db.begin() as conn:
        did = conn.execute(process_definition.insert().values(
            key="consumer_complaint", version=1, name="", content_hash="x", sources="{}",
            meta=json.dumps(meta), deployed_at=datetime.now(timezone.utc))
            .returning(process_definition.c.id)).scalar()
        assert queries.choice_labels(conn, did)["category"]["travel"] == ("旅遊", "Travel")
