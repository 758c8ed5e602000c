"""A decision on someone's request (展期) names the reason and the working
days asked: the analyst finds both beside 不得由完成此任務者決定 in the
panel, under the words the problems use, and what they type stays in the
saved model (the editor's moddle knows both attributes)."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

REASON = "申請的理由（該任務表單的欄位名稱）"


def select_register(page):
    page.wait_for_selector('#canvases [data-element-id="register"]')
    page.dispatch_event('#canvases .djs-element[data-element-id="register"] > .djs-hit', "click")
    page.wait_for_selector('#cf-panel .cf-id:text-is("register")')


def test_the_reason_asked_is_set_in_the_panel_and_its_problem_names_it(login, live_server, shot):
    page = login("analyst", width=1500)
    page.goto(f"{live_server}/models/petition/edit")
    select_register(page)
    group = page.locator("#cf-panel fieldset", has_text="任務：顯示內容與辦理人")
    labels = [t.strip() for t in group.locator("label").all_text_contents()]
    assert labels.index(REASON) == labels.index("不得由完成此任務者決定（任務代號）") + 1, labels
    assert "申請的工作天數（該任務表單的欄位名稱）" in labels
    box = page.get_by_label(REASON)
    box.fill("extension_reason")
    box.press("Tab")
    page.wait_for_selector("#editor-status.warn")
    page.click("#btn-save")
    page.wait_for_selector("#problem-list li")
    texts = [t.strip() for t in page.locator("#problem-list li").all_text_contents()]
    assert any(t.endswith("「申請的理由」須搭配「不得由完成此任務者決定」：它指的是該任務表單的欄位")
               for t in texts), texts
    assert not any("reason" in t for t in texts), texts
    shot(page, "editor-request-field-problem")

    page.reload()   # the saved draft keeps what was typed
    select_register(page)
    assert page.get_by_label(REASON).input_value() == "extension_reason"
    page.close()
