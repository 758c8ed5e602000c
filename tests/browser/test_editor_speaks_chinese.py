"""What bpmn-js and dmn-js draw themselves speaks the analyst's language: in
zh-TW the palette, the context pad, the replace menu, the decision table's
controls, the decision diagram and the drill-down button of a read-only case
diagram are in Chinese, without an English word; in English they keep
bpmn-io's own words."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.cases.runtime import Engine
from engine.data.schema import case
from webapp import users
from webtest_support import PASSWORD

pytestmark = pytest.mark.browser
BPMN = Path(__file__).resolve().parents[2] / "bpmn"
ENGLISH = re.compile(r"\b(Create|Activate|Append|Change|Delete|Connect|Open|Add|Remove|Task|Hit policy)\b")


def open_editor(page, live_server):
    page.goto(f"{live_server}/models/petition/edit")
    page.wait_for_selector('#canvases [data-element-id="register"]')


def titles(page, selector):
    return page.eval_on_selector_all(selector, "els => els.map(e => e.title || e.textContent.trim())")


def all_chinese(words):
    english = [w for w in words if ENGLISH.search(w)]
    assert words and not english, f"English left: {english}"
    return words


def test_the_palette_context_pad_and_replace_menu_speak_chinese(login, live_server, shot, accessible):
    page = login("analyst", width=1500)
    open_editor(page, live_server)
    palette = all_chinese(titles(page, ".djs-palette .entry"))
    assert {"建立開始事件", "建立結束事件", "建立閘道", "建立任務"} <= set(palette)
    page.hover(".djs-palette .entry[data-action='create.start-event']")
    shot(page, "editor-zh-palette")
    page.click('#canvases [data-element-id="register"]')
    pad = all_chinese(titles(page, ".djs-context-pad.open .entry"))
    assert {"附加任務", "附加閘道", "附加結束事件", "變更元素類型", "刪除", "連接其他元素"} <= set(pad)
    page.click(".djs-context-pad.open .entry[data-action='replace']")
    page.wait_for_selector(".djs-popup .entry")
    assert page.inner_text(".djs-popup-title") == "變更元素類型"
    entries = all_chinese(titles(page, ".djs-popup-body .entry"))
    assert {"任務", "服務任務", "商業規則任務", "指令碼任務", "呼叫活動"} <= set(entries)
    assert {"平行多重執行", "循序多重執行", "迴圈"} <= set(titles(page, ".djs-popup-header .entry"))
    page.fill(".djs-popup-search input", "指令")   # the search finds the Chinese names
    page.press(".djs-popup-search input", "End")    # it filters on keyup, as an IME's last key
    page.wait_for_function("() => document.querySelectorAll('.djs-popup-body .entry').length === 1")
    assert titles(page, ".djs-popup-body .entry") == ["指令碼任務"]
    shot(page, "editor-zh-context-pad-replace-menu")
    page.keyboard.press("Escape")
    assert page.evaluate("window.civicflowI18n.missing") == []
    accessible(page)
    page.close()


def test_the_decision_table_and_the_decision_diagram_speak_chinese(login, live_server, shot):
    page = login("analyst", width=1500)
    open_editor(page, live_server)
    page.click('#file-tabs button[data-file="petition_routing.dmn"]')
    page.wait_for_selector("#canvases .tjs-table")
    table = page.locator("#canvases .canvas:not([hidden])")
    text = table.inner_text()
    for words in ("命中原則：", "第一條", "當", "且", "則", "註解", "檢視決策關係圖", "字串", "整數"):
        assert words in text
    assert not re.search(r"Hit policy|When|Then|Annotation|View DRD|\bstring\b", text)
    controls = all_chinese(titles(page, "#canvases .canvas:not([hidden]) [title]:not(.bjs-powered-by)"))
    assert {"新增規則", "新增輸入", "新增輸出", "移動規則", "移動輸入欄"} <= set(controls)
    page.click("#canvases td[data-row-id] >> nth=0", button="right")
    menu = page.locator(".context-menu")
    assert all_chinese(menu.inner_text().split("\n"))[:2] == ["複製規則", "剪下規則"]
    assert "在下方新增規則" in menu.inner_text()
    assert page.get_attribute(".context-menu [role=menu]", "aria-label") == "決策表操作選單"
    shot(page, "editor-zh-decision-table")
    page.keyboard.press("Escape")
    page.click(".dmn-views button:has-text('決策關係圖')")
    drd = "#canvases .canvas:not([hidden]) .dmn-drd-container"
    page.wait_for_selector(f"{drd} .djs-palette .entry")
    assert {"建立決策", "建立輸入資料"} <= set(all_chinese(titles(page, f"{drd} .djs-palette .entry")))
    assert titles(page, f"{drd} .drill-down-overlay button") == ["開啟決策表"]
    assert page.evaluate("window.civicflowI18n.missing") == []
    page.close()


def test_in_english_the_editor_keeps_bpmn_io_words(login, live_server):
    page = login("analyst", width=1500)
    with page.expect_navigation():   # the header's language switch reloads the page
        page.click("button[lang=en]")
    page.wait_for_function("() => document.documentElement && document.documentElement.lang === 'en'")
    open_editor(page, live_server)
    assert "Create start event" in titles(page, ".djs-palette .entry")
    page.close()


def test_the_case_diagram_names_its_drill_down_in_chinese(live_server, db, clock, login):
    rt = Engine(db, clock)
    rt.deploy({p.name: p.read_bytes() for p in BPMN.iterdir() if p.suffix in (".bpmn", ".dmn")})
    with db.begin() as conn:
        users.add_user(conn, "cpoclerk", "CPO", ["intake", "officer"], PASSWORD)
    cid = rt.start_case("consumer_complaint", {"title": "力健健身房 消費爭議"})["id"]
    with db.connect() as conn:
        number = conn.execute(select(case.c.number).where(case.c.id == cid)).scalar_one()
    page = login("cpoclerk")
    page.goto(f"{live_server}/cases/{number}")
    page.wait_for_selector("#diagram .bjs-drilldown")
    (title,) = titles(page, "#diagram .bjs-drilldown")
    assert title.startswith("開啟「") and "調解會議" in title and "Open" not in title
    page.close()


PANEL_ENGLISH = re.compile(r"bpmn:|BusinessRule|Script ?Task|Sub-?[Pp]rocess|Gateway|Boundary|Event\b|\bTask\b")


def panel_of(page, element_id):
    """Select an element and read the panel. A click event on its hit area, as a
    mouse click gives it: a pointer click may land on the last element's context
    pad or, for an expanded sub-process, on an element inside it."""
    page.dispatch_event(f'#canvases .djs-element[data-element-id="{element_id}"] > .djs-hit', "click")
    page.wait_for_selector(f'#cf-panel .cf-id:text-is("{element_id}")')
    return page.inner_text("#cf-panel h2"), page.inner_text("#cf-panel")


def test_the_panel_names_elements_and_their_kind_in_chinese(login, live_server, shot):
    page = login("analyst", width=1500)
    open_editor(page, live_server)
    seen = {}
    for element_id in ("route", "set_deadline", "handling", "gw_cross", "co_reminder_timer"):
        heading, panel = panel_of(page, element_id)
        assert element_id not in heading and not PANEL_ENGLISH.search(panel), (heading, panel)
        assert f"代碼 {element_id}" in panel   # the id only as a small secondary line
        seen[element_id] = (heading, panel)
        if element_id == "set_deadline":   # the script is shown, to read only
            assert "cross_agency" in page.input_value("#cf-script")
            assert page.get_attribute("#cf-script", "readonly") is not None
    assert seen["route"][0] == "商業規則任務 分案"
    assert "執行決策表「陳情分案」" in seen["route"][1] and "不會從此元素讀取" not in seen["route"][1]
    assert seen["set_deadline"][0] == "指令碼任務 計算處理期限"
    assert seen["handling"][0] == "子流程 辦理（含改分、展期）"
    assert seen["gw_cross"][0] == "互斥閘道 跨機關？"
    assert seen["co_reminder_timer"][0] == "計時器邊界事件 催辦"
    shot(page, "editor-zh-panel-timer")
    page.close()
