"""/admin/calendar: a typhoon closure (停班) for named districts moves only the
deadlines of the agencies sitting there, lists its districts, and says which
deadlines moved (case number, task, agency, old and new ROC date). The agency
form says where an agency sits; the CLI takes districts by name or code."""
from __future__ import annotations

import re

from sqlalchemy import select

from engine.data.schema import agency, calendar_override
from engine.time.calendar import TAIPEI
from engine.time.deadlines import as_utc
from webapp.cli import cli
from webtest_support import ready_task


def _due_day(rt, case_id):
    return as_utc(ready_task(rt, case_id, "handle").due_at).astimezone(TAIPEI).date()


def _roc(day):
    return f"民國{day.year - 1911}年{day.month}月{day.day}日"


def _closure(day, *districts):
    return {"day": day.isoformat(), "kind": "holiday", "reason": "凱米颱風停止上班",
            "districts": list(districts)}


def test_the_form_offers_the_38_districts_by_name(client_for):
    html = client_for("admin").get("/admin/calendar?year=2026").get_data(as_text=True)
    assert html.count('name="districts"') == 38
    assert "苓雅區" in html and "那瑪夏區" in html and "停止上班的地區" in html
    assert 'value="LINGYA"' in html and ">LINGYA<" not in html


def test_a_closure_of_the_agencys_districts_moves_it_and_says_which(
        client_for, rt, registered_case):
    due = _due_day(rt, registered_case.case_id)          # PWB's handle; PWB sits in 苓雅區
    resp = client_for("admin").post("/admin/calendar", data=_closure(due, "LINGYA", "FENGSHAN"),
                                    follow_redirects=True)
    html = resp.get_data(as_text=True)
    assert "已登錄到日曆：1 件待辦期限已調整" in html
    moved = html[html.index('id="moved"'):html.index("</table>", html.index('id="moved"'))]
    assert registered_case.number in moved and "辦理並擬復" in moved and "工務局" in moved
    new_due = _due_day(rt, registered_case.case_id)
    assert new_due > due and _roc(due) in moved and _roc(new_due) in moved
    assert "handle" not in moved.replace('href="', "")      # never an element id
    listed = html[html.index('id="overrides"'):]
    assert "鳳山區、苓雅區" in listed or "苓雅區、鳳山區" in listed
    assert "工務局：1 件" in html


def test_a_closure_elsewhere_moves_nothing(client_for, rt, registered_case):
    due = _due_day(rt, registered_case.case_id)
    html = client_for("admin").post("/admin/calendar", data=_closure(due, "QISHAN"),
                                    follow_redirects=True).get_data(as_text=True)
    assert "已登錄到日曆：0 件待辦期限已調整" in html and "旗山區" in html
    assert _due_day(rt, registered_case.case_id) == due


def test_a_district_that_is_not_kaohsiungs_is_refused_beside_the_field(client_for, db):
    resp = client_for("admin").post("/admin/calendar", data=_closure(
        __import__("datetime").date(2026, 3, 10), "LINGYA", "XINYI"))
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert re.search(r'<fieldset id="districts"[^>]*aria-describedby="districts-err', html)
    assert '<p class="field-error" id="districts-err">請從清單中勾選行政區。</p>' in html
    with db.connect() as conn:
        assert conn.execute(select(calendar_override)).first() is None


def test_an_extra_working_day_for_districts_is_refused(client_for, db):
    resp = client_for("admin").post("/admin/calendar", data={
        "day": "2026-03-07", "kind": "workday", "reason": "補行上班", "districts": ["LINGYA"]})
    assert resp.status_code == 422
    assert "補行上班適用全市：請勿勾選行政區。" in resp.get_data(as_text=True)
    with db.connect() as conn:
        assert conn.execute(select(calendar_override)).first() is None


def test_the_agency_form_says_where_it_sits(client_for, db):
    client = client_for("admin")
    html = client.get("/admin/agencies/PWB").get_data(as_text=True)
    assert "所在行政區" in html and '<option selected value="LINGYA">苓雅區</option>' in html
    data = {"name_zh": "工務局", "name_en": "Public Works Bureau", "kind": "bureau",
            "parent_code": "KCG", "email": "", "district": "TAIPEI"}
    resp = client.post("/admin/agencies/PWB", data=data)
    assert resp.status_code == 422 and "請從清單中選擇行政區。" in resp.get_data(as_text=True)
    assert client.post("/admin/agencies/PWB", data=dict(data, district="FENGSHAN")).status_code == 302
    with db.connect() as conn:
        assert conn.execute(select(agency.c.district).where(agency.c.code == "PWB")).scalar() == "FENGSHAN"
    assert "鳳山區" in client.get("/admin/agencies").get_data(as_text=True)


def test_the_cli_closes_districts_by_name_or_code(app, rt, registered_case):
    due = _due_day(rt, registered_case.case_id)
    out = app.test_cli_runner().invoke(cli, args=[
        "calendar", "add", due.isoformat(), "--closed", "--district", "苓雅區",
        "--district", "FENGSHAN", "--reason", "颱風停班"])
    assert out.exit_code == 0, out.output
    assert "(FENGSHAN,LINGYA)" in out.output and "1 open deadlines moved" in out.output
    assert "PWB: 1" in out.output
    assert _due_day(rt, registered_case.case_id) > due
    bad = app.test_cli_runner().invoke(cli, args=[
        "calendar", "add", due.isoformat(), "--closed", "--district", "信義區"])
    assert bad.exit_code != 0 and "not a Kaohsiung district" in bad.output
