"""A calendar override moves the open deadlines it falls in, with their
timers, through the real petition model and the injected clock."""
from datetime import date

import pytest
from sqlalchemy import select

from engine.cases import calendar_moves
from engine.cases.actors import Actor
from engine.data.errors import NotFound
from engine.data.schema import audit, task, timer
from engine.time.calendar import HOLIDAY, TAIPEI
from engine.time.deadlines import as_utc

ADMIN = Actor("admin", "DOA", frozenset({"admin"}))


@pytest.fixture
def handled_case(road_petition):
    """A petition registered on Mon 2026-03-02: its handle task is due Tue 03-10."""
    return road_petition


def _open(db, cid) -> dict:
    with db.connect() as conn:
        return {r.element_id: r for r in conn.execute(select(task).where(
            task.c.case_id == cid, task.c.state == "ready"))}


def _days(db, cid) -> tuple[str, str]:
    """(the handle task's due day, its overdue timer's day) in Taipei."""
    with db.connect() as conn:
        overdue = conn.execute(select(timer.c.due_at).where(
            timer.c.case_id == cid, timer.c.element_id == "handle_overdue_timer",
            timer.c.state == "pending")).scalar_one()
    due = _open(db, cid)["handle"].due_at
    return tuple(as_utc(d).astimezone(TAIPEI).date().isoformat() for d in (due, overdue))


def test_a_closure_on_the_due_day_moves_the_deadline_and_its_timer(engine, db, handled_case):
    assert _days(db, handled_case) == ("2026-03-10", "2026-03-10")
    typhoon = calendar_moves.Change(date(2026, 3, 10), HOLIDAY, "颱風停班")
    assert calendar_moves.apply(engine, typhoon, ADMIN) == 1
    assert _days(db, handled_case) == ("2026-03-11", "2026-03-11")
    with db.connect() as conn:
        actions = list(conn.execute(select(audit.c.action, audit.c.case_id)).all())
    assert ("calendar_override", None) in actions
    assert ("deadline_moved", handled_case) in actions

    back = calendar_moves.Change(date(2026, 3, 10), None)
    assert calendar_moves.apply(engine, back, ADMIN) == 1
    assert _days(db, handled_case) == ("2026-03-10", "2026-03-10")


def test_a_closure_after_the_deadline_or_before_the_start_moves_nothing(engine, db, handled_case):
    for day in (date(2026, 3, 11), date(2026, 3, 2)):
        assert calendar_moves.apply(engine, calendar_moves.Change(day, HOLIDAY, "颱風"), ADMIN) == 0
    assert _days(db, handled_case) == ("2026-03-10", "2026-03-10")


def test_removing_a_missing_override_is_refused(engine, handled_case):
    with pytest.raises(NotFound):
        calendar_moves.apply(engine, calendar_moves.Change(date(2026, 3, 12), None), ADMIN)


def test_an_extra_working_saturday_inside_the_period_brings_the_deadline_forward(
        engine, db, handled_case):
    extra = calendar_moves.Change(date(2026, 3, 7), "workday", "補行上班")
    assert calendar_moves.apply(engine, extra, ADMIN) == 1
    assert _days(db, handled_case) == ("2026-03-09", "2026-03-09")
