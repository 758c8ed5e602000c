"""A district closure (停班) changed after the fact, on the admin pages and the
CLI: closing more districts extends the day's closure, one district can be
reopened, and moving an agency to another district says how many of its
deadlines moved."""
from __future__ import annotations

from sqlalchemy import select

from engine.data.schema import audit, calendar_override
from engine.time.calendar import TAIPEI
from engine.time.deadlines import as_utc
from webapp.cli import cli
from webtest_support import ready_task

PWB = {"name_zh": "工務局", "name_en": "Public Works Bureau", "kind": "bureau",
       "parent_code": "KCG", "email": ""}


def _due_day(rt, case_id):
    return as_utc(ready_task(rt, case_id, "handle").due_at).astimezone(TAIPEI).date()


def _closure(day, *districts):
    return {"day": day.isoformat(), "kind": "holiday", "reason": "凱米颱風停止上班",
            "districts": list(districts)}


def _closed(db):
    with db.connect() as conn:
        return conn.execute(select(calendar_override.c.districts)).scalar()


def test_closing_more_districts_extends_the_closure_then_one_reopens(
        client_for, db, rt, registered_case):
    client, due = client_for("admin"), _due_day(rt, registered_case.case_id)
    client.post("/admin/calendar", data=_closure(due, "QISHAN"))
    html = client.post("/admin/calendar", data=_closure(due, "LINGYA"),
                       follow_redirects=True).get_data(as_text=True)
    assert "停班範圍已擴大，目前停班的行政區：苓雅區、旗山區；1 件待辦期限已調整。" in html
    assert _closed(db) == "LINGYA,QISHAN" and _due_day(rt, registered_case.case_id) > due
    assert "僅取消苓雅區停班" in html and "僅取消旗山區停班" in html
    resp = client.post(f"/admin/calendar/{due.isoformat()}/remove", data={"district": "LINGYA"},
                       follow_redirects=True)
    assert "苓雅區當天取消停班（旗山區仍停班）：1 件待辦期限已調整。" in resp.get_data(as_text=True)
    assert _closed(db) == "QISHAN"
    assert _due_day(rt, registered_case.case_id) == due
    assert client.post(f"/admin/calendar/{due.isoformat()}/remove",
                       data={"district": "LINGYA"}).status_code == 404


def test_moving_an_agency_into_a_closed_district_says_how_many_moved(
        client_for, db, rt, registered_case):
    client, due = client_for("admin"), _due_day(rt, registered_case.case_id)
    client.post("/admin/calendar", data=_closure(due, "FENGSHAN"))
    assert _due_day(rt, registered_case.case_id) == due          # PWB sits in 苓雅區
    html = client.post("/admin/agencies/PWB", data=dict(PWB, district="FENGSHAN"),
                       follow_redirects=True).get_data(as_text=True)
    assert "已儲存機關 工務局。因原行政區或新行政區停班而調整的待辦期限：1 件。" in html
    assert _due_day(rt, registered_case.case_id) > due
    with db.connect() as conn:
        actions = [r.action for r in conn.execute(select(audit.c.action))]
    assert "agency_changed" in actions and "agency_district_moved" in actions
    html = client.post("/admin/agencies/PWB", data=dict(PWB, district="FENGSHAN", email="x@y.tw"),
                       follow_redirects=True).get_data(as_text=True)
    assert "已儲存機關 工務局。" in html and "停班而調整" not in html    # the district did not change


def test_the_cli_extends_a_closure_and_reopens_one_district(app, db, rt, registered_case):
    run, due = app.test_cli_runner().invoke, _due_day(rt, registered_case.case_id)
    assert run(cli, ["calendar", "add", due.isoformat(), "--closed", "--district", "NANZI"]
               ).exit_code == 0
    out = run(cli, ["calendar", "add", due.isoformat(), "--closed", "--district", "苓雅"])
    assert out.exit_code == 0 and "(LINGYA,NANZI)" in out.output and "PWB: 1" in out.output
    out = run(cli, ["calendar", "remove", due.isoformat(), "--district", "苓雅區"])
    assert out.exit_code == 0, out.output
    assert "LINGYA reopened" in out.output and "still closed in NANZI" in out.output
    assert "(1 open deadlines moved)" in out.output and _closed(db) == "NANZI"
    bad = run(cli, ["calendar", "remove", due.isoformat(), "--district", "QISHAN"])
    assert bad.exit_code != 0 and "no closure in QISHAN" in bad.output
