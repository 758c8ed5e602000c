"""Starting cases other than petitions, in Chromium, as the people who do it:
the consumer service centre registers a first complaint (which then goes on
to mediation), the council secretariat registers a meeting with three
resolutions, the records office plans an audit round for three offices."""
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.cases.actors import Actor
from engine.cases.runtime import Engine
from engine.data.schema import case, task
from webapp import users
from webtest_support import PASSWORD

pytestmark = pytest.mark.browser
BPMN = Path(__file__).resolve().parents[2] / "bpmn"


@pytest.fixture
def library(live_server, db, clock):
    """The whole shipped library deployed, a consumer-centre clerk and a DOA officer."""
    rt = Engine(db, clock)
    rt.deploy({p.name: p.read_bytes() for p in BPMN.iterdir() if p.suffix in (".bpmn", ".dmn")})
    with db.begin() as conn:
        users.add_user(conn, "cpoclerk", "CPO", ["intake"], PASSWORD)
        users.add_user(conn, "doa1", "DOA", ["officer"], PASSWORD)
    return rt


def _open_start_form(page, choice, accessible, shot, name):
    page.click("nav a:has-text('開案')")
    assert "開新案件" in page.inner_text("h1")
    accessible(page)
    shot(page, f"start-{name}-1-choices")
    page.click(f".start-choices a:has-text('{choice}')")
    assert choice in page.inner_text("h1")
    accessible(page)


def _work(rt, db, case_id, element, **form):
    """A later step done by the person it belongs to, through the engine."""
    with db.connect() as conn:
        row = conn.execute(select(task).where(task.c.case_id == case_id, task.c.element_id == element,
                                              task.c.state == "ready")).one()
    who = Actor(f"{row.candidate_agency}.{row.candidate_role}".lower(), row.candidate_agency,
                frozenset({row.candidate_role}))
    rt.complete(row.id, who, form)


def test_consumer_counter_registers_a_first_complaint_that_goes_to_mediation(
        library, login, db, accessible, shot):
    page = login("cpoclerk")
    _open_start_form(page, "消費爭議", accessible, shot, "consumer")
    page.select_option("#f-request_type", "first_complaint")
    page.select_option("#f-category", "online_shopping")
    page.fill("#f-consumer_name", "陳美玲")
    page.fill("#f-consumer_contact", "0911222333")
    page.fill("#f-business_name", "好買網")
    shot(page, "start-consumer-2-form")
    page.click("button:has-text('送出開案')")
    assert page.inner_text("#f-claim_text-err").strip() == "必填"   # beside the field, in zh-TW
    accessible(page)
    shot(page, "start-consumer-3-error")
    page.fill("#f-claim_text", "網購商品付款後未到貨，業者拒絕退款。")
    page.click("button:has-text('送出開案')")
    assert "已開案" in page.inner_text("h1")
    number = page.inner_text("#receipt-number").strip()
    assert page.inner_text("#receipt-password").strip()
    assert "登錄企業經營者處理結果" in page.inner_text("table.started")
    accessible(page)
    shot(page, "start-consumer-4-receipt")
    with db.connect() as conn:
        case_id = conn.execute(select(case.c.id).where(case.c.number == number)).scalar_one()
    _work(library, db, case_id, "business_response", business_reply="業者稱已出貨", properly_handled=False)
    _work(library, db, case_id, "consumer_next", files_second_complaint=True)
    _work(library, db, case_id, "second_complaint", cpo_findings="協調未果", second_outcome="unresolved")
    _work(library, db, case_id, "mediation_offer", applies_mediation=True)
    page.click(f"a:has-text('{number}')")
    assert "調解會議" in page.content()
    accessible(page)
    shot(page, "start-consumer-5-case-in-mediation")


def test_council_secretariat_registers_a_meeting_with_three_resolutions(
        library, login, accessible, shot):
    page = login("doa1")
    _open_start_form(page, "市政會議決議列管", accessible, shot, "council")
    page.fill("#f-meeting_number", "470")
    page.fill("#f-meeting_date", "2026-02-24")
    resolutions = (("加強夜市周邊環境清潔", "EPB"), ("汰換老舊路燈", "PWB"), ("推動冬季觀光行銷", "TOUR"))
    for row, (text, code) in enumerate(resolutions, start=1):
        page.fill(f"#f-resolution_text__{row}", text)
        page.select_option(f"#f-responsible_agency__{row}", code)
    shot(page, "start-council-2-form")
    page.click("button:has-text('送出開案')")
    assert "已開 3 案" in page.inner_text("h1")
    table = page.inner_text("table.started")
    assert table.count("填報執行進度") == 3 and table.count("第470次市政會議決議") == 3
    assert "環境保護局" in table and "工務局" in table and "觀光局" in table
    accessible(page)
    shot(page, "start-council-3-receipt")


def test_records_office_plans_an_audit_round_for_three_offices(library, login, accessible, shot):
    page = login("doa1")
    _open_start_form(page, "檔案管理考評", accessible, shot, "audit")
    offered = page.inner_text("#f-audit_offices")
    assert "鼓山區公所" in offered and "工務局" not in offered   # district offices only
    page.fill("#f-audit_year", "115")
    page.select_option("#f-audit_offices", ["D-GUSHAN", "D-SANMIN", "D-ZUOYING"])
    page.fill("#f-visits_from", "2026-06-01")
    page.fill("#f-visits_until", "2026-06-30")
    page.fill("#f-panel", "王教授（檔案學）、李主任（金質獎得主）")
    shot(page, "start-audit-2-form")
    page.click("button:has-text('送出開案')")
    assert "已開案" in page.inner_text("h1")
    table = page.inner_text("table.started")
    assert "115年度區公所檔案管理考評" in table and "排定實地考評（3）" in table
    accessible(page)
    shot(page, "start-audit-3-receipt")


def test_the_start_form_reads_in_english_on_a_phone(library, login, accessible, shot):
    page = login("doa1", locale="en", width=390)
    page.goto(page.url.replace("/inbox", "/cases/new"))
    if "Start a new case" not in page.inner_text("h1"):   # the account's language is zh-TW
        page.click("button:has-text('English')")
    page.click(".start-choices a:has-text('Council meeting resolutions')")
    text = page.inner_text("main")
    assert "Meeting number" in text and "Resolution 1" in text and "Add another resolution" in text
    assert "決議" not in text
    accessible(page)
    shot(page, "start-council-english-phone")
