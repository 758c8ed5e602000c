"""Form fields from the model in the web layer: ticked boxes are stored as
ticked on every form, conditional fields carry their condition to the page,
and field errors are said in the viewer's language (codes for the API)."""
import json

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from engine.data.schema import case
from engine.models.forms import FieldError
from engine.models.meta import Field
from webapp import form_errors, taskform
from webtest_support import ready_task

from test_intake import COUNTER, _public_petition

FLAG = [Field("confidential", "boolean")]


def test_a_ticked_box_is_true_whatever_comes_first():
    for pairs in ([("confidential", "false"), ("confidential", "true")],
                  [("confidential", "true"), ("confidential", "false")], [("confidential", "true")]):
        assert taskform.submitted(FLAG, MultiDict(pairs)) == {"confidential": True}
    assert taskform.submitted(FLAG, MultiDict([("confidential", "false")])) == {"confidential": False}
    assert taskform.submitted(FLAG, MultiDict()) == {"confidential": False}


def test_boxes_render_without_a_hidden_false_and_conditions_reach_the_page(app):
    fields = [Field("action", "choice", required=True, choices=[["reply", "函復", "Reply"]]),
              Field("text", "textarea", required=True, when="action=reply"), *FLAG]
    with app.test_request_context():
        macro = app.jinja_env.get_template("macros/fields.html").module.render_field
        html = "".join(str(macro(f, {}, {}, [])) for f in fields)
    assert 'type="hidden"' not in html
    assert 'data-when="action=reply"' in html
    # Hidden by the script until "reply" is chosen: required only when shown.
    text_input = html.split('id="f-text"')[1].split(">")[0]
    assert "data-required" in text_input and " required" not in text_input


def test_only_a_confirmation_box_is_marked_required(app):
    fields = [Field("attended", "boolean", required=True),   # False is an answer here
              Field("confirmed", "boolean", required=True, confirm=True),
              Field("tested", "boolean", confirm=True, when="kind=new")]
    with app.test_request_context():
        macro = app.jinja_env.get_template("macros/fields.html").module.render_field
        boxes = {f.name: str(macro(f, {}, {}, [])).split(f'id="f-{f.name}"')[1].split(">")[0]
                 for f in fields}
    assert "required" not in boxes["attended"]
    assert " required" in boxes["confirmed"] and "data-required" not in boxes["confirmed"]
    assert 'data-required="true"' in boxes["tested"]   # shown by its condition, then required


def test_the_counter_keeps_a_ticked_confidentiality_and_a_confirmed_read_back(client_for, rt, db):
    clerk = client_for("clerk")
    data = MultiDict({**COUNTER}.items())
    data.add("confidential", "true")
    assert clerk.post("/intake/new", data=data).status_code == 302
    with db.connect() as conn:
        row = conn.execute(select(case)).one()
    assert row.confidential is True
    task = ready_task(rt, row.id)
    assert task.element_id == "read_back"
    clerk.post(f"/tasks/{task.id}/claim")
    done = clerk.post(f"/tasks/{task.id}/complete", data={
        "read_back_text": "陳情人口述：某路口有大坑洞", "read_back_confirmed": "true"})
    assert done.status_code == 302
    with db.connect() as conn:
        summary = json.loads(conn.execute(select(case.c.summary).where(case.c.id == row.id)).scalar())
    assert summary["read_back_confirmed"] is True


def _counter_read_back(client_for, rt, db):
    """A counter petition registered by the clerk, its read-back claimed."""
    clerk = client_for("clerk")
    assert clerk.post("/intake/new", data=MultiDict({**COUNTER}.items())).status_code == 302
    with db.connect() as conn:
        case_id = conn.execute(select(case.c.id)).scalar_one()
    task = ready_task(rt, case_id)
    assert task.element_id == "read_back"
    clerk.post(f"/tasks/{task.id}/claim")
    return clerk, task, case_id


def test_an_unconfirmed_read_back_is_refused_beside_the_box_keeping_the_record(client_for, rt, db):
    clerk, task, case_id = _counter_read_back(client_for, rt, db)
    page = clerk.get(f"/tasks/{task.id}").get_data(as_text=True)
    box = page.split('id="f-read_back_confirmed"')[1].split(">")[0]
    assert " required" in box   # the browser itself will not send it unticked
    resp = clerk.post(f"/tasks/{task.id}/complete", data={
        "read_back_text": "陳情人口述：某路口有大坑洞"})   # the box left unticked
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert '<p class="field-error" id="f-read_back_confirmed-err">請確認後勾選此項。</p>' in html
    assert ">陳情人口述：某路口有大坑洞</textarea>" in html
    assert ready_task(rt, case_id).id == task.id   # still at read_back, not with the bureau
    done = clerk.post(f"/tasks/{task.id}/complete", data={
        "read_back_text": "陳情人口述：某路口有大坑洞", "read_back_confirmed": "true"})
    assert done.status_code == 302
    assert ready_task(rt, case_id).element_id != "read_back"


