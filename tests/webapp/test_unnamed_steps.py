"""A step its model gave no name reads 未命名步驟 ("Unnamed step") wherever a
person meets it, never its element id (webapp/labels.py step_name). Such a
model is refused at deploy now (flows.unnamed_problems); a version deployed
before that check still runs its cases, as here: the petition with neither
`register` nor `handle` named."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from engine.data.schema import app_user, case
from engine.models import definitions
from engine.models.validation import validate
from engine.models.validation.report import Report
from webtest_support import make_case, page_text, petition_files, ready_task

NAMES = ('<bpmn:userTask id="register" name="登記陳情 Register petition">',
         '<bpmn:userTask id="handle" name="辦理並擬復 Handle and draft the reply">')
IDS = re.compile(r"\b(register|handle)\b")
WEEKS = "from=115/02/23&to=115/03/02"


@pytest.fixture
def unnamed_case(app, rt):
    """A petition registered on the older version without names: now at PWB's `handle`."""
    files = petition_files()
    text = files["petition.bpmn"].decode()
    for named in NAMES:
        assert named in text
        text = text.replace(named, named.split(" name=")[0] + ">", 1)
    files["petition.bpmn"] = text.encode()
    assert {p.code for p in validate(files).problems} == {"unnamed"}   # refused now
    with rt.db.begin() as conn:
        definitions.deploy(conn, files, "system", rt.clock.now(),
                           report=Report("deployable", [], ["petition"]))
    return make_case(app, rt)


def _zh_text(client, url: str) -> str:
    text = page_text(client.get(url).get_data(as_text=True))
    assert not IDS.search(text), IDS.search(text)
    return text


def test_the_officers_inbox_task_page_and_case_page_say_unnamed_step(unnamed_case, rt, client_for):
    officer = client_for("pwb1")
    handle = ready_task(rt, unnamed_case.case_id, "handle")
    assert "未命名步驟" in _zh_text(officer, "/inbox")
    task_page = _zh_text(officer, f"/tasks/{handle.id}")
    assert re.search(r"未命名步驟 \S*" + unnamed_case.number, task_page)
    case_page = _zh_text(officer, f"/cases/{unnamed_case.number}")
    assert case_page.count("未命名步驟") >= 2   # its two tasks, and the timeline's steps
    officer.post("/lang/en", data={"next": "/inbox"})
    assert "Unnamed step" in page_text(officer.get("/inbox").get_data(as_text=True))


def test_the_boards_step_table_and_the_audit_trail_say_it_too(unnamed_case, client_for, rt):
    board = _zh_text(client_for("doaboss"), f"/board/?process=petition&{WEEKS}")
    assert "未命名步驟" in board
    audit = _zh_text(client_for("admin"), f"/admin/audit?case_number={unnamed_case.number}")
    assert "流程步驟：未命名步驟" in audit


def test_the_starters_receipt_names_no_id(app, unnamed_case, rt):
    from webapp import labels
    with rt.db.connect() as conn:
        definition_id = conn.execute(select(case.c.definition_id).where(
            case.c.id == unnamed_case.case_id)).scalar()
    handle = ready_task(rt, unnamed_case.case_id, "handle")
    assert handle.name == "handle"   # what the engine stores for a nameless step
    with app.test_request_context("/"):
        assert labels.task_name(handle, definition_id) == "未命名步驟"
        assert labels.element_name(definition_id, "handle") == "未命名步驟"
        assert labels.element_name(definition_id, "no_such_step") == "流程中的步驟"


def _api_tasks(app, headers, case_id) -> list[dict]:
    api = app.test_client()
    listed = [t for t in api.get("/api/v1/tasks?view=queue", headers=headers).get_json()["tasks"]
              if t["case_id"] == case_id]
    one = api.get(f"/api/v1/tasks/{listed[0]['id']}", headers=headers).get_json()
    of_case = api.get(f"/api/v1/cases/{case_id}", headers=headers).get_json()["tasks"]
    return [*listed, one, *of_case]


def test_the_api_names_the_step_as_the_pages_do_and_keeps_its_id_apart(
        app, unnamed_case, token_for, db):
    tasks = _api_tasks(app, token_for("pwb1"), unnamed_case.case_id)
    handle = [t for t in tasks if t["element_id"] == "handle"]
    assert len(handle) >= 3 and {t["name"] for t in handle} == {"未命名步驟"}
    with db.begin() as conn:   # a member of staff who reads English
        conn.execute(app_user.update().where(app_user.c.username == "pwb1").values(locale="en"))
    handle = [t for t in _api_tasks(app, token_for("pwb1"), unnamed_case.case_id)
              if t["element_id"] == "handle"]
    assert {t["name"] for t in handle} == {"Unnamed step"}


def test_the_api_gives_a_named_step_in_one_language(app, registered_case, token_for, db):
    tasks = _api_tasks(app, token_for("pwb1"), registered_case.case_id)
    assert {t["name"] for t in tasks if t["element_id"] == "handle"} == {"辦理並擬復"}
    with db.begin() as conn:
        conn.execute(app_user.update().where(app_user.c.username == "pwb1").values(locale="en"))
    tasks = _api_tasks(app, token_for("pwb1"), registered_case.case_id)
    assert {t["name"] for t in tasks if t["element_id"] == "handle"} == {
        "Handle and draft the reply"}


def test_a_bulk_run_names_the_step_as_the_pages_do(app, unnamed_case, rt, token_for):
    handle = ready_task(rt, unnamed_case.case_id, "handle")
    body = app.test_client().post(
        "/api/v1/tasks/bulk", headers=token_for("pwbboss"),
        json={"action": "reassign", "officer": "pwb2", "ids": [handle.id],
              "expected_assignees": {handle.id: "pwb9"}}).get_json()
    [result] = body["results"]
    assert result["status"] == "conflict"   # what the summary lists by its step's name
    assert (result["task"], result["element_id"]) == ("未命名步驟", "handle")
