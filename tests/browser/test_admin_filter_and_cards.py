"""The administration lists as the person sees them: the audit trail's search
keeps 搜尋 and 匯出 CSV side by side on one row (1024 and 1280 px); on a
phone the users list and the outbox show no pill without words above their
cards (the action column's heading is for screen readers only), at any width;
the tabs and a row's buttons keep their words whole at 700 px."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import insert

from engine.data.schema import outbox

pytestmark = pytest.mark.browser
NOW = datetime(2026, 3, 10, 2, 0, tzinfo=timezone.utc)

# Each pill on screen (a rounded badge, state or, above a phone's cards, column
# heading) with the words a sighted person reads in it: text outside .sr-only.
PILLS = """() => [...document.querySelectorAll(
    'main .badge, main .status, main table.stack thead th')].filter(e => {
  const b = e.getBoundingClientRect();
  return b.width > 2 && b.height > 2 && parseFloat(getComputedStyle(e).borderRadius) > 0; }).map(e => {
  const walk = document.createTreeWalker(e, NodeFilter.SHOW_TEXT); let words = '';
  while (walk.nextNode()) { if (!walk.currentNode.parentElement.closest('.sr-only')) words += walk.currentNode.data; }
  return [e.tagName + '.' + e.className, words.trim()]; })"""


@pytest.fixture
def notices(live_server, db):
    """A notice of each state the outbox lists, one of them failed (its row has an action)."""
    with db.begin() as conn:
        for n, status in enumerate(("pending", "sent", "dead")):
            conn.execute(insert(outbox).values(
                kind="reply", recipient=f"citizen{n}@example.tw", subject=f"陳情案件答覆（案號 115-00000{n}）",
                body="…", dedupe_key=f"k{n}", status=status, attempts=n, created_at=NOW,
                next_attempt_at=NOW, sent_at=NOW if status == "sent" else None))


@pytest.mark.parametrize("width", [1024, 1280])
def test_the_audit_search_keeps_its_buttons_on_one_row(login, live_server, width, shot):
    admin = login("admin", width=width)
    admin.goto(f"{live_server}/admin/audit")
    search = admin.locator("form.filters button[type=submit]").bounding_box()
    export = admin.locator("form.filters a:has-text('匯出 CSV')").bounding_box()
    assert abs(search["y"] - export["y"]) < 1, (search, export)            # one row
    assert search["x"] + search["width"] <= export["x"]                    # side by side
    assert export["x"] + export["width"] <= width                          # on the screen
    last_field = admin.locator("form.filters #until").bounding_box()
    assert export["y"] < last_field["y"] + last_field["height"]            # beside the fields
    shot(admin, f"audit-filter-{width}")


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", ["/admin/users", "/admin/outbox?status=all"])
def test_no_pill_shows_without_words(login, live_server, notices, path, width, shot):
    admin = login("admin", width=width)
    admin.goto(live_server + path)
    pills = admin.evaluate(PILLS)
    assert pills, "the page shows its states as pills"
    assert all(words for _, words in pills), [p for p in pills if not p[1]]
    if width == 390:   # the cards' column names above them, each a pill with its word
        headings = [words for kind, words in pills if kind.startswith("TH")]
        assert "狀態" in headings and "動作" not in headings, headings
    shot(admin, f"pills-{path.split('/')[2].split('?')[0]}-{width}")


# Each element's lines of visible text as laid out (screen-reader text left
# out): the distinct tops of its text's boxes.
LINES = """(selector) => [...document.querySelectorAll(selector)].map(e => {
  const walk = document.createTreeWalker(e, NodeFilter.SHOW_TEXT), tops = new Set(); let words = '';
  while (walk.nextNode()) {
    const node = walk.currentNode;
    if (node.parentElement.closest('.sr-only') || !node.data.trim()) continue;
    const r = document.createRange(); r.selectNodeContents(node); words += node.data.trim();
    for (const b of r.getClientRects()) tops.add(Math.round(b.top)); }
  return [words, tops.size]; })"""


@pytest.mark.parametrize("width", [700, 1024])
def test_admin_tabs_and_row_buttons_read_on_one_line(login, live_server, width, shot):
    """Ten tabs at 700 px wrap to a second row as whole words, never 使/用/者;
    a row's 停用 button keeps its word whole."""
    admin = login("admin", width=width)
    admin.goto(f"{live_server}/admin/users")
    for selector in ("nav.tabs a", "main table button"):
        lines = admin.evaluate(LINES, selector)
        assert lines and all(n == 1 for _, n in lines), (selector, lines)
    tabs = admin.locator("nav.tabs a")
    assert all(tabs.nth(i).bounding_box()["x"] + tabs.nth(i).bounding_box()["width"] <= width
               for i in range(tabs.count()))
    shot(admin, f"admin-tabs-{width}")


# The lines the first text of an element takes on screen.
NAME_LINES = """e => { const r = document.createRange(); r.selectNodeContents(e.firstChild);
  return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }"""


def test_a_five_character_name_stays_on_one_line_beside_long_details(login, live_server, db, shot):
    from engine.data import audit
    from engine.data.schema import app_user
    with db.begin() as conn:
        conn.execute(app_user.update().where(app_user.c.username == "admin")
                     .values(display_name="系統管理員"))
        audit.record(conn, case_id=None, at=NOW, actor="admin", action="comment",
                     note="颱風停止上班上課，" * 30)
    admin = login("admin", width=1024)
    admin.goto(f"{live_server}/admin/audit")
    who = admin.locator("#audit tbody .who").first
    assert who.inner_text().startswith("系統管理員")
    assert who.evaluate(NAME_LINES) == 1
    for heading in admin.locator("#audit thead th").all():   # 案件 over a column of dashes too
        assert heading.evaluate("e => e.getClientRects().length && e.getBoundingClientRect().height") < 40
    shot(admin, "audit-name-one-line")
