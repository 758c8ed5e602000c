"""engine/demo/backlog.py: at the demo's end the department has work overdue
and work due within two working days, as on a real Monday morning, the
overdue work has a holder in the department's team, and the bureaus'
supervisors have extension requests waiting for their decision."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from engine.board.figures import BoardFilter, agency_board
from engine.data.schema import case, task
from engine.demo.backlog import REPAIRS, WAITING, arrivals, counts, weekdays_before
from engine.time.clock import TAIPEI

from .conftest import DAYS, END


def test_the_cases_behind_arrive_on_weekdays_before_the_end():
    monday_night = datetime(2026, 6, 29, 23, 0, tzinfo=TAIPEI)
    assert weekdays_before(monday_night, 1) == datetime(2026, 6, 26, 9, 30, tzinfo=TAIPEI)
    assert weekdays_before(monday_night, 5) == datetime(2026, 6, 22, 9, 30, tzinfo=TAIPEI)
    times = [at for at, _ in arrivals(END, DAYS)]
    assert len(times) == len(REPAIRS) + 1 + len(WAITING)
    assert all(at < END and at.weekday() < 5 for at in times)
    assert counts(END, DAYS) == {"facility_repair": len(REPAIRS), "document_exchange_signup": 1,
                                 "petition": len(WAITING)}


def test_a_short_demo_leaves_out_what_was_reported_before_it_began():
    # 15 days back from Tuesday 30 June 17:00 is Monday 15 June: the repair of 13
    # working days before (11 June) is older than the run, the others are not.
    kept = arrivals(END, 15)
    assert all(at >= END - timedelta(days=15) for at, _ in kept)
    assert len(kept) == len(REPAIRS) + len(WAITING)
    assert counts(END, 15) == {"facility_repair": len(REPAIRS) - 1, "document_exchange_signup": 1,
                               "petition": len(WAITING)}
    # Only yesterday's urgent repair and the last two days' petitions.
    assert counts(END, 5) == {"facility_repair": 1, "petition": len(WAITING)}
    assert counts(END, 0) == {}


def test_the_department_ends_the_demo_with_overdue_and_due_soon_cases(demo):
    with demo.db.connect() as conn:
        board = agency_board(conn, None, BoardFilter(date(2026, 6, 1), date(2026, 6, 29), "DOA"), END)
        late = conn.execute(select(task.c.assignee).join(case, case.c.id == task.c.case_id).where(
            task.c.state == "ready", task.c.candidate_agency == "DOA", task.c.due_at < END,
            case.c.title.like("設施報修：%"))).scalars().all()
    [doa] = [r for r in board.rows if r.key == "DOA"]
    assert doa.overdue >= 3 and doa.due_soon >= 1
    assert late and all(late)   # a named officer holds each overdue repair


def test_the_bureaus_supervisors_find_extension_requests_waiting(demo):
    with demo.db.connect() as conn:
        waiting = conn.execute(select(task.c.candidate_agency, case.c.title).join(
            case, case.c.id == task.c.case_id).where(
            task.c.state == "ready", task.c.element_id == "approve_extension",
            case.c.title.in_([w[3] for w in WAITING]))).all()
    assert sorted(waiting) == sorted([("EPB", "工地夜間施工噪音"), ("PWB", "人行道地磚翹起"),
                                      ("PWB", "整排路燈不亮")])
