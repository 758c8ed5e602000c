"""A case number is read as one code: wherever it shows, in a list, beside the
task page's heading, in a board list, the outbox or the audit trail, and also
inside a subject that cites another case (重複陳情 115-000123), it never breaks
at its hyphen, whatever the width of its column."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import insert

from engine.data.schema import outbox
from webtest_support import CLERK, registration

pytestmark = pytest.mark.browser
CITED = "115-000123"
SUBJECT = f"重複陳情：與案號 {CITED} 同一路段的路燈又不亮了，請儘速派員修復"
NOW = datetime(2026, 3, 10, 2, 0, tzinfo=timezone.utc)

# Each case number in the page's visible text that takes more than one line:
# the distinct tops of the number's own text boxes.
BROKEN = r"""() => { const found = [];
  const walk = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) { const node = walk.currentNode;
    if (node.parentElement.closest('.sr-only, select, script')) continue;
    for (const m of node.data.matchAll(/\d{3}-\d{6}/g)) {
      const r = document.createRange(); r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
      const tops = new Set([...r.getClientRects()].filter(b => b.width > 0).map(b => Math.round(b.top)));
      if (tops.size > 1) found.push(m[0] + ' in ' + node.parentElement.tagName + '.' + node.parentElement.className); } }
  return found; }"""


def broken_at(page, widths, height: int = 900) -> dict:
    """width -> the numbers broken over two lines at that width."""
    seen = {}
    for width in widths:
        page.set_viewport_size({"width": width, "height": height})
        if found := page.evaluate(BROKEN):
            seen[width] = found
    return seen


@pytest.fixture
def citing(live_server, db, clock):
    """A repeat petition whose subject cites an earlier case, claimed by pwb1:
    (its number, its handling task's id)."""
    from engine.cases.actors import Actor
    from engine.cases.runtime import Engine
    from webapp.petitions import ready_task
    rt = Engine(db, clock)
    ref = rt.start_case("petition", {"title": SUBJECT}, petitioner_info={"name": "王小明"})
    with db.connect() as conn:
        reg = ready_task(conn, ref["id"], "register")
    rt.complete(reg.id, CLERK, registration(subject=SUBJECT))
    with db.connect() as conn:
        handle = ready_task(conn, ref["id"], "handle")
    rt.claim(handle.id, Actor("pwb1", "PWB", frozenset({"officer"})))
    with db.begin() as conn:
        conn.execute(insert(outbox).values(
            kind="reply", recipient="ming@example.tw", subject=f"陳情案件答覆（案號 {ref['number']}）：{SUBJECT}",
            body="…", dedupe_key="k-citing", status="pending", created_at=NOW, next_attempt_at=NOW))
    return ref["number"], handle.id


WIDTHS = [*range(320, 481, 4), *range(600, 1281, 8)]   # phones; half a laptop to a whole one


def test_the_officers_pages_keep_numbers_whole(login, live_server, citing, shot):
    number, task_id = citing
    page = login("pwb1")
    assert CITED in page.locator("#inbox-table").inner_text()
    assert broken_at(page, WIDTHS) == {}
    page.set_viewport_size({"width": 390, "height": 900})
    shot(page, "numbers-whole-inbox-390")
    page.goto(f"{live_server}/tasks/{task_id}")
    assert number in page.locator("h1").inner_text() and CITED in page.locator(".cp-subject").inner_text()
    assert broken_at(page, WIDTHS) == {}
    page.goto(f"{live_server}/cases/{number}")
    assert broken_at(page, WIDTHS) == {}
    page.set_viewport_size({"width": 390, "height": 900})
    shot(page, "numbers-whole-case-390")


def test_the_board_list_keeps_numbers_whole(login, live_server, citing, shot):
    page = login("pwbboss")
    page.goto(f"{live_server}/board/list?figure=open&agency=PWB")
    assert CITED in page.locator("#drill-table").inner_text()
    assert broken_at(page, WIDTHS) == {}
    shot(page, "numbers-whole-board-list")


@pytest.mark.parametrize("path", ["/admin/outbox", "/admin/audit"])
def test_the_administration_keeps_numbers_whole(login, live_server, citing, path, shot):
    page = login("admin")
    page.goto(live_server + path)
    assert citing[0] in page.locator("main table").inner_text()
    assert broken_at(page, WIDTHS) == {}
    page.set_viewport_size({"width": 390, "height": 900})
    shot(page, f"numbers-whole-{path.rsplit('/', 1)[1]}-390")
