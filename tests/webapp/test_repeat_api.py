"""The REST API refuses a repeat petition that cites a case it may not: 422
with the error on `earlier_case` (APA Art. 173; engine/cases/links.py), or
an earlier reply dated before that case was received or after today: 422
with the code on `earlier_reply_date`."""
import pytest
from webtest_support import CLERK, make_case, ready_task

from webapp import users


@pytest.fixture
def clerk_token(app, db):
    with db.begin() as conn:
        return {"Authorization": f"Bearer {users.create_token(conn, CLERK.username)}"}


def test_citing_an_unknown_case_is_422_naming_the_field(app, rt, clerk_token):
    repeat = make_case(app, rt, art173_ground="repeat")
    task = ready_task(rt, repeat.case_id, "close_repeat")
    api = app.test_client()
    assert api.post(f"/api/v1/tasks/{task.id}/claim", headers=clerk_token).status_code == 200
    resp = api.post(f"/api/v1/tasks/{task.id}/complete", headers=clerk_token, json={"data": {
        "earlier_case": "115-999999", "earlier_reply_date": "2026-03-01",
        "earlier_reply_number": "高市工務字第1150000001號"}})
    assert resp.status_code == 422
    assert resp.get_json()["error"]["fields"] == {
        "earlier_case": "no case 115-999999 that you may see"}
    assert ready_task(rt, repeat.case_id, "close_repeat").id == task.id   # nothing was kept


@pytest.mark.parametrize("reply_date,code,params", [
    ("2026-03-01", "reply_before_receipt", {"received": "2026-03-02"}),   # before its receipt
    ("2026-03-03", "date_too_late", {"max": "2026-03-02"}),                # after today
])
def test_an_impossible_reply_date_is_422_with_its_code(app, rt, clerk_token, reply_date, code, params):
    from webtest_support import REPLY
    from engine.cases.actors import Actor
    earlier = make_case(app, rt)
    handle = ready_task(rt, earlier.case_id, "handle")
    officer = Actor("pwb1", "PWB", frozenset({"officer"}))
    rt.claim(handle.id, officer)
    rt.complete(handle.id, officer, REPLY)
    repeat = make_case(app, rt, art173_ground="repeat")
    task = ready_task(rt, repeat.case_id, "close_repeat")
    api = app.test_client()
    api.post(f"/api/v1/tasks/{task.id}/claim", headers=clerk_token)
    resp = api.post(f"/api/v1/tasks/{task.id}/complete", headers=clerk_token, json={"data": {
        "earlier_case": earlier.number, "earlier_reply_date": reply_date,
        "earlier_reply_number": "高市工務字第1150000001號"}})
    assert resp.status_code == 422
    assert resp.get_json()["error"]["codes"] == {"earlier_reply_date": {"code": code, "params": params}}
    assert ready_task(rt, repeat.case_id, "close_repeat").id == task.id
