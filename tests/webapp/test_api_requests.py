"""What an API request costs the server besides its work: no browser session
(no cookie signed, refreshed or ended), one read connection shared by the token
check and the view's first reads and never left open, the registration form
checked against the agencies it names."""
import pytest
from webtest_support import ready_task, registration

from webapp.api import READS_AFTER_CHECK


def _checked_out(app) -> int:
    return app.extensions["civicflow.db"].pool.checkedout()


def test_api_answers_carry_no_session_cookie(app, token_for, registered_case, rt):
    api, officer = app.test_client(), token_for("pwb1")
    task = ready_task(rt, registered_case.case_id)
    for resp in (api.get("/api/v1/tasks", headers=officer),
                 api.get(f"/api/v1/tasks/{task.id}", headers=officer),
                 api.get("/api/v1/tasks", headers={"Authorization": "Bearer nope"}),
                 api.get("/open311/v2/services.json")):
        assert resp.headers.get("Set-Cookie") is None, resp.request.path
        assert "Cookie" not in resp.headers.get("Vary", "")
    # Pages still keep a permanent session whose expiry each request refreshes.
    page = app.test_client().get("/login")
    assert "session=" in page.headers.get("Set-Cookie", "")


def test_a_browser_session_cookie_is_left_alone_by_api_calls(app, client_for, token_for):
    browser = client_for("pwb1")
    resp = browser.get("/api/v1/tasks", headers=token_for("pwb1"))
    assert resp.status_code == 200 and resp.headers.get("Set-Cookie") is None
    assert browser.get("/inbox").status_code == 200   # still signed in


def test_user_who_must_change_password_still_uses_the_api(app, db, token_for):
    from sqlalchemy import update
    from engine.data.schema import app_user
    headers = token_for("pwb1")
    with db.begin() as conn:
        conn.execute(update(app_user).where(app_user.c.username == "pwb1")
                     .values(must_change_password=True))
    assert app.test_client().get("/api/v1/tasks", headers=headers).status_code == 200


def test_the_token_checks_connection_is_never_left_open(app, token_for, registered_case, rt):
    api, officer = app.test_client(), token_for("pwb1")
    task = ready_task(rt, registered_case.case_id)
    calls = [("GET", "/api/v1/tasks", None), ("GET", f"/api/v1/tasks/{task.id}", None),
             ("GET", "/api/v1/tasks/nope", None),                      # 404 in the view
             ("GET", f"/api/v1/cases/{registered_case.case_id}", None),
             ("GET", "/api/v1/processes", None),                       # not a sharing view
             ("POST", f"/api/v1/tasks/{task.id}/complete", {"data": []}),   # 400
             ("POST", f"/api/v1/tasks/{task.id}/claim", {}),
             ("POST", f"/api/v1/tasks/{task.id}/unclaim", {})]
    for method, path, body in calls:
        resp = api.open(path, method=method, json=body, headers=officer)
        assert resp.status_code < 500, (path, resp.get_json())
        assert _checked_out(app) == 0, path
    assert api.get("/api/v1/tasks", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert _checked_out(app) == 0


def test_a_read_shares_the_token_checks_connection(app, token_for, registered_case, rt):
    """GET a task: the check, the task, its case and form on one checkout
    (once the token's use is stamped: that write comes at most once a minute)."""
    from sqlalchemy import event
    task = ready_task(rt, registered_case.case_id)
    headers, checkouts = token_for("pwb1"), []
    app.test_client().get("/api/v1/tasks", headers=headers)   # its first use, stamped
    pool = app.extensions["civicflow.db"].pool
    listener = lambda *_a: checkouts.append(1)   # noqa: E731
    event.listen(pool, "checkout", listener)
    try:
        resp = app.test_client().get(f"/api/v1/tasks/{task.id}", headers=headers)
    finally:
        event.remove(pool, "checkout", listener)
    assert resp.status_code == 200 and resp.get_json()["form"]
    assert "api.get_task" in READS_AFTER_CHECK and len(checkouts) == 1


def test_a_completion_holds_no_read_beside_its_command(app, token_for, registered_case, rt,
                                                        monkeypatch):
    """The visibility check is the command's own (on the row it reads): the
    token check's connection is closed before the command starts."""
    task = ready_task(rt, registered_case.case_id)
    held, real = [], rt.complete
    monkeypatch.setattr(rt, "complete", lambda *a, **kw: held.append(_checked_out(app)) or real(*a, **kw))
    resp = app.test_client().post(f"/api/v1/tasks/{task.id}/complete", json={"data": {
        "handling_action": "reply", "reply_text": "已修復", "legal_basis": "x", "remedy": "none"}},
        headers=token_for("pwb1"))
    assert resp.status_code == 200 and held == [0]


def test_registration_reads_only_the_agencies_it_names(app, db):
    from engine.data.errors import InvalidData
    from engine.models.meta import Field
    from webapp import petitions
    fields = [Field("to", "agency", required=True), Field("copies", "agencies")]
    with app.app_context(), db.connect() as conn:
        clean = petitions.validate_registration(conn, fields, {"to": "PWB", "copies": "EPB,DOA"})
        assert clean["to"] == "PWB"
        with pytest.raises(InvalidData) as refused:
            petitions.validate_registration(conn, fields, {"to": "NOPE"})
        assert set(refused.value.errors) == {"to"}
        with pytest.raises(InvalidData):
            petitions.validate_registration(conn, fields, ["not", "an", "object"])


@pytest.mark.parametrize("process_field", ["district"])
def test_api_start_checks_the_registration_form(app, token_for, process_field):
    clerk, api = token_for("clerk"), app.test_client()
    bad = api.post("/api/v1/cases", headers=clerk, json={
        "process": "petition", "data": registration(**{process_field: 42})})
    assert bad.status_code == 422 and process_field in bad.get_json()["error"]["fields"]
    not_object = api.post("/api/v1/cases", headers=clerk,
                          json={"process": "petition", "data": ["a list"]})
    assert not_object.status_code == 422
    good = api.post("/api/v1/cases", headers=clerk,
                    json={"process": "petition", "data": registration()})
    assert good.status_code == 201, good.get_json()
    got = api.get(good.headers["Location"], headers=clerk).get_json()
    assert got["model_version"] == 1 and got["tasks"][0]["element_id"] == "register"
