"""/admin/calendar: the year's days off and make-up days in ROC dates, the
overrides; a closure moves the open deadlines it falls in and says how many."""
from __future__ import annotations


from sqlalchemy import select

from engine.data.schema import calendar_override
from engine.time.calendar import TAIPEI
from engine.time.deadlines import as_utc
from webapp.cli import cli
from webtest_support import ready_task


def _due_day(rt, case_id):
    return as_utc(ready_task(rt, case_id, "handle").due_at).astimezone(TAIPEI).date()


def test_the_year_in_roc_dates_with_holidays_and_make_up_days(client_for):
    html = client_for("admin").get("/admin/calendar?year=2025").get_data(as_text=True)
    assert "民國114年1月28日" in html          # Lunar New Year's Eve off
    assert "民國114年2月8日" in html and "補班" in html   # a make-up Saturday
    assert "工作日曆" in html and "Offices closed" not in html


def test_a_closure_on_the_due_day_moves_it_and_says_so(app, client_for, rt, registered_case):
    due = _due_day(rt, registered_case.case_id)
    client = client_for("admin")
    resp = client.post("/admin/calendar", data={"day": due.isoformat(), "kind": "holiday",
                                                "reason": "凱米颱風停止上班"}, follow_redirects=True)
    html = resp.get_data(as_text=True)
    assert "已登錄到日曆：1 件待辦期限已調整" in html
    assert "凱米颱風停止上班" in html
    assert _due_day(rt, registered_case.case_id) > due
    resp = client.post(f"/admin/calendar/{due.isoformat()}/remove", follow_redirects=True)
    assert "已移除" in resp.get_data(as_text=True)
    assert _due_day(rt, registered_case.case_id) == due


def test_a_day_already_off_is_refused_beside_the_field(client_for, db):
    resp = client_for("admin").post("/admin/calendar", data={
        "day": "2025-01-28", "kind": "holiday", "reason": "颱風"})
    assert resp.status_code == 422
    assert "這一天已經放假" in resp.get_data(as_text=True)
    with db.connect() as conn:
        assert conn.execute(select(calendar_override)).first() is None


def test_the_cli_moves_deadlines_too(app, rt, registered_case):
    due = _due_day(rt, registered_case.case_id)
    out = app.test_cli_runner().invoke(cli, args=["calendar", "add", due.isoformat(),
                                             "--kind", "holiday", "--reason", "颱風停班"])
    assert out.exit_code == 0, out.output
    assert "1 open deadlines moved" in out.output
    assert _due_day(rt, registered_case.case_id) > due
