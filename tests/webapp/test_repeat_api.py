"""The REST API refuses a repeat petition that cites a case it may not: 422
with the error on `earlier_case` (APA Art. 173; engine/cases/links.py)."""
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
