"""The case page's task table beside the case file: a task's name (辦理並擬復)
and its agency (行政暨國際處) read on one line each on a 1280 px and a
1024 px screen, never one character a line; the table fits its card, and a
390 px phone scrolls nothing sideways."""
from __future__ import annotations

import pytest

from engine.cases.runtime import Engine
from webapp import petitions
from webtest_support import CLERK, ready_task, registration

pytestmark = pytest.mark.browser

# How many lines `text` takes in the task table cell that holds it.
LINES = """(text) => {
  const cell = [...document.querySelectorAll('#tasks-h ~ .cp-table td')]
    .find(td => td.textContent.includes(text));
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode()) && !node.data.includes(text)) {}
  const range = document.createRange();
  range.setStart(node, node.data.indexOf(text));
  range.setEnd(node, node.data.indexOf(text) + text.length);
  return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
}"""
FITS = """() => {
  const box = document.querySelector('#tasks-h ~ .cp-table');
  return box.scrollWidth <= box.clientWidth;
}"""


@pytest.fixture
def at_pwb(live_server, db, clock):
    """A street-light petition registered by 行政暨國際處, now at 工務局's 辦理並擬復."""
    rt = Engine(db, clock)
    receipt = petitions.start(rt, registration(), actor=CLERK, person={
        "name": "林阿嬤", "email": "lin@example.tw"}, received_at=clock.now())
    rt.complete(ready_task(rt, receipt.case_id, "register").id, CLERK, registration())
    return receipt.number


@pytest.mark.parametrize("width", [1280, 1024])
def test_task_and_agency_names_read_on_one_line(login, live_server, at_pwb, shot, width):
    page = login("pwb1", width=width)
    page.goto(f"{live_server}/cases/{at_pwb}")
    page.wait_for_load_state("load")   # measured with the stylesheets applied
    for name in ("辦理並擬復", "登記陳情", "行政暨國際處", "工務局"):
        assert page.evaluate(LINES, name) == 1, f"{name} wraps at {width} px"
    assert page.evaluate(FITS), "the task table scrolls sideways inside its card"
    shot(page, f"case-tasks-table-{width}")


def test_the_case_page_fits_a_phone(login, live_server, at_pwb, shot):
    page = login("pwb1", width=390)
    page.goto(f"{live_server}/cases/{at_pwb}")
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate(LINES, "辦理並擬復") == 1
    shot(page, "case-tasks-table-390")


@pytest.fixture
def oral(live_server, db, clock):
    """A petition taken at the counter: its 作成紀錄並向陳情人宣讀 is the longest
    task name of the petition model."""
    rt = Engine(db, clock)
    receipt = petitions.start(rt, registration(channel="counter"), actor=CLERK, person={
        "name": "林阿嬤", "email": "lin@example.tw"}, received_at=clock.now())
    rt.complete(ready_task(rt, receipt.case_id, "register").id, CLERK, registration(channel="counter"))
    return receipt.number


@pytest.mark.parametrize("width", [1280, 1024])
def test_a_long_task_name_takes_a_second_line_not_the_due_date_out_of_the_card(
        login, live_server, oral, shot, width):
    page = login("clerk", width=width)
    page.goto(f"{live_server}/cases/{oral}")
    page.wait_for_load_state("load")
    assert page.evaluate(FITS), "the task table scrolls sideways inside its card"
    for name in ("登記陳情", "行政暨國際處"):
        assert page.evaluate(LINES, name) == 1, f"{name} wraps at {width} px"
    shot(page, f"case-tasks-table-oral-{width}")
