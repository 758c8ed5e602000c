"""Starting any case from the web: /cases/new lists what the user may start
(by name, from the models' <civicflow:start>), /cases/new/<process> shows the
model's start form and starts the case(s) with a receipt."""
import re

import pytest
from sqlalchemy import select

from engine.data.schema import audit, case, petitioner, task
from webtest_support import deploy_library, login

COMPLAINT = {"request_type": "first_complaint", "category": "online_shopping",
             "consumer_name": "陳美玲", "consumer_contact": "0911222333",
             "business_name": "好買網", "claim_text": "商品未到貨且拒絕退款"}


@pytest.fixture
def library(app, rt, db):
    """The whole shipped library, and a consumer-centre clerk and a DOA officer."""
    deploy_library(rt, db, [("cpoclerk", "CPO", ["intake"]), ("doa1", "DOA", ["officer"])])
    return app


def page(client, url) -> str:
    resp = client.get(url)
    assert resp.status_code == 200, resp.status_code
    return resp.get_data(as_text=True)


def test_each_user_sees_what_they_may_start_by_name(library, client_for):
    cpo = page(login(library.test_client(), "cpoclerk"), "/cases/new")
    assert "消費爭議（諮詢、申訴、調解）" in cpo and "市政會議" not in cpo
    assert "consumer_complaint" not in cpo.replace('href="/cases/new/consumer_complaint"', "")
    doa = page(login(library.test_client(), "doa1"), "/cases/new")
    assert "市政會議決議列管" in doa and "檔案管理考評" in doa and "消費爭議" not in doa
    clerk = page(client_for("clerk"), "/cases/new")
    assert "陳情（臨櫃、電話、書面）" in clerk and "/intake/new" in clerk
    assert 'href="/cases/new">開案<' in clerk   # the navigation entry
    # Any officer reports a facility fault or asks for temporary staff (the department's services).
    officer = page(client_for("pwb1"), "/cases/new")
    assert "行政中心設施報修" in officer and "臨時人員進用審核" in officer and "市政會議" not in officer
    analyst = page(client_for("analyst"), "/cases/new")
    assert "您的角色不需要開案" in analyst and 'href="/cases/new">開案<' not in analyst


def test_a_process_the_user_may_not_start_is_refused(library, client_for):
    assert client_for("pwb1").get("/cases/new/council_resolution").status_code == 403
    assert client_for("pwb1").get("/cases/new/no_such_process").status_code == 404
    assert client_for("clerk").get("/cases/new/petition").headers["Location"].endswith("/intake/new")


def _options(html: str, field: str) -> dict[str, str]:
    select_ = html[html.index(f'<select id="f-{field}"'):]
    select_ = select_[:select_.index("</select>")]
    return {v: t.strip() for v, t in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select_)}


def test_the_petition_register_form_asks_where_by_the_districts_names(library, client_for):
    """行政區 asks where the matter is: 鼓山區, not the office 鼓山區公所 (the
    value stays the office's code D-GUSHAN, which the routing uses)."""
    clerk = client_for("clerk")
    places = _options(page(clerk, "/intake/new"), "district")
    assert places["D-GUSHAN"] == "鼓山區" and places["CITY"] == "全市" and len(places) == 40   # 38, 全市, — choose —
    assert not [t for t in places.values() if "區公所" in t]
    clerk.post("/lang/en")
    places = _options(page(clerk, "/intake/new"), "district")
    assert places["D-GUSHAN"] == "Gushan District" and places["D-NAMASIA"] == "Namasia District"
    assert not [t for t in places.values() if "Office" in t]


def test_consumer_counter_registers_a_complaint_with_a_status_password(library, db, rt):
    client = login(library.test_client(), "cpoclerk")
    form = page(client, "/cases/new/consumer_complaint")
    assert "申請類型" in form and "第一次申訴" in form and "intake" not in form.split("<main")[1]
    resp = client.post("/cases/new/consumer_complaint", data=COMPLAINT)
    assert resp.status_code == 302
    receipt = page(client, resp.headers["Location"])
    assert "receipt-password" in receipt and "登錄企業經營者處理結果" in receipt
    with db.connect() as conn:
        row = conn.execute(select(case)).one()
        person = conn.execute(select(petitioner)).one()
        done = conn.execute(select(task).where(task.c.element_id == "intake")).one()
        actions = conn.execute(select(audit.c.action, audit.c.actor)
                               .where(audit.c.case_id == row.id).order_by(audit.c.id)).all()
    assert row.number in receipt and row.title == "好買網 消費爭議"
    assert (person.name, person.phone) == ("陳美玲", "0911222333") and person.status_password_hash
    assert (done.state, done.completed_by) == ("completed", "cpoclerk")
    assert [tuple(a) for a in actions] == [("start", "cpoclerk"), ("complete", "cpoclerk")]


