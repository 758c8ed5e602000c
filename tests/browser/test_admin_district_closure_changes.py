"""An administrator extends a district typhoon closure (停班) to the district
an open petition's agency sits in, then reopens that district only, in the
browser: each time the page says how many deadlines moved."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from engine.cases import calendar_moves
from engine.cases.actors import Actor
from engine.data.schema import task
from engine.time.calendar import HOLIDAY, TAIPEI
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
def engine_(live_server, db, clock):
    from engine.cases.runtime import Engine
    return Engine(db, clock)


@pytest.fixture
def open_case(engine_, db):
    """A registered street-light letter, now at PWB's (苓雅區) 'handle'."""
    ref = engine_.start_case("petition", {"title": "鼓山區路燈不亮"}, actor=CLERK)
    with db.connect() as conn:
        reg = conn.execute(select(task.c.id).where(task.c.case_id == ref["id"],
                                                   task.c.element_id == "register")).scalar_one()
    engine_.claim(reg, CLERK)
    engine_.complete(reg, CLERK, registration())
    return ref["id"]


def test_admin_extends_a_closure_then_reopens_one_district(
        login, live_server, db, engine_, open_case, shot, accessible):
    due = _handle_due(db, open_case)
    calendar_moves.declare(engine_, calendar_moves.Change(
        due, HOLIDAY, "凱米颱風停止上班", frozenset({"QISHAN"})), Actor("admin", None, frozenset()))
    admin = login("admin")
    admin.goto(f"{live_server}/admin/calendar?year={due.year}")
    admin.fill("#day", due.isoformat())
    admin.select_option("#kind", "holiday")
    admin.check("input[name=districts][value=LINGYA]")
    admin.fill("#reason", "凱米颱風停止上班")
    admin.click("button:has-text('登錄到日曆')")
    flash = admin.locator(".flash.success").inner_text()
    assert "停班範圍已擴大" in flash and "苓雅區、旗山區" in flash and "1 件待辦期限已調整" in flash
    row = admin.locator(f"#overrides tr[data-day='{due.isoformat()}']")
    assert "苓雅區、旗山區" in row.inner_text()
    assert _handle_due(db, open_case) > due
    shot(admin, "admin-calendar-closure-extended")
    accessible(admin)

    row.locator("button:has-text('僅取消苓雅區停班')").click()
    flash = admin.locator(".flash.success").inner_text()
    assert "苓雅區當天取消停班（旗山區仍停班）：1 件待辦期限已調整。" in flash
    assert "僅取消" not in admin.locator(f"#overrides tr[data-day='{due.isoformat()}']").inner_text()
    assert _handle_due(db, open_case) == due
    shot(admin, "admin-calendar-district-reopened")
    accessible(admin)
