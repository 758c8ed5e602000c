"""A supervisor signs in and their first screen, the inbox, lists what waits
for their decision (an officer's extension request) with the navigation's
count; the request is marked in the agency queue, whose count is the team
view's, and the team view says in words that an officer's queue leaves it
out. An officer's inbox shows none of it.

Received Monday 2026-03-02: PWB's `handle` is due 03-10, five working days
more is 03-17."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from engine.data.schema import case

from webtest_support import registered_petition

pytestmark = pytest.mark.browser

PERSON = {"name": "王小明", "email": "ming@example.tw"}


@pytest.fixture
def asked(live_server, db, clock):
    """Two street-light petitions at PWB; pwb1 asked to extend the first: its number."""
    from engine.cases.actors import Actor
    from engine.cases.runtime import Engine
    from webapp.petitions import ready_task
    number = registered_petition(db, clock, "鼓山區路燈不亮", PERSON)
    registered_petition(db, clock, "左營區路燈閃爍", PERSON)
    rt, officer = Engine(db, clock), Actor("pwb1", "PWB", frozenset({"officer"}))
    with db.connect() as conn:
        case_id = conn.execute(select(case.c.id).where(case.c.number == number)).scalar()
        handle = ready_task(conn, case_id, "handle")
    rt.claim(handle.id, officer)
    rt.complete(handle.id, officer, {"handling_action": "extension", "extension_days": 5,
                                     "extension_reason": "需會同廠商現場會勘"})
    return number


def test_the_supervisors_first_screen_shows_what_waits_for_their_decision(login, asked, shot,
                                                                          accessible):
    boss = login("pwbboss")
    panel = boss.locator("#decisions-waiting")
    expect(panel).to_be_visible()
    assert panel.locator("h2 .badge").inner_text() == "1"
    assert boss.locator("header nav a[href='/decisions'] .badge").inner_text() == "1"
    item = panel.locator("li", has_text=asked)
    assert "主管核准展期" in item.inner_text() and "擬展延至 民國115年3月17日" in item.inner_text()
    accessible(boss)
    shot(boss, "inbox-decisions-1-first-screen")
    queue_badge = boss.locator("nav.tabs a[data-view=queue] .badge").inner_text()
    row = boss.locator("#inbox-table tr", has_text=asked)
    expect(row.locator(".status.decision")).to_have_text("待主管核決")
    boss.goto(boss.url.split("/inbox")[0] + "/inbox?view=team")
    queue = boss.locator("#workload-table tr[data-officer='-']")
    assert queue.locator("[data-figure=held]").inner_text().strip() == queue_badge == "2"
    assert "其中 1 件待主管核決" in queue.inner_text()
    assert "承辦人看到的是 1 件" in boss.locator("#workload-decisions").inner_text()
    accessible(boss)
    shot(boss, "inbox-decisions-2-team")
    boss.goto(boss.url.split("/inbox")[0] + "/inbox")
    panel.locator("li", has_text=asked).locator("a").click()
    boss.wait_for_selector("#decide-h")
    assert "需會同廠商現場會勘" in boss.content()

    officer = login("pwb1")
    assert officer.locator("#decisions-waiting").count() == 0
    assert officer.locator(".status.decision").count() == 0
