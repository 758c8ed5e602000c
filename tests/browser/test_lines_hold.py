"""What a clerk reads at a glance stays whole on its line: a case number in
the audit trail never breaks at its hyphen, an action reads on one line, a
state badge (尚未寄出) never wraps inside its badge; the header's case-number
box shows a whole number at 1024 px and the header fits a 390 px phone."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import insert

from engine.data.schema import outbox

pytestmark = pytest.mark.browser
NOW = datetime(2026, 3, 10, 2, 0, tzinfo=timezone.utc)

# The lines an element's text takes on screen: the distinct tops of its text's boxes.
LINES = """e => { const r = document.createRange(); r.selectNodeContents(e);
  return new Set([...r.getClientRects()].filter(b => b.width > 0).map(b => Math.round(b.top))).size; }"""


def lines(locator) -> list[int]:
    return [cell.evaluate(LINES) for cell in locator.all()]


@pytest.fixture
def queued(live_server, db):
    """Notices waiting, to long addresses, about long subjects (the outbox's widest rows)."""
    with db.begin() as conn:
        for n in range(3):
            conn.execute(insert(outbox).values(
                kind="reply", recipient=f"citizen0365{n}-long.address@example.org",
                subject=f"陳情案件答覆（案號 115-00365{n}）：有關本市三民區建國一路人行道破損",
                body="…", dedupe_key=f"k{n}", status="pending", created_at=NOW, next_attempt_at=NOW))


@pytest.mark.parametrize("width", [1280, 1024])
def test_the_audit_trail_keeps_case_numbers_and_actions_on_one_line(login, live_server, pwb1_holds,
                                                                      width, shot):
    pwb1_holds(2)
    admin = login("admin", width=width)
    admin.goto(f"{live_server}/admin/audit")
    numbers = admin.locator("#audit td[data-label='案件'] a")
    assert numbers.count() >= 4 and set(lines(numbers)) == {1}, lines(numbers)
    actions = admin.locator("#audit td[data-label='動作'] div")
    assert set(lines(actions)) == {1}, list(zip(actions.all_inner_texts(), lines(actions)))
    shot(admin, f"audit-lines-{width}")


@pytest.mark.parametrize("width", [1280, 1024, 390])
def test_the_outbox_state_badge_never_wraps(login, live_server, queued, width, shot):
    admin = login("admin", width=width)
    admin.goto(f"{live_server}/admin/outbox")
    badges = admin.locator("#notices .status")
    assert badges.count() == 3 and badges.first.inner_text() == "尚未寄出"
    assert set(lines(badges)) == {1}, lines(badges)
    assert set(lines(admin.locator("nav.tabs .badge"))) == {1}
    shot(admin, f"outbox-badges-{width}")


@pytest.fixture
def named(db):
    """The names the header shows beside the links, as long as the city's."""
    from sqlalchemy import update

    from engine.data.schema import app_user
    with db.begin() as conn:
        for username, name in (("admin", "系統管理員"), ("pwbboss", "工務局主管")):
            conn.execute(update(app_user).where(app_user.c.username == username)
                         .values(display_name=name))


@pytest.mark.parametrize("username", ["admin", "pwbboss"])
def test_the_header_case_box_shows_a_whole_number_at_1024(login, named, username, shot):
    page = login(username, width=1024)
    box = page.locator("#case-number")
    box.fill("115-000407")
    width, text = box.evaluate("e => [e.clientWidth, e.scrollWidth]")
    assert width >= text and width >= 100, (width, text)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    shot(page, f"header-1024-{username}")


@pytest.mark.parametrize("username", ["admin", "pwbboss"])
def test_the_header_fits_a_phone(login, named, username, shot):
    page = login(username, width=390)
    header = page.locator("header.topbar").bounding_box()
    assert header["x"] >= 0 and header["x"] + header["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    right = page.evaluate("Math.max(...[...document.querySelectorAll('header *')]"
                          ".map(e => e.getBoundingClientRect().right))")
    assert right <= 390, right
    box = page.locator("#case-number")
    box.fill("115-000407")
    assert box.evaluate("e => e.clientWidth >= e.scrollWidth")
    shot(page, f"header-390-{username}")
