"""The analyst's problem list names elements as the analyst knows them (a
task by its name, an unnamed one by its kind, a decision-table cell by its
table and row), never by id, and a problem still selects its element; a
yes/no field's "must be ticked" box lands in the exported XML."""
from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from engine.authoring import drafts
from engine.time.clock import TAIPEI

pytestmark = pytest.mark.browser
BPMN = Path(__file__).resolve().parents[2] / "bpmn"
READ_BACK = '<bpmn:userTask id="read_back" name="作成紀錄並向陳情人宣讀 Read back the record">'
IDS = re.compile(r"\b(register|read_back|r2_o0|[A-Z][a-z]+_[0-9a-z]{7})\b")


def petition() -> dict:
    return {n: (BPMN / n).read_text(encoding="utf-8") for n in ("petition.bpmn", "petition_routing.dmn")}


def keep_draft(db, files: dict) -> None:
    with db.begin() as conn:
        drafts.discard(conn, "petition")
        drafts.save(conn, "petition", {n: x.encode() for n, x in files.items()}, "analyst",
                    datetime(2026, 3, 2, 9, tzinfo=TAIPEI))


def open_editor(login, live_server):
    page = login("analyst", width=1500)
    page.goto(f"{live_server}/models/petition/edit")
    page.wait_for_selector('#canvases [data-element-id="register"]')
    return page


def problem_texts(page) -> list[str]:
    page.wait_for_selector("#problem-list li")
    return [t.strip() for t in page.locator("#problem-list li").all_text_contents()]


def test_problems_name_their_elements_and_never_show_an_id(login, live_server, db, shot):
    files = petition()
    bpmn = files["petition.bpmn"].replace("working_days(1)", "working_days(", 1)
    assert READ_BACK in bpmn
    bpmn = bpmn.replace(READ_BACK, '<bpmn:userTask id="read_back">', 1)   # unnamed: said by its kind
    files["petition.bpmn"] = bpmn.replace('role="intake" due="working_days(1)"/><civicflow:form><civicflow:field '
                                          'name="read_back_text"', 'role="nobody" due="working_days(1)"/>'
                                          '<civicflow:form><civicflow:field name="read_back_text"', 1)
    keep_draft(db, files)
    page = open_editor(login, live_server)
    texts = problem_texts(page)
    assert len(texts) == 3, texts
    assert texts[0].startswith("[petition.bpmn · 第 8 行 · 登記陳情]"), texts
    assert texts[1].startswith("[petition.bpmn · 第 10 行 · 使用者任務]") and "沒有名稱" in texts[1], texts
    assert texts[2].startswith("[petition.bpmn · 第 10 行 · 使用者任務]") and "未知的角色" in texts[2], texts
    assert not any(IDS.search(t) for t in texts), texts
    shot(page, "editor-problems-by-name")
    page.keyboard.press("Escape")
    page.locator("#problem-list li button").first.click()   # the problem still selects its element
    page.wait_for_selector('#cf-panel .cf-id:text-is("register")')
    page.close()


def test_a_decision_table_cell_is_named_by_its_table_and_row(login, live_server, db):
    files = petition()
    cell = '<outputEntry id="r2_o0"><text>"PWB"</text>'
    assert cell in files["petition_routing.dmn"]
    files["petition_routing.dmn"] = files["petition_routing.dmn"].replace(
        cell, '<outputEntry id="r2_o0"><text>PWB +</text>', 1)
    keep_draft(db, files)
    page = open_editor(login, live_server)
    [text] = problem_texts(page)
    assert text.startswith("[petition_routing.dmn · 第 13 行 · 陳情分案 第 2 列]") and not IDS.search(text), text
    page.close()


def test_a_zh_tw_analyst_reads_every_problem_in_chinese(login, live_server, db, shot):
    """A broken due expression and two tasks nothing leads into (one named,
    one not): each problem in Chinese words, the expression error explained."""
    files = petition()
    bpmn = files["petition.bpmn"].replace("working_days(1)", "working_days(1", 1)
    files["petition.bpmn"] = bpmn.replace("</bpmn:process>", '<bpmn:userTask id="Activity_0x1ab2c" name="測試任務"/>'
                                          '<bpmn:task id="Activity_1q2w3e4"/></bpmn:process>', 1)
    keep_draft(db, files)
    page = open_editor(login, live_server)
    said = [t.split("] ", 1)[1] for t in problem_texts(page)]
    assert said == ["期限（運算式）「working_days(1」不被接受：括號「(」未閉合（第1行）",
                    "「測試任務」沒有連入的循序流，永遠不會執行。",
                    "此工作沒有連入的循序流，永遠不會執行。"], said
    assert not any(re.search(r"[A-Za-z]", re.sub(r"「[^」]*」", "", t)) for t in said), said
    expect(page.locator("#verdict")).to_contain_text("3")
    shot(page, "editor-problems-in-chinese")
    page.close()


def field_box(page, name, open_it=True):
    """A form field's editor in the panel, by the field's name (opened)."""
    box = page.locator("#cf-panel details.cf-field", has=page.locator(f"summary:text-matches('^{name} ')"))
    if open_it and not box.evaluate("b => b.open"):
        box.locator("summary").click()
    return box


def test_ticking_must_be_ticked_keeps_confirm_in_the_exported_model(login, live_server, shot):
    page = open_editor(login, live_server)
    page.dispatch_event('#canvases .djs-element[data-element-id="register"] > .djs-hit', "click")
    page.wait_for_selector('#cf-panel .cf-id:text-is("register")')
    box = field_box(page, "confidential")
    expect(box.get_by_text("須勾選確認")).to_be_visible()
    expect(box.get_by_text("須勾選才能完成此步驟。")).to_be_visible()
    assert field_box(page, "subject").get_by_text("須勾選確認").count() == 0   # only on a yes/no field
    box = field_box(page, "confidential")
    box.get_by_label("須勾選確認").check()
    page.wait_for_selector("#editor-status.warn")
    shot(page, "editor-confirm-control")
    xml = page.evaluate("""() => new Promise(done => {
        document.getElementById('btn-save').click();
        const wait = () => document.querySelector('#editor-status.ok, #editor-status.error')
            ? fetch('/models/petition/draft').then(r => r.json()).then(d => done(d.files['petition.bpmn']))
            : setTimeout(wait, 50);
        wait();
    })""")
    field = re.search(r'<civicflow:field name="confidential"[^>]*>', xml).group(0)
    assert 'confirm="true"' in field and "decision" not in field, field
    page.close()


def test_confirm_and_decision_exclude_each_other(login, live_server):
    page = open_editor(login, live_server)
    page.dispatch_event('#canvases .djs-element[data-element-id="consolidate"] > .djs-hit', "click")
    page.wait_for_selector('#cf-panel .cf-id:text-is("consolidate")')
    box = field_box(page, "agencies_agree")
    assert box.get_by_label("決定：須選擇是或否").is_checked()
    box.get_by_label("須勾選確認").check()
    box = field_box(page, "agencies_agree", open_it=False)   # the panel renders anew, the box kept open
    expect(box.get_by_label("決定：須選擇是或否")).not_to_be_checked()
    expect(box.get_by_label("須勾選確認")).to_be_checked()
    page.close()
