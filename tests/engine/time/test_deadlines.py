"""Deadline instants, stopped clocks and extensions (展期)."""
import sys
from pathlib import Path
from datetime import datetime, timezone

import pytest
from sqlalchemy import insert, select

from engine.time.calendar import TAIPEI, WorkingCalendar
from engine.time.clock import FrozenClock
from engine.time.deadlines import (
    after_working_days, before_working_days, calendar_days_due, extended_due,
    latest_without_extension, needs_extension, resumed_due, stopped_working_days,
    working_days_due,
)
from engine.cases.extensions import DeadlineError, exceeds_limit, resume_clock, stop_clock
from engine.data.schema import audit, case, petitioner, task
# Test helpers live in tests/engine; --import-mode=importlib does not put
# that folder on sys.path by itself.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from timing_support import add_cases

CAL = WorkingCalendar()


def tpe(*args):
    return datetime(*args, tzinfo=TAIPEI)


# (received in Taipei, n, kind, due instant in Taipei)
DUE_CASES = [
    (tpe(2025, 1, 24, 16, 0), 6, "working", tpe(2025, 2, 8, 23, 59, 59)),
    (tpe(2025, 1, 24, 16, 0), 15, "calendar", tpe(2025, 2, 8, 23, 59, 59)),   # 補班 Saturday stays
    (tpe(2024, 2, 7, 9, 0), 6, "working", tpe(2024, 2, 21, 23, 59, 59)),
    (tpe(2024, 2, 2, 9, 0), 15, "calendar", tpe(2024, 2, 17, 23, 59, 59)),    # 補班 Saturday stays
    (tpe(2026, 2, 13, 17, 30), 10, "working", tpe(2026, 3, 9, 23, 59, 59)),
    (tpe(2027, 2, 3, 8, 0), 6, "working", tpe(2027, 2, 18, 23, 59, 59)),
    # 23:30 UTC on Jan 23 is already Friday Jan 24 in Taipei.
    (datetime(2025, 1, 23, 23, 30, tzinfo=timezone.utc), 6, "working", tpe(2025, 2, 8, 23, 59, 59)),
]


@pytest.mark.parametrize("received,n,kind,due", DUE_CASES)
def test_due_instants(received, n, kind, due):
    fn = working_days_due if kind == "working" else calendar_days_due
    assert fn(received, n, CAL) == due


def test_reminder_and_escalation_instants():
    due = tpe(2025, 2, 3, 23, 59, 59)       # first working day after LNY
    assert before_working_days(due, 1, CAL) == tpe(2025, 1, 24, 8, 30)
    assert before_working_days(due, 0, CAL) == tpe(2025, 2, 3, 8, 30)
    assert after_working_days(due, 3, CAL) == tpe(2025, 2, 6, 23, 59, 59)
    assert after_working_days(tpe(2025, 2, 7, 23, 59, 59), 1, CAL) == tpe(2025, 2, 8, 23, 59, 59)


def test_stopped_clock_moves_the_due_date_by_the_working_days_stopped():
    due = tpe(2025, 3, 11, 23, 59, 59)
    # Asked on Friday 2025-01-24, answered Wednesday 2025-02-05: Feb 3, 4, 5 lost.
    stopped, resumed = tpe(2025, 1, 24, 10), tpe(2025, 2, 5, 15)
    assert stopped_working_days(stopped, resumed, CAL) == 3
    assert resumed_due(due, stopped, resumed, CAL) == tpe(2025, 3, 14, 23, 59, 59)
    assert stopped_working_days(resumed, resumed, CAL) == 0


def test_extension_and_30_day_rule():
    received = tpe(2025, 1, 13, 9)
    assert latest_without_extension(received, CAL) == tpe(2025, 2, 12, 23, 59, 59)
    assert not needs_extension(received, tpe(2025, 2, 12, 23, 59, 59), CAL)
    assert needs_extension(received, tpe(2025, 2, 13, 23, 59, 59), CAL)
    assert extended_due(tpe(2025, 1, 24, 23, 59, 59), 2, CAL) == tpe(2025, 2, 4, 23, 59, 59)
    with pytest.raises(ValueError):
        extended_due(received, 0, CAL)


@pytest.fixture
def db(db):
    eng = db
    now = tpe(2025, 1, 20, 9)
    with eng.begin() as conn:
        cid = add_cases(conn, 1, now=now)[0]
        conn.execute(case.update().values(title="路燈不亮", language="zh_TW"))
        conn.execute(insert(petitioner).values(case_id=cid, name="王小明", email="wang@example.org"))
        conn.execute(insert(task), [
            dict(id=tid, case_id=cid, process_key="petition", element_id=tid, state="ready",
                 created_at=now, due_at=due.astimezone(timezone.utc))
            for tid, due in (("t1", tpe(2025, 1, 24, 23, 59, 59)), ("t2", tpe(2025, 2, 5, 23, 59, 59)))])
    eng.case_id = cid
    return eng


def rows(db, table):
    with db.connect() as conn:
        return list(conn.execute(select(table)))


def as_utc(dt):
    return dt.replace(tzinfo=timezone.utc) if dt.tzinfo is None else dt


def test_thirty_days_from_receipt_need_an_extension(db):
    # (Extensions themselves are the petition model's: tests/models/test_petition_extension.py.)
    with db.connect() as conn:
        assert exceeds_limit(conn, db.case_id, tpe(2025, 2, 20, 23, 59, 59))
        assert not exceeds_limit(conn, db.case_id, tpe(2025, 2, 19, 23, 59, 59))


def test_stopped_clock_shifts_every_open_task(db):
    clock = FrozenClock(tpe(2025, 1, 22, 10))
    with db.begin() as conn:
        stop_clock(conn, clock, "officer1", db.case_id, reason="請補正地址")
    with pytest.raises(DeadlineError), db.begin() as conn:
        stop_clock(conn, clock, "officer1", db.case_id, reason="again")
    clock.set(tpe(2025, 2, 4, 14))   # Jan 23, 24, Feb 3, 4 stood still
    with db.begin() as conn:
        assert resume_clock(conn, clock, "officer1", db.case_id) == 4
    due = {r.id: as_utc(r.due_at) for r in rows(db, task)}
    assert due == {"t1": tpe(2025, 2, 6, 23, 59, 59), "t2": tpe(2025, 2, 10, 23, 59, 59)}  # via make-up Sat 2/8
    (c,) = rows(db, case)
    assert c.clock_stopped_at is None and as_utc(c.due_at) == due["t1"]
    assert [a.action for a in rows(db, audit)] == ["clock_stopped", "clock_resumed"]
