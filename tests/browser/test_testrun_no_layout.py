"""A model written without its drawing (no BPMNDiagram) still test-runs; where
the path's diagram would be, the analyst reads in their own language that the
model has no diagram layout, not bpmn-js's English "no diagram to display"."""
from __future__ import annotations

from datetime import datetime

import pytest
from test_versions_run_errors import HEAD, SCRIPT   # tests/webapp, on the path by conftest.py

from engine.authoring import drafts
from engine.time.clock import TAIPEI

pytestmark = pytest.mark.browser
UNDRAWN = HEAD.format(body=SCRIPT.replace("days = no_such + 1", "days = 3"))
SAID = {"zh-TW": "此模型沒有圖面配置，因此無法顯示流程圖。",
        "en": "This model has no diagram layout, so no diagram can be shown."}


@pytest.mark.parametrize("locale", SAID)
def test_a_model_without_layout_says_so_where_its_diagram_would_be(db, login, live_server,
                                                                   shot, locale):
    with db.begin() as conn:
        drafts.save(conn, "faulty", {"faulty.bpmn": UNDRAWN.encode()}, "analyst",
                    datetime(2026, 3, 2, 9, tzinfo=TAIPEI))
    page = login("analyst")
    page.goto(f"{live_server}/models/faulty/test-run")
    if locale == "en":                     # the header's switch: the page again in English
        page.click("header button:has-text('English')")
        page.wait_for_selector("html[lang='en']")
    page.click("#json-input summary")   # 進階：以 JSON 輸入
    page.check("#use_json")
    page.fill("#start_data", "{}")
    page.click("#start_data >> xpath=ancestor::form//button[@type='submit']")
    page.wait_for_selector("#steps")
    page.wait_for_function("() => document.getElementById('diagram-run').textContent.trim() !== ''")
    said = page.inner_text("#diagram-run").strip()
    assert said == SAID[locale]
    assert "diagram unavailable" not in page.inner_text("body")
    shot(page, f"testrun-no-layout-{locale}")
    page.close()
