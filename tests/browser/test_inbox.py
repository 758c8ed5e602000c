"""The inbox in Chromium, as a clerk and an officer use it: they land on the
tab with work, pick a category by its name, sort by deadline, read their
tasks on a 390 px phone, and never meet an English task name in zh-TW."""
from __future__ import annotations

import re

import pytest

from webtest_support import CLERK, registration

pytestmark = pytest.mark.browser
PHONE = 390


@pytest.fixture
def inbox_cases(live_server, db, clock):
    """Two street-light petitions and a road one at PWB's 'handle' (registered
    a day apart, so their deadlines differ), and one unregistered at the
    counter's queue."""
    from engine.cases.runtime import Engine
    from webapp.petitions import ready_task
    rt = Engine(db, clock)
    numbers = {}
    for key, over in (("light1", {}), ("road", {"subject": "人孔蓋鬆動", "category": "road_damage"}),
                      ("light2", {"subject": "路燈閃爍"}), ("new", None)):
        ref = rt.start_case("petition", {"title": (over or {}).get("subject", "路燈不亮")},
                            petitioner_info={"name": "王小明"})
        numbers[key] = ref["number"]
        if over is not None:
            with db.connect() as conn:
                reg = ready_task(conn, ref["id"], "register")
            rt.complete(reg.id, CLERK, registration(**over))
        clock.advance(days=1)
    return numbers


def _fits(page, width=PHONE) -> None:
    """Nothing makes the page wider than the phone (names what does)."""
    wide = page.evaluate("""w => [...document.querySelectorAll('main *')].filter(e => {
        if (e.getBoundingClientRect().right <= w + 1) return false;
        for (let p = e.parentElement; p; p = p.parentElement)
            if (getComputedStyle(p).overflowX !== 'visible') return false;   // scrolls inside
        return true; }).slice(0, 8).map(e => `${e.tagName}#${e.id}.${e.className}`)""", width)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, wide


def _listed(page) -> list[str]:
    return page.locator("#inbox-table tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.case)")


def test_clerk_with_nothing_claimed_lands_on_the_counters_queue(login, inbox_cases, shot,
                                                                   accessible):
    page = login("clerk")
    current = page.locator("nav.tabs a[aria-current=page]")
    assert "機關待辦" in current.inner_text() or current.get_attribute("data-view") == "queue"
    row = page.locator(f"#inbox-table tr[data-case='{inbox_cases['new']}']")
    assert "登記陳情" in row.inner_text()
    body = page.locator("main").inner_text()
    assert "Register petition" not in body and "Petition" not in body
    shot(page, "inbox-01-clerk-lands-on-queue")
    accessible(page)


def test_officer_filters_by_category_name_and_sorts_by_deadline(login, inbox_cases, shot,
                                                                 accessible):
    page = login("pwb1")
    assert page.locator("nav.tabs a[aria-current=page]").get_attribute("data-view") == "queue"
    assert _listed(page) == [inbox_cases["light1"], inbox_cases["road"], inbox_cases["light2"]]
    page.select_option("#filter-category", label="路燈故障")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"category=street_light"))
    assert _listed(page) == [inbox_cases["light1"], inbox_cases["light2"]]
    assert page.locator("#filter-category option:checked").inner_text() == "路燈故障"
    # Deadline is the default order; its heading sorts the other way round.
    due = page.locator("th:has(a[data-sort=due])")
    assert due.get_attribute("aria-sort") == "ascending"
    assert "處理期限（臺北時間）" in due.inner_text()
    page.click("a[data-sort=due]")
    page.wait_for_url(re.compile(r"sort=-due"))
    assert page.locator("th:has(a[data-sort=due])").get_attribute("aria-sort") == "descending"
    assert _listed(page) == [inbox_cases["light2"], inbox_cases["light1"]]
    body = page.locator("main").inner_text()
    assert "辦理並擬復" in body and "Handle and draft the reply" not in body
    shot(page, "inbox-02-officer-street-lights-latest-deadline-first")
    accessible(page)


def test_a_bad_sort_and_an_roc_due_date_say_what_happened(login, live_server, inbox_cases,
                                                          shot, accessible):
    page = login("pwb1")
    page.goto(f"{live_server}/inbox?view=queue&sort=nonsense")
    assert "清單無法依「nonsense」排序，已改依期限排序。" in page.locator("main").inner_text()
    assert len(_listed(page)) == 3
    hint = page.locator("#due-by-hint").inner_text()
    assert "115/03/02" in hint
    page.fill("#filter-due-by", "2026/13/45")   # the pattern stops the form in the browser
    page.click("form.filters button[type=submit]")
    assert page.evaluate("document.querySelector('#filter-due-by').validity.patternMismatch")
    page.fill("#filter-due-by", "115/03/02")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"due_by=115"))
    assert _listed(page) == []   # every deadline is later than 2 March
    assert "這個清單中沒有符合篩選條件的工作。" in page.locator("#no-match").inner_text()
    shot(page, "inbox-03-due-by-roc-date")
    accessible(page)


def test_on_a_phone_each_task_is_a_readable_card(login, live_server, inbox_cases, shot,
                                                 accessible):
    page = login("pwb1", width=PHONE)
    row = page.locator(f"#inbox-table tr[data-case='{inbox_cases['light1']}']")
    box = row.bounding_box()
    assert box["width"] > PHONE - 40
    task_cell = row.locator("td.task")
    assert task_cell.bounding_box()["width"] > 300
    text = row.inner_text()
    assert "辦理並擬復" in text and "路燈故障" in text and inbox_cases["light1"] in text
    label = task_cell.evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"工作"'   # each value carries its column's name
    due_label = row.locator("td.due").evaluate("td => getComputedStyle(td, '::before').content")
    assert due_label == '"處理期限（臺北時間）"'
    _fits(page)
    shot(page, "inbox-04-phone-390px")
    accessible(page)
    page.click(f"a:has-text('{inbox_cases['light1']}')")
    page.wait_for_url(re.compile(r"/cases/"))
    _fits(page)
    shot(page, "inbox-05-case-page-phone-390px")
    accessible(page)


def test_the_board_on_a_phone_scrolls_its_tables_and_names_the_steps(login, live_server,
                                                                     inbox_cases, shot,
                                                                     accessible):
    page = login("doaboss", width=PHONE)
    page.goto(f"{live_server}/board/?process=petition")
    page.wait_for_selector("#board-table")
    _fits(page)
    assert re.fullmatch(r"11\d/\d\d/\d\d", page.locator("input[name=from]").input_value())
    assert page.locator("input[name=to]").input_value() == "115/03/02"   # the week of the 6th
    steps = page.locator("#steps-table").inner_text()
    assert "register" not in steps and "handle" not in steps
    shot(page, "inbox-06-board-phone-390px")
    accessible(page)
