"""POST /api/v1/tasks/bulk and /api/v1/cases/bulk: one result per item, bad
payloads named by field in the user's language, officers refused."""
import pytest
from sqlalchemy import select, update
from webtest_support import held_by, ready_task

from engine.cases.actors import Actor
from engine.data.schema import app_user, case, outbox
from webapp import users

PWB1 = Actor("pwb1", "PWB", frozenset({"officer"}))


@pytest.fixture
def api(app, db):
    def call(username, path, body, **headers):
        with db.begin() as conn:
            token = users.create_token(conn, username)
        return app.test_client().post(f"/api/v1{path}", json=body,
                                      headers={"Authorization": f"Bearer {token}", **headers})
    return call


def test_reassign_by_ids_answers_one_result_per_item(app, rt, api):
    cases = held_by(app, rt, 2)
    ids = [t.id for _, t in cases] + ["nope"]
    resp = api("pwbboss", "/tasks/bulk", {"action": "reassign", "officer": "pwb2", "ids": ids,
                                          "expected_assignees": {cases[1][1].id: "pwb2"}})
    body = resp.get_json()
    assert resp.status_code == 200
    assert (body["done"], body["conflicts"], body["refused"]) == (1, 1, 1)
    assert [r["status"] for r in body["results"]] == ["ok", "conflict", "refused"]
    assert body["results"][1]["case_number"] == cases[1][0].number
    assert body["results"][1]["message"].startswith("已由他人處理")
    assert body["results"][2]["code"] == "not_found"
    assert ready_task(rt, cases[0][0].case_id).assignee == "pwb2"


def test_return_by_filter(app, rt, api):
    cases = held_by(app, rt, 3)
    body = api("pwbboss", "/tasks/bulk", {"action": "return", "filter": {"assignee": "pwb1"}}).get_json()
    assert body["done"] == 3
    assert {ready_task(rt, r.case_id).assignee for r, _ in cases} == {None}
    again = api("pwbboss", "/tasks/bulk", {"action": "return", "filter": {"assignee": "pwb1"}})
    assert again.status_code == 200 and again.get_json()["results"] == []


@pytest.mark.parametrize("body, field", [
    ({"action": "transfer", "agency": "EPB", "ids": ["x"]}, "reason"),
    ({"action": "reassign", "ids": ["x"]}, "officer"),
    ({"action": "explode", "ids": ["x"]}, "action"),
    ({"action": "return", "ids": "x"}, "ids"),
    ({"action": "return", "ids": [1, 2]}, "ids"),
    ({"action": "return"}, "filter"),
    ({"action": "return", "filter": {"colour": "red"}}, "filter.colour"),
    ({"action": "return", "filter": {"q": ["a"]}}, "filter.q"),
    ({"action": "return", "ids": [], "filter": {}}, "filter"),
    ({"action": "return", "ids": []}, "ids"),
    ({"action": 5, "ids": ["x"]}, "action"),
])
def test_bad_payloads_name_the_field_in_zh_tw(app, api, body, field):
    resp = api("pwbboss", "/tasks/bulk", body)
    assert resp.status_code == 422
    error = resp.get_json()["error"]
    assert field in error["fields"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["fields"][field])


def test_an_english_user_reads_english_and_a_non_object_is_400(app, db, api):
    with db.begin() as conn:
        conn.execute(update(app_user).where(app_user.c.username == "pwbboss").values(locale="en"))
    error = api("pwbboss", "/tasks/bulk", {"action": "transfer", "agency": "EPB", "ids": ["x"]}
                ).get_json()["error"]
    assert error["fields"]["reason"] == "Write the reason; the petitioner reads it."
    assert api("pwbboss", "/tasks/bulk", ["x"]).status_code == 400


def test_officers_are_refused_and_only_admins_cancel(app, rt, api):
    [(receipt, t)] = held_by(app, rt, 1)
    assert api("pwb1", "/tasks/bulk", {"action": "return", "ids": [t.id]}).status_code == 403
    assert api("pwbboss", "/cases/bulk", {"action": "cancel", "reason": "測試",
                                          "ids": [receipt.case_id]}).status_code == 403
    assert ready_task(rt, receipt.case_id).assignee == "pwb1"


def test_admin_cancels_cases_by_number_and_id(app, rt, api, db):
    [(first, _), (second, _)] = held_by(app, rt, 2)
    resp = api("admin", "/cases/bulk", {"action": "cancel", "reason": "測試案件，請忽略",
                                        "ids": [first.number, second.case_id, "115-999999", 2**40]})
    body = resp.get_json()
    assert [r["status"] for r in body["results"]] == ["ok", "ok", "refused", "refused"]
    with db.connect() as conn:
        assert set(conn.execute(select(case.c.status)).scalars()) == {"cancelled"}
        assert conn.execute(select(outbox.c.recipient).where(outbox.c.kind == "cancellation")
                            ).scalars().all() == ["ming@example.tw"] * 2
    again = api("admin", "/cases/bulk", {"action": "cancel", "reason": "再一次", "filter": {"process": "petition"}})
    assert again.get_json()["results"] == []
    missing = api("admin", "/cases/bulk", {"action": "cancel", "ids": [first.case_id]})
    assert missing.status_code == 422 and "reason" in missing.get_json()["error"]["fields"]
