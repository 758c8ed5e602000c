"""What a task's form shows (webapp/views/inbox.py task_page; engine/models/
starting.py values, webapp/taskform.py reshown): on the first look the
model's default where the case recorded nothing (the petition's 救濟途徑教示
starts on 無, `default="none"`), and on a refused form exactly what was
posted; a field the post did not carry (hidden by its condition, so the
browser sent nothing) comes back as the first look showed it."""
from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select, update
from werkzeug.datastructures import MultiDict

from engine.data.schema import case
from engine.models.meta import Field
from webapp import taskform
from webtest_support import make_case, ready_task


def _selected(page: str, name: str) -> list[str]:
    """The options selected in the form's <select name=...> ('' is 「— 請選擇 —」)."""
    select_ = page.split(f'id="f-{name}"')[1].split("</select>")[0]
    return re.findall(r'<option value="([^"]*)" *selected', select_)


@pytest.fixture
def handle(app, rt, client_for):
    """(pwb1's client, the claimed 'handle' task's id, the case id)."""
    receipt = make_case(app, rt)
    task_id = ready_task(rt, receipt.case_id, "handle").id
    officer = client_for("pwb1")
    officer.post(f"/tasks/{task_id}/claim")
    return officer, task_id, receipt.case_id


def _refused(officer, task_id, **posted) -> str:
    resp = officer.post(f"/tasks/{task_id}/complete", data=posted)
    assert resp.status_code == 422
    return resp.get_data(as_text=True)


def test_the_first_look_shows_the_models_default(handle):
    officer, task_id, _ = handle
    page = officer.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert _selected(page, "remedy") == ["none"]
    assert _selected(page, "handling_action") == []   # no default: 「— 請選擇 —」


def test_a_blank_the_case_holds_does_not_hide_the_default(handle, db):
    """A model's script starting the variable as '' has recorded nothing."""
    officer, task_id, case_id = handle
    with db.begin() as conn:
        summary = json.loads(conn.execute(select(case.c.summary).where(case.c.id == case_id)).scalar())
        conn.execute(update(case).where(case.c.id == case_id)
                     .values(summary=json.dumps({**summary, "remedy": ""})))
    page = officer.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert _selected(page, "remedy") == ["none"]


@pytest.mark.parametrize("posted, shown", [("appeal", ["appeal"]), ("none", ["none"]), ("", [])])
def test_a_refused_form_shows_the_remedy_posted(handle, posted, shown):
    officer, task_id, _ = handle
    page = _refused(officer, task_id, handling_action="reply", reply_text="", legal_basis="",
                    remedy=posted)
    assert "請填寫" in page or "field-error" in page
    assert _selected(page, "remedy") == shown
    assert _selected(page, "handling_action") == ["reply"]


def test_a_remedy_hidden_when_the_form_was_refused_comes_back_as_first_shown(handle):
    """An extension asked for too many days: the remedy was hidden, so not sent."""
    officer, task_id, _ = handle
    page = _refused(officer, task_id, handling_action="extension", extension_reason="會勘",
                    extension_days="45")
    assert _selected(page, "handling_action") == ["extension"]
    assert _selected(page, "remedy") == ["none"]
    assert 'value="45"' in page


def test_reshown_keeps_the_post_and_fills_only_absent_one_value_fields():
    fields = [Field("remedy", "choice", default="none"), Field("note", "text"),
              Field("urgent", "boolean"), Field("agencies", "agencies")]
    first = {"remedy": "none", "note": "起始", "urgent": True, "agencies": ["PWB"]}
    shown = taskform.reshown(fields, MultiDict({"note": ""}), first)
    assert shown.get("remedy") == "none" and shown.get("note") == ""
    assert "urgent" not in shown and shown.getlist("agencies") == []   # left empty: the answer