def test_the_api_refuses_an_unconfirmed_read_back_naming_the_box(app, client_for, rt, db):
    from webapp import users
    _clerk, task, _case_id = _counter_read_back(client_for, rt, db)
    with db.begin() as conn:
        headers = {"Authorization": f"Bearer {users.create_token(conn, 'clerk')}"}
    resp = app.test_client().post(f"/api/v1/tasks/{task.id}/complete", headers=headers, json={
        "data": {"read_back_text": "紀錄", "read_back_confirmed": False}})
    assert resp.status_code == 422
    error = resp.get_json()["error"]
    assert error["fields"] == {"read_back_confirmed": "tick it to confirm"}
    assert error["codes"] == {"read_back_confirmed": {"code": "not_confirmed", "params": {}}}


def test_the_public_form_keeps_a_ticked_confidentiality(app, db):
    assert _public_petition(app.test_client(), confidential="true").status_code == 302
    with db.connect() as conn:
        assert conn.execute(select(case.c.confidential)).scalar() is True


def _claimed_handle(registered_case, rt, client_for):
    task = ready_task(rt, registered_case.case_id)
    pwb = client_for("pwb1")
    pwb.post(f"/tasks/{task.id}/claim")
    return task, pwb


def test_an_empty_reply_shows_the_zh_tw_error_beside_the_field(registered_case, rt, client_for):
    task, pwb = _claimed_handle(registered_case, rt, client_for)
    resp = pwb.post(f"/tasks/{task.id}/complete", data={
        "handling_action": "reply", "reply_text": " ", "legal_basis": "市區道路條例"})
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert '<p class="field-error" id="f-reply_text-err">必填</p>' in html
    assert ">required<" not in html
    assert ready_task(rt, registered_case.case_id).id == task.id


def test_an_english_viewer_reads_the_error_in_english(registered_case, rt, client_for):
    task, pwb = _claimed_handle(registered_case, rt, client_for)
    pwb.post("/lang/en", data={"next": "/inbox"})
    resp = pwb.post(f"/tasks/{task.id}/complete", data={
        "handling_action": "transfer", "transfer_reason": "x" * 501})
    html = resp.get_data(as_text=True)
    assert '<p class="field-error" id="f-competent_agency-err">Required</p>' in html
    assert "At most 500 characters." in html


def test_the_api_gets_422_naming_the_field_of_an_empty_reply(app, registered_case, rt, client_for, db):
    from webapp import users
    task, _ = _claimed_handle(registered_case, rt, client_for)
    with db.begin() as conn:
        headers = {"Authorization": f"Bearer {users.create_token(conn, 'pwb1')}"}
    resp = app.test_client().post(f"/api/v1/tasks/{task.id}/complete", headers=headers, json={
        "data": {"handling_action": "reply", "legal_basis": "x"}})
    assert resp.status_code == 422
    error = resp.get_json()["error"]
    assert error["fields"] == {"reply_text": "required"}
    assert error["codes"] == {"reply_text": {"code": "required", "params": {}}}


def test_each_code_is_said_in_zh_tw_and_english(app):
    errors = [FieldError("required", "required"), FieldError("longer than 5 characters", "too_long", {"limit": 5}),
              FieldError("must be at least 1", "too_small", {"min": "1"}), "required", "自己的訊息",
              FieldError("tick it to confirm", "not_confirmed")]
    with app.test_request_context(headers={"Accept-Language": "zh-TW"}):
        assert [form_errors.field_error(e) for e in errors] == [
            "必填", "最多 5 個字。", "不得小於 1。", "必填", "自己的訊息", "請確認後勾選此項。"]
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert [form_errors.field_error(e) for e in errors] == [
            "Required", "At most 5 characters.", "At least 1.", "Required", "自己的訊息",
            "Tick this to confirm."]


def test_a_crafted_transfer_to_the_own_bureau_is_refused_beside_the_field(registered_case, rt, client_for):
    """The page offers no transfer to 工務局 on 工務局's task; a post that names
    it anyway is refused beside 權責機關 in zh-TW, and the case stays put."""
    task, pwb = _claimed_handle(registered_case, rt, client_for)
    page = pwb.get(f"/tasks/{task.id}").get_data(as_text=True)
    box = page[page.index('id="f-competent_agency"'):]
    assert 'value="PWB"' not in box[:box.index("</select>")] and 'value="TRB"' in box[:box.index("</select>")]
    resp = pwb.post(f"/tasks/{task.id}/complete", data={
        "handling_action": "transfer", "competent_agency": "PWB", "transfer_reason": "非本機關權責"})
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert '<p class="field-error" id="f-competent_agency-err">本案已在貴機關，無須改分；請選擇應改分的權責機關。</p>' in html
    still = ready_task(rt, registered_case.case_id)
    assert (still.id, still.candidate_agency) == (task.id, "PWB")
