"""The panel shows the task settings a problem can name, under the words the
problem uses: the analyst types a wrong task into 交還給完成此任務者, saves,
and the problem names that very field, never `keep_with`."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_problem_names_the_panel_field_the_analyst_typed_into(login, live_server, shot):
    page = login("analyst", width=1500)
    page.goto(f"{live_server}/models/petition/edit")
    page.wait_for_selector('#canvases [data-element-id="register"]')
    page.dispatch_event('#canvases .djs-element[data-element-id="register"] > .djs-hit', "click")
    page.wait_for_selector('#cf-panel .cf-id:text-is("register")')
    box = page.get_by_label("交還給完成此任務者（任務代號）")
    box.fill("registr")
    box.press("Tab")
    page.wait_for_selector("#editor-status.warn")
    page.click("#btn-save")
    page.wait_for_selector("#problem-list li")
    [text] = [t.strip() for t in page.locator("#problem-list li").all_text_contents()]
    assert text.endswith("「交還給完成此任務者」所指的「registr」不是本流程的任務"), text
    assert "keep_with" not in text, text
    shot(page, "editor-handling-field-problem")
    page.close()
