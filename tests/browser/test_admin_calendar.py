"""An administrator declares a typhoon closure (停班) on the day an open
petition is due, in the browser: the page says one deadline moved, the
closure is listed, and the case's deadline is a working day later."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from engine.data.schema import task
from engine.time.calendar import TAIPEI
from engine.time.deadlines import as_utc
from webtest_support import CLERK, registration

pytestmark = pytest.mark.browser


def _handle_due(db, case_id):
    with db.connect() as conn:
        due = conn.execute(select(task.c.due_at).where(
            task.c.case_id == case_id, task.c.element_id == "handle",
            task.c.state == "ready")).scalar_one()
    return as_utc(due).astimezone(TAIPEI).date()


@pytest.fixture
def open_case(live_server, db, clock):
    """A registered street-light letter, now at PWB's 'handle' with a deadline."""
    from engine.cases.runtime import Engine
    engine = Engine(db, clock)
    ref = engine.start_case("petition", {"title": "鼓山區路燈不亮"}, actor=CLERK)
    with db.connect() as conn:
        reg = conn.execute(select(task.c.id).where(task.c.case_id == ref["id"],
                                                   task.c.element_id == "register")).scalar_one()
    engine.claim(reg, CLERK)
    engine.complete(reg, CLERK, registration())
    return ref["id"]


def test_admin_declares_a_typhoon_closure_and_sees_deadlines_move(
        login, live_server, db, open_case, shot, accessible):
    due = _handle_due(db, open_case)
    admin = login("admin")
    admin.goto(f"{live_server}/admin")
    admin.click("nav.tabs a:has-text('工作日曆')")
    assert "工作日曆" in admin.locator("h1").inner_text()
    accessible(admin)

    admin.fill("#day", due.isoformat())
    admin.select_option("#kind", "holiday")
    admin.fill("#reason", "凱米颱風停止上班")
    admin.click("button:has-text('登錄到日曆')")
    assert "1 件待辦期限已調整" in admin.locator(".flash.success").inner_text()
    listed = admin.locator(f"#overrides tr[data-day='{due.isoformat()}']").inner_text()
    assert "停止上班" in listed and "凱米颱風停止上班" in listed
    assert f"民國{due.year - 1911}年{due.month}月{due.day}日" in listed
    shot(admin, "admin-calendar-typhoon")
    accessible(admin)
    assert _handle_due(db, open_case) > due

    admin.fill("#day", "2026-01-01")                 # New Year's Day: already off
    admin.select_option("#kind", "holiday")
    admin.fill("#reason", "颱風")
    admin.click("button:has-text('登錄到日曆')")
    assert "這一天已經放假" in admin.locator(".field-error").inner_text()
    accessible(admin)
