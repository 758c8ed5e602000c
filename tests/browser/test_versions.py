"""An analyst compares two versions of the petition model and test-runs it."""
import pytest
from playwright.sync_api import expect

from engine.cases.actors import Actor
from engine.cases.runtime import Engine
from webtest_support import petition_files   # on sys.path through tests/browser/conftest.py

pytestmark = pytest.mark.browser
ANALYST = Actor("analyst", "DOA", frozenset({"analyst"}))
REGISTER = b'role="intake" due="working_days(1)"/><civicflow:form><civicflow:field name="channel"'


def test_analyst_compares_versions_and_test_runs(login, live_server, shot, db, clock, accessible):
    files = petition_files()
    files["petition.bpmn"] = files["petition.bpmn"].replace(
        REGISTER, REGISTER.replace(b"working_days(1)", b"working_days(2)"), 1)
    Engine(db, clock).deploy(files, ANALYST, comment="登記期限改為2個工作天")
    page = login("analyst")
    page.goto(f"{live_server}/models/petition/versions")
    assert page.locator("tr#v2").inner_text().count("analyst") == 1
    shot(page, "versions-01-history")
    page.click("#compare-form button[type=submit]")
    page.wait_for_selector("#diagram-new.ready")
    page.wait_for_selector("#diagram-old.ready")
    expect(page.locator("li.change.changed[data-element=register]")).to_have_count(1)
    expect(page.locator("#diagram-new g.cf-changed[data-element-id=register]")).to_have_count(1)
    _reads_the_comparison_in_chinese(page)
    accessible(page)
    shot(page, "versions-02-diff")

    page.goto(f"{live_server}/models/petition/test-run")
    page.click("button:has-text('執行')")
    page.wait_for_selector("#diagram-run.ready")
    assert "completed" in page.locator("#run-status").get_attribute("class")
    # the sample channel is 'counter': the oral path through the read-back
    for element in ("register", "read_back", "handling"):
        expect(page.locator(f"#diagram-run g.cf-visited[data-element-id={element}]")).to_have_count(1)
    expect(page.locator("#diagram-run g.cf-visited[data-element-id=close_repeat]")).to_have_count(0)
    shot(page, "versions-03-test-run")


def _reads_the_comparison_in_chinese(page):
    """Versions as 第 N 版, the element by its Chinese name with its id as a 代碼,
    the diagrams' labels without their English half."""
    assert page.locator(".diff-diagrams figcaption").all_inner_texts() == ["第 1 版", "第 2 版"]
    change = page.locator("li.change[data-element=register]")
    assert change.locator("strong").inner_text() == "登記陳情"
    assert change.locator(".code-label").first.inner_text() == "代碼 register"
    assert "Register petition" not in change.inner_text()
    labels = page.eval_on_selector_all("#diagram-new .djs-label", "els => els.map(e => e.textContent)")
    assert "登記陳情" in labels and not [t for t in labels if "Register" in t or "Received" in t]