def test_errors_are_shown_beside_the_field_and_no_case_starts(library, db):
    client = login(library.test_client(), "cpoclerk")
    resp = client.post("/cases/new/consumer_complaint", data={**COMPLAINT, "claim_text": ""})
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    error = html.split('id="f-claim_text-err">')[1].split("<")[0]
    assert error and "required" not in error.lower()   # said in zh-TW
    with db.connect() as conn:
        assert conn.execute(select(case)).first() is None


def test_a_council_meeting_starts_one_tracked_case_per_resolution(library, db):
    client = login(library.test_client(), "doa1")
    form = page(client, "/cases/new/council_resolution")
    assert form.count("<legend>決議 ") == 3
    more = client.post("/cases/new/council_resolution", data={"rows": "3", "add_row": "1"})
    added = more.get_data(as_text=True)
    assert added.count("<legend>決議 ") == 4 and 'name="report_interval_days__4" value="30"' in added
    data = {"rows": "3", "meeting_number": "470", "meeting_date": "2026-02-24"}
    for row, (text, code) in enumerate((("夜市清潔", "EPB"), ("路燈汰換", "PWB"), ("觀光行銷", "TOUR")), 1):
        data.update({f"resolution_text__{row}": text, f"responsible_agency__{row}": code,
                     f"report_interval_days__{row}": "30"})
    resp = client.post("/cases/new/council_resolution", data=data)
    assert resp.status_code == 302, resp.get_data(as_text=True)[:2000]
    receipt = page(client, resp.headers["Location"])
    assert "已開 3 案" in receipt and receipt.count("填報執行進度") == 3
    assert "receipt-password" not in receipt
    with db.connect() as conn:
        rows = conn.execute(select(case.c.title, case.c.responsible_agency)
                            .order_by(case.c.id)).all()
    assert [r.title for r in rows] == ["第470次市政會議決議"] * 3


def test_a_council_row_with_an_error_names_its_row_and_starts_nothing(library, db):
    client = login(library.test_client(), "doa1")
    data = {"rows": "2", "meeting_number": "470", "meeting_date": "2026-02-24",
            "resolution_text__1": "夜市清潔", "responsible_agency__1": "EPB",
            "report_interval_days__1": "30", "resolution_text__2": "路燈汰換",
            "report_interval_days__2": "300"}
    resp = client.post("/cases/new/council_resolution", data=data)
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert 'id="f-responsible_agency__2-err"' in html and 'id="f-report_interval_days__2-err"' in html
    assert 'id="f-resolution_text__1-err"' not in html
    with db.connect() as conn:
        assert conn.execute(select(case)).first() is None


def test_records_office_plans_an_audit_round(library, db):
    client = login(library.test_client(), "doa1")
    resp = client.post("/cases/new/records_audit", data={
        "audit_year": "115", "audit_offices": ["D-GUSHAN", "D-SANMIN", "D-ZUOYING"],
        "visits_from": "2026-06-01", "visits_until": "2026-06-30", "panel": "王教授"})
    assert resp.status_code == 302
    receipt = page(client, resp.headers["Location"])
    assert "115年度區公所檔案管理考評" in receipt
    with db.connect() as conn:
        open_steps = conn.execute(select(task.c.element_id).where(task.c.state == "ready")).all()
    assert len(open_steps) == 3


def test_an_audit_round_offers_and_accepts_district_offices_only(library, db):
    client = login(library.test_client(), "doa1")
    form = page(client, "/cases/new/records_audit")
    assert "鼓山區公所" in form and "工務局" not in form
    resp = client.post("/cases/new/records_audit", data={
        "audit_year": "115", "audit_offices": ["D-GUSHAN", "PWB"], "panel": "王教授"})
    assert resp.status_code == 422 and 'id="f-audit_offices-err"' in resp.get_data(as_text=True)
    with db.connect() as conn:
        assert conn.execute(select(case)).first() is None


def test_english_viewers_read_the_english_names(library):
    client = login(library.test_client(), "doa1")
    client.post("/lang/en")
    html = page(client, "/cases/new")
    assert "Council meeting resolutions" in html and "Records-management audit" in html


def test_a_consultation_links_the_clerk_to_answering_it(library, db):
    client = login(library.test_client(), "cpoclerk")
    resp = client.post("/cases/new/consumer_complaint", data={**COMPLAINT, "request_type": "consultation"})
    receipt = page(client, resp.headers["Location"])
    with db.connect() as conn:
        answer = conn.execute(select(task.c.id).where(task.c.element_id == "answer_consultation")).scalar_one()
    assert f'href="/tasks/{answer}">答覆諮詢</a>' in receipt
