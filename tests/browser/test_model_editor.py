"""The analyst edits the petition model in Chromium: a new deadline is
deployed and reaches new cases only; an invalid edit is pinned on its element."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from engine.time.clock import TAIPEI
from engine.cases.runtime import Engine
from engine.data.schema import process_definition, task

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


def register_due(db, case_id):
    with db.connect() as conn:
        due = conn.execute(select(task.c.due_at).where(
            task.c.case_id == case_id, task.c.element_id == "register")).scalar_one()
    return due.astimezone(TAIPEI)


def versions(db):
    with db.connect() as conn:
        return conn.execute(select(func.count()).where(process_definition.c.key == "petition")).scalar()


def open_editor(login, live_server):
    page = login("analyst", width=1500)
    page.click("nav >> text=流程模型")
    page.wait_for_url(f"{live_server}/models/")
    page.click('a[href="/models/petition/edit"]')
    page.wait_for_selector('#canvases [data-element-id="register"]')
    return page


def select_element(page, element_id):
    page.click(f'#canvases [data-element-id="{element_id}"]')
    page.wait_for_selector(f'#cf-panel .cf-id:text-is("{element_id}")')


def set_field(page, selector, value):
    page.fill(selector, value)
    page.press(selector, "Tab")  # the panel commits on change


def test_a_new_deadline_reaches_new_cases_only(login, live_server, db, clock, shot):
    engine = Engine(db, clock)
    before = engine.start_case("petition")
    page = open_editor(login, live_server)
    select_element(page, "register")
    assert page.input_value("#cf-task-due") == "working_days(1)"
    set_field(page, "#cf-task-due", "working_days(3)")
    page.click("#btn-save")
    page.wait_for_selector("#editor-status.ok")
    expect(page.locator("#problem-list li")).to_have_count(0)
    shot(page, "model-editor-panel")
    page.reload()   # the analyst comes back to the saved draft
    page.wait_for_selector('#canvases [data-element-id="register"]')
    assert "草稿以第 1 版為基礎" in page.text_content(".editor-head")
    page.fill("#deploy-comment", "登記期限改為3個工作天")
    page.click("#btn-deploy")
    page.wait_for_selector("#deployed-version:text-is('第 2 版')")
    assert "2" in page.text_content("#editor-status")
    head = page.text_content(".editor-head")   # the deploy removed the draft
    assert "草稿以第 1 版為基礎" not in head, head
    assert "草稿已儲存" not in page.text_content(".problems-box"), page.text_content(".problems-box")
    after = engine.start_case("petition")
    assert register_due(db, before["id"]) == datetime(2026, 3, 3, 23, 59, 59, tzinfo=TAIPEI)
    assert register_due(db, after["id"]) == datetime(2026, 3, 5, 23, 59, 59, tzinfo=TAIPEI)
    with db.connect() as conn:
        row = conn.execute(select(process_definition.c.deployed_by, process_definition.c.comment)
                           .where(process_definition.c.version == 2)).one()
    assert tuple(row) == ("analyst", "登記期限改為3個工作天")
    page.goto(f"{live_server}/models/")
    assert "第 2 版" in page.text_content("table.models")
    shot(page, "models-list")
    page.close()


def test_an_invalid_edit_is_pinned_on_its_element(login, live_server, db, shot):
    page = open_editor(login, live_server)
    select_element(page, "register")
    set_field(page, "#cf-task-due", "working_days(")
    page.click("#btn-save")
    page.wait_for_selector("#problem-list li")
    problems = page.locator("#problem-list li")
    expect(problems).to_have_count(1)
    said = problems.first.text_content()
    assert "登記陳情" in said and "register" not in said   # by its name, never its id
    pinned = page.locator('#canvases g.djs-element.cf-problem[data-element-id="register"]')
    expect(pinned).to_have_count(1)
    expect(page.locator(".djs-overlay-cf-problem .cf-problem-badge")).to_have_count(1)
    page.click("#canvases")  # deselect, then let the problem select its element again
    page.keyboard.press("Escape")
    problems.first.locator("button").click()
    page.wait_for_selector('#cf-panel .cf-id:text-is("register")')
    shot(page, "model-editor-problem")
    page.fill("#deploy-comment", "壞掉的期限")
    page.click("#btn-deploy")
    page.wait_for_selector("#editor-status.error")
    assert versions(db) == 1
    page.close()


def test_form_fields_undo_and_the_decision_table(login, live_server, shot):
    page = open_editor(login, live_server)
    select_element(page, "read_back")
    fields = page.locator("#cf-panel details.cf-field").count()
    page.click("#cf-panel >> text=新增欄位")
    page.wait_for_function(f"() => document.querySelectorAll('#cf-panel details.cf-field').length === {fields + 1}")
    new = f"#cf-f{fields}-"
    set_field(page, new + "name", "callback_note")
    set_field(page, new + "label_zh", "回電備註")
    page.select_option(new + "type", "textarea")
    assert "callback_note" in page.text_content("#cf-panel details.cf-field >> nth=-1")
    page.locator("#cf-panel details.cf-field >> nth=-1").scroll_into_view_if_needed()
    shot(page, "model-editor-form")
    page.click("#btn-undo")  # the type change is one step back
    page.wait_for_function(f"() => document.querySelector('{new}type').value === 'text'")
    page.click("#btn-save")
    page.wait_for_selector("#editor-status.ok")
    xml = page.evaluate("fetch('/models/petition/draft').then(r => r.json())")["files"]["petition.bpmn"]
    assert 'name="callback_note"' in xml and 'label_zh="回電備註"' in xml
    page.click('#file-tabs button[data-file="petition_routing.dmn"]')
    page.wait_for_selector("#canvases .tjs-table")
    assert "road_damage" in page.text_content("#canvases .tjs-table")
    shot(page, "model-editor-dmn")
    page.close()


def click_connection(page, element_id):
    """Click the middle of a sequence flow's line (its bounding box centre may be off the line)."""
    at = page.evaluate("""id => {
        const hit = document.querySelector(`#canvases [data-element-id="${id}"] .djs-hit`);
        const m = hit.getScreenCTM(), p = hit.getPointAtLength(hit.getTotalLength() / 2);
        return {x: p.x * m.a + m.e, y: p.y * m.d + m.f};
    }""", element_id)
    page.mouse.click(at["x"], at["y"])
    page.wait_for_selector(f'#cf-panel .cf-id:text-is("{element_id}")')


