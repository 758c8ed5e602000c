"""An analyst on the models list reads each process by its name (its code only
as a labelled detail), opens the petition's test-run, types the received
date as an ROC date and time like every other date field, is told beside the
field, in zh-TW, when it is no date, and runs the model."""
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_analyst_runs_a_model_with_an_roc_received_date(login, live_server, shot, accessible):
    page = login("analyst")
    page.goto(f"{live_server}/models")
    row = page.locator("table.models tbody tr").first
    assert row.locator("strong").inner_text() == "人民陳情"
    assert row.locator("td").first.locator(".hint").inner_text() == "流程代碼：petition"
    accessible(page)
    shot(page, "testrun-01-models")

    page.goto(f"{live_server}/models/petition/test-run")
    assert page.inner_text("h1") == "人民陳情 試跑"   # its name, not the key
    field = page.locator("#received_at")
    assert field.get_attribute("type") == "text"
    assert re.fullmatch(r"\d{3}/\d{2}/\d{2} \d{2}:\d{2}", field.input_value())
    assert "115/03/10 14:00" in page.inner_text("#received_at-hint")
    field.fill("03/02/2026")
    page.click("button:has-text('執行')")
    assert page.inner_text("#received_at-err") == "請填寫收件日期與時間，例如：115/03/02 08:45。"
    assert page.locator("#received_at").get_attribute("aria-invalid") == "true"
    accessible(page)
    shot(page, "testrun-02-bad-date")

    page.fill("#received_at", "115/03/02 10:30")
    page.click("button:has-text('執行')")
    page.wait_for_selector("#diagram-run.ready")
    assert "completed" in page.locator("#run-status").get_attribute("class")
    expect(page.locator("#received_at-err")).to_have_count(0)
    summary = page.inner_text("#result dl.summary")
    assert "狀態\n已完成" in summary and "completed" not in summary
    _reads_the_path_in_chinese(page)
    accessible(page)
    shot(page, "testrun-03-run")


# Text in `main` a zh-TW analyst reads, less what is code on purpose: the
# sample JSON, labelled ids (代碼), e-mail addresses, the diagram's own bpmn.io marks;
# names of standards (the petition's channel 「Open311」, its own zh-TW label).
LATIN_IN_MAIN = """() => { const out = [];
  const walk = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  for (let n; (n = walk.nextNode());) {
    if (n.parentElement.closest('textarea,pre,code,script,.vdiagram')) continue;
    const t = n.textContent.replace(/"[^"]*"/g, '').replace(/\\S+@\\S+/g, '');
    if (/[A-Za-z]/.test(t.replace(/\\b(BPMN|DMN|JSON|Open311)\\b/g, ''))) out.push(n.textContent.trim());
  }
  return out; }"""


def _reads_the_path_in_chinese(page):
    """The path's diagram and steps show each name's Chinese half; an id only as a 代碼."""
    first = page.locator("#steps tbody tr").first
    assert first.locator("td").nth(1).inner_text() == "收件 代碼 start_received"
    steps = page.inner_text("#steps")
    assert "登記陳情" in steps and "Received" not in steps and "Register petition" not in steps
    labels = page.eval_on_selector_all("#diagram-run .djs-label", "els => els.map(e => e.textContent)")
    assert "收件" in labels and not [t for t in labels if "Received" in t or "Register" in t]
    decision = page.inner_text("#decisions")
    assert decision.startswith("分案 代碼 route\t陳情分案 代碼 petition_routing_table"), decision
    assert page.evaluate(LATIN_IN_MAIN) == []
