"""An administrator declares a typhoon closure (停班) on the day an open
petition is due, in the browser: the page says one deadline moved, the
closure is listed, and the case's deadline is a working day later."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
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


def _case_number(db, case_id):
    from engine.data.schema import case
    with db.connect() as conn:
        return conn.execute(select(case.c.number).where(case.c.id == case_id)).scalar_one()


@pytest.fixture
def three_agencies_cases(live_server, db, clock):
    """Open petitions at PWB (苓雅區), AGRI (鳳山區) and POL (前金區), all due the same day."""
    from engine.cases.runtime import Engine
    engine = Engine(db, clock)
    ids = []
    for title, category in (("路燈不亮", "street_light"), ("流浪犬聚集", "stray_animals"),
                            ("深夜飆車", "public_order")):
        ref = engine.start_case("petition", {"title": title}, actor=CLERK)
        with db.connect() as conn:
            reg = conn.execute(select(task.c.id).where(
                task.c.case_id == ref["id"], task.c.element_id == "register")).scalar_one()
        engine.claim(reg, CLERK)
        engine.complete(reg, CLERK, registration(subject=title, category=category))
        ids.append(ref["id"])
    return ids


def test_admin_closes_two_districts_and_sees_which_deadlines_moved(
        login, live_server, db, three_agencies_cases, shot, accessible):
    pwb, agri, pol = three_agencies_cases
    due = _handle_due(db, pwb)
    assert _handle_due(db, agri) == _handle_due(db, pol) == due
    admin = login("admin")
    admin.goto(f"{live_server}/admin/calendar")
    admin.fill("#day", due.isoformat())
    admin.select_option("#kind", "holiday")
    admin.get_by_label("苓雅區", exact=True).check()
    admin.get_by_label("鳳山區", exact=True).check()
    admin.fill("#reason", "凱米颱風：苓雅區、鳳山區停止上班")
    accessible(admin)
    admin.click("button:has-text('登錄到日曆')")

    assert "2 件待辦期限已調整" in admin.locator(".flash.success").inner_text()
    assert "2 件待辦期限已調整" in admin.locator("#moved-title").inner_text()
    moved = admin.locator("#moved tbody")
    expect(moved.locator("tr")).to_have_count(2)
    text = moved.inner_text()
    assert _case_number(db, pwb) in text and _case_number(db, agri) in text
    assert _case_number(db, pol) not in text
    assert text.count("辦理並擬復") == 2 and "工務局" in text and "農業局" in text
    assert f"民國{due.year - 1911}年{due.month}月{due.day}日" in text
    assert "handle" not in text
    listed = admin.locator(f"#overrides tr[data-day='{due.isoformat()}']").inner_text()
    assert "苓雅區" in listed and "鳳山區" in listed
    shot(admin, "admin-calendar-district-closure")
    accessible(admin)
    assert _handle_due(db, pwb) > due and _handle_due(db, agri) > due
    assert _handle_due(db, pol) == due

    admin.locator(f"#overrides tr[data-day='{due.isoformat()}'] button:has-text('移除')").click()
    assert "2 件待辦期限已調整" in admin.locator("#moved-title").inner_text()
    assert "已移除" in admin.locator("#moved-title + p").inner_text()
    assert "苓雅區、鳳山區" in admin.locator("#moved-title + p").inner_text()
    assert _handle_due(db, pwb) == due and _handle_due(db, agri) == due
    accessible(admin)
