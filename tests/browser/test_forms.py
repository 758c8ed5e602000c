"""Forms that keep what a person enters, in Chromium: a ticked box is stored
ticked (counter intake, read-back, an officer's task form), an unticked
read-back confirmation is refused beside the box, the handling
form shows only the fields of the chosen action, and an empty reply is
refused with the zh-TW error beside the field while the case stays open."""
import json
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from engine.cases.actors import Actor
from engine.cases.runtime import Engine
from engine.data.schema import audit, case, task

pytestmark = pytest.mark.browser
BPMN = Path(__file__).resolve().parents[2] / "bpmn"


def _case(db, **where):
    with db.connect() as conn:
        query = select(case)
        for column, value in where.items():
            query = query.where(getattr(case.c, column) == value)
        return conn.execute(query).one()


def _ready(db, case_id, element_id):
    with db.connect() as conn:
        return conn.execute(select(task.c.id).where(
            task.c.case_id == case_id, task.c.element_id == element_id,
            task.c.state == "ready")).scalar_one()


def _completed_form(db, case_id, element_id) -> dict:
    """What the completion stored, as its audit record keeps it."""
    with db.connect() as conn:
        details = conn.execute(select(audit.c.detail).where(
            audit.c.case_id == case_id, audit.c.action == "complete")).scalars()
        forms = [d["form"] for d in map(json.loads, details) if d.get("element") == element_id]
    assert forms, f"{element_id} was not completed"
    return forms[-1]


def _summary(db, case_id) -> dict:
    return json.loads(_case(db, id=case_id).summary)


def _clerk_registers_a_confidential_counter_petition(login, base, shot, accessible):
    page = login("clerk")
    page.goto(f"{base}/intake/new")
    page.fill("#received_at", "2026-03-02T08:45")
    page.select_option("#f-channel", "counter")
    page.fill("#f-subject", "住家旁工地夜間施工噪音")
    page.fill("#f-content", "三民區某工地每晚十一點後仍在施工，請求稽查，並請勿透露我的身分。")
    page.select_option("#f-category", "noise")
    page.select_option("#f-district", "D-SANMIN")
    page.check("#f-confidential")
    page.fill("#person_name", "林美華")
    page.fill("#person_phone", "0933444555")
    accessible(page)
    shot(page, "forms-01-counter-confidential")
    page.click("button:has-text('登記')")
    number = page.inner_text("#receipt-number").strip()
    accessible(page)
    return page, number


def _an_unticked_confirmation_is_refused_beside_the_box(page, db, case_id):
    """The task form is `novalidate` (every error is the server's, beside its
    field, in the viewer's language), so the box's `required` marks it for
    assistive technology and the server refuses it: 請確認後勾選此項。 beside
    the box, the record kept, the case still at the read-back."""
    page.click("button:has-text('完成')")
    error = page.locator("#f-read_back_confirmed-err")
    expect(error).to_have_text("請確認後勾選此項。")
    box = page.locator("#f-read_back_confirmed")
    expect(box).to_have_attribute("required", "")
    expect(box).to_have_attribute("aria-describedby", "f-read_back_confirmed-err")
    beside = page.locator(".field[data-field='read_back_confirmed']")
    expect(beside.locator("#f-read_back_confirmed-err")).to_be_visible()
    expect(page.locator("#f-read_back_text")).to_have_value("陳情人口述：三民區工地每晚十一點後施工。")
    assert _ready(db, case_id, "read_back")   # not sent on to the bureau


def _clerk_confirms_the_read_back(page, db, case_id, shot, accessible):
    page.click("button:has-text('宣讀紀錄')")   # opens the step claimed for her
    page.fill("#f-read_back_text", "陳情人口述：三民區工地每晚十一點後施工。")
    _an_unticked_confirmation_is_refused_beside_the_box(page, db, case_id)
    page.check("#f-read_back_confirmed")
    accessible(page)
    shot(page, "forms-02-read-back-confirmed")
    page.click("button:has-text('完成')")
    page.wait_for_url("**/inbox")
    assert _summary(db, case_id)["read_back_confirmed"] is True


def test_a_ticked_confidentiality_and_read_back_are_stored_ticked(login, live_server, db, shot,
                                                                  accessible):
    page, number = _clerk_registers_a_confidential_counter_petition(login, live_server, shot, accessible)
    row = _case(db, number=number)
    assert row.confidential is True
    _clerk_confirms_the_read_back(page, db, row.id, shot, accessible)


def _open_handle(login, base, db, case_id, officer):
    page = login(officer)
    page.goto(f"{base}/tasks/{_ready(db, case_id, 'handle')}")
    page.click("button:has-text('領取')")
    expect(page.locator("#f-handling_action")).to_be_visible()
    return page


