"""A model written without its drawing (no BPMNDiagram) opened in the editor:
where the canvas would be, the analyst reads in their own language that the
model has no diagram layout, not bpmn-js's English "no diagram to display"."""
from __future__ import annotations

import pytest
from test_versions_run_errors import HEAD, SCRIPT   # tests/webapp, on the path by conftest.py

pytestmark = pytest.mark.browser
UNDRAWN = HEAD.format(body=SCRIPT.replace("days = no_such + 1", "days = 3"))


def test_the_editor_says_the_model_has_no_layout_in_chinese(
        analyst_draft, login, live_server, shot):
    analyst_draft("undrawn", UNDRAWN)
    page = login("analyst")
    page.goto(f"{live_server}/models/undrawn/edit")
    canvas = page.locator('#canvases .canvas[data-file="undrawn.bpmn"]')
    page.wait_for_function("() => (document.querySelector('#canvases .canvas') || {}).textContent")
    assert canvas.inner_text().strip() == "此模型沒有圖面配置，因此無法顯示流程圖。"
    assert "no diagram" not in page.inner_text("main")
    shot(page, "editor-no-layout")
    page.close()
