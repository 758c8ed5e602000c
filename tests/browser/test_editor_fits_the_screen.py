"""The model editor with every file of the library as a tab (a dozen BPMN and
DMN files) still fits a 1280-pixel screen: the tabs wrap, the page does not
scroll sideways."""
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_editor_tabs_wrap_within_the_screen(login, shot, accessible):
    page = login("analyst")
    page.click("nav a:has-text('流程模型')")
    page.locator("table.models tbody tr:has-text('人民陳情') a:has-text('編輯')").click()
    tabs = page.locator("#file-tabs button")
    tabs.first.wait_for()
    expect(tabs.nth(1)).to_be_visible()   # two tabs at least
    # the demo deploys the whole library (a dozen files) as the model's files:
    # the tab strip gets as many, named as they are there
    page.evaluate("""() => { const strip = document.getElementById('file-tabs');
        for (const n of ['consumer_complaint', 'consumer_inspection', 'council_resolution',
                         'document_exchange_signup', 'facility_repair', 'records_audit',
                         'temp_staff_review', 'vehicle_dispatch', 'venue_booking', 'audit_grading']) {
          const b = strip.querySelector('button').cloneNode(true);
          b.textContent = n + '.bpmn'; b.setAttribute('aria-selected', 'false'); strip.append(b); } }""")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280, f"the page is {width}px wide"
    accessible(page)
    shot(page, "editor-fits-1280")