def test_reminder_timers_and_conditions(login, live_server):
    page = open_editor(login, live_server)
    select_element(page, "co_reminder_timer")
    assert page.input_value("#cf-timer-kind") == "timeDate"
    assert page.input_value("#cf-timer-expr") == "before_working_days(due_at, 1)"
    assert page.is_checked("[data-k=timer-interrupting]") is False
    set_field(page, "#cf-timer-expr", "before_working_days(due_at, 2)")
    click_connection(page, "flow_gw_oral_read_back")
    assert page.input_value("#cf-condition") == "channel in ('counter', 'phone', '1999')"
    set_field(page, "#cf-condition", "channel in ('counter', 'phone', '1999', 'letter')")
    page.click('#file-tabs button[data-file="petition_routing.dmn"]')  # opened, not changed
    page.wait_for_selector("#canvases .tjs-table")
    page.click("#btn-save")
    page.wait_for_selector("#editor-status.ok")
    xml = page.evaluate("fetch('/models/petition/draft').then(r => r.json())")["files"]["petition.bpmn"]
    assert ">before_working_days(due_at, 2)</bpmn:timeDate>" in xml
    assert "channel in ('counter', 'phone', '1999', 'letter')</bpmn:conditionExpression>" in xml.replace("&#39;", "'")
    dmn = page.evaluate("fetch('/models/petition/draft').then(r => r.json())")["files"]["petition_routing.dmn"]
    original = (ROOT / "bpmn" / "petition_routing.dmn").read_text(encoding="utf-8")
    assert dmn == original  # an untouched file is kept byte for byte, never re-exported
    page.close()