def test_the_handling_form_shows_the_fields_of_the_chosen_action(login, live_server, db, shot,
                                                                 accessible):
    page, number = _clerk_registers_a_confidential_counter_petition(login, live_server, shot, accessible)
    row = _case(db, number=number)
    _clerk_confirms_the_read_back(page, db, row.id, shot, accessible)
    assert _case(db, id=row.id).responsible_agency == "EPB"   # noise: the environment bureau
    page = _open_handle(login, live_server, db, row.id, "epb1")
    reply, agency, reason = (page.locator(s) for s in ("#f-reply_text", "#f-competent_agency",
                                                      "#f-transfer_reason"))
    for hidden in (reply, agency, reason):
        expect(hidden).to_be_hidden()
    page.select_option("#f-handling_action", "transfer")
    expect(agency).to_be_visible()
    expect(reason).to_be_visible()
    expect(reply).to_be_hidden()
    accessible(page)
    shot(page, "forms-03-handle-transfer")
    page.select_option("#f-handling_action", "reply")
    expect(reply).to_be_visible()
    expect(page.locator("#f-legal_basis")).to_be_visible()
    expect(agency).to_be_hidden()
    expect(reason).to_be_hidden()
    page.fill("#f-legal_basis", "噪音管制法第9條")
    page.click("button:has-text('完成')")
    error = page.locator("#f-reply_text-err")
    expect(error).to_have_text("必填")
    expect(reply).to_be_visible()
    expect(reply).to_have_attribute("aria-invalid", "true")
    accessible(page)
    shot(page, "forms-04-empty-reply-refused")
    assert _case(db, id=row.id).status != "completed"
    assert _ready(db, row.id, "handle")


def test_an_officer_ticks_a_box_in_a_task_form_and_it_is_stored_ticked(login, live_server, db,
                                                                        clock, shot, accessible):
    engine = Engine(db, clock)
    engine.deploy({"council_resolution.bpmn": (BPMN / "council_resolution.bpmn").read_bytes()})
    case_id = engine.start_case("council_resolution", {"title": "第470次市政會議決議"},
                                received_at=clock.now())["id"]
    engine.complete(_ready(db, case_id, "record_resolution"), Actor("doa", "DOA", frozenset({"officer"})),
                    {"meeting_number": 470, "meeting_date": "2026-02-24",
                     "resolution_text": "加強路燈巡查", "responsible_agency": "PWB",
                     "report_interval_days": 30})
    page = login("pwb1")
    page.goto(f"{live_server}/tasks/{_ready(db, case_id, 'progress_report')}")
    page.click("button:has-text('領取')")
    page.fill("#f-progress_text", "已完成全市路燈巡查。")
    page.fill("#f-percent_complete", "100")
    page.check("#f-propose_release-true")   # a decision: 建議解除列管 / 建議繼續列管
    accessible(page)
    shot(page, "forms-05-officer-ticks-release")
    page.click("button:has-text('完成')")
    page.wait_for_url("**/inbox")
    assert _completed_form(db, case_id, "progress_report")["propose_release"] is True


def test_the_script_follows_a_start_forms_rows_and_chained_conditions(browser, db_url):
    """The same rule as the engine, on fields rendered by the macro: a row's
    field follows its own row's box; a field whose controlling field is hidden
    is hidden too; a hidden required field is neither required nor sent."""
    from webapp import create_app
    from engine.models.meta import Field
    app = create_app({"TESTING": True, "DATABASE_URL": db_url})
    kind = Field("kind", "choice", choices=[["a", "甲", "A"], ["b", "乙", "B"]])
    fields = [kind, Field("detail", "text", required=True, when="kind=a"),
              Field("urgent", "boolean", when="kind=a"), Field("why", "text", when="urgent=true"),
              Field("prior__1", "boolean"), Field("number__1", "text", when="prior=true"),
              Field("prior__2", "boolean"), Field("number__2", "text", when="prior=true")]
    with app.test_request_context():
        macro = app.jinja_env.get_template("macros/fields.html").module.render_field
        html = "".join(str(macro(f, {}, {}, [])) for f in fields)
    page = browser.new_page()
    page.set_content(f"<form>{html}</form>")
    page.add_script_tag(path=str(Path(__file__).resolve().parents[2] / "webapp/static/js/conditional-fields.js"))
    for name in ("detail", "urgent", "why", "number__1", "number__2"):
        expect(page.locator(f"#f-{name}")).to_be_hidden()
    page.select_option("#f-kind", "a")
    expect(page.locator("#f-detail")).to_be_visible()
    expect(page.locator("#f-detail")).to_have_attribute("required", "")
    page.check("#f-urgent")
    expect(page.locator("#f-why")).to_be_visible()
    page.select_option("#f-kind", "b")   # urgent hides, and with it why
    expect(page.locator("#f-why")).to_be_hidden()
    assert page.locator("#f-detail").evaluate("el => el.disabled && !el.required")
    page.check("#f-prior__2")
    expect(page.locator("#f-number__2")).to_be_visible()
    expect(page.locator("#f-number__1")).to_be_hidden()


def test_a_citizen_asking_for_confidentiality_on_the_public_form_is_kept_confidential(
        browser, live_server, db, shot, accessible):
    page = browser.new_page(viewport={"width": 1000, "height": 900}, locale="zh-TW")
    page.goto(f"{live_server}/public/petition")
    page.fill("#f-subject", "鄰居違建占用防火巷")
    page.fill("#f-content", "鼓山區某巷防火巷遭違建占用，請查處，並請對我的身分保密。")
    page.select_option("#f-category", "illegal_building")
    page.select_option("#f-district", "D-GUSHAN")
    page.check("#f-confidential")
    page.fill("#name", "陳先生")
    page.fill("#email", "chen@example.tw")
    page.check("#consent")
    accessible(page)
    shot(page, "forms-06-public-confidential")
    page.click("button:has-text('送出')")
    number = page.inner_text("#receipt-number").strip()
    accessible(page)
    assert _case(db, number=number).confidential is True
