"""A script that fails in a test-run is shown to the analyst by its failing
line, as code beside the Chinese words, not only by its line number."""
from __future__ import annotations

import pytest
from test_versions_run_errors import HEAD, SCRIPT   # tests/webapp, on the path by conftest.py

pytestmark = pytest.mark.browser
FAULTY = HEAD.format(body=SCRIPT.replace("days = no_such + 1", "days = 3\nlabel = '第' + days + '天'"))


def test_the_failing_line_of_a_script_is_shown_beside_the_words(
        analyst_draft, login, live_server, shot):
    analyst_draft("faulty", FAULTY)
    page = login("analyst")
    page.goto(f"{live_server}/models/faulty/test-run")
    page.click("#json-input summary")   # 進階：以 JSON 輸入
    page.check("#use_json")
    page.fill("#start_data", "{}")
    page.click("button:has-text('執行')")
    page.wait_for_selector("#run-error")
    error = page.locator("#run-error")
    assert page.inner_text("#run-error-words") == "腳本執行失敗：文字只能與文字相接（數字請先以 str() 轉成文字）（第2行）"
    assert error.locator("p", has=page.locator("#run-error-code")).inner_text() == "腳本第 2 行：label = '第' + days + '天'"
    assert page.inner_text("#run-error-code") == "label = '第' + days + '天'"
    assert "TypeError" not in error.inner_text() and "技術細節" not in error.inner_text()
    shot(page, "testrun-script-line")
    page.close()
