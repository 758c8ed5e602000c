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
    for words in ("命中原則：", "唯一", "當", "且", "則", "註解", "檢視決策關係圖", "字串", "整數"):
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
    page.click("button[lang=en]")   # the header's language switch
    page.wait_for_function("() => document.documentElement.lang === 'en'")
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
