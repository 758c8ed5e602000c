"""engine/demo/backlog.py: at the demo's end the department has work overdue
and work due within two working days, as on a real Monday morning, and the
overdue work has a holder in the department's team."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from engine.board.figures import BoardFilter, agency_board
from engine.data.schema import case, task
from engine.demo.backlog import REPAIRS, arrivals, weekdays_before
from engine.time.clock import TAIPEI

from .conftest import END


def test_the_cases_behind_arrive_on_weekdays_before_the_end():
    monday_night = datetime(2026, 6, 29, 23, 0, tzinfo=TAIPEI)
    assert weekdays_before(monday_night, 1) == datetime(2026, 6, 26, 9, 30, tzinfo=TAIPEI)
    assert weekdays_before(monday_night, 5) == datetime(2026, 6, 22, 9, 30, tzinfo=TAIPEI)
    times = [at for at, _ in arrivals(END)]
    assert len(times) == len(REPAIRS) + 1 and all(at < END and at.weekday() < 5 for at in times)


def test_the_department_ends_the_demo_with_overdue_and_due_soon_cases(demo):
    with demo.db.connect() as conn:
        board = agency_board(conn, None, BoardFilter(date(2026, 6, 1), date(2026, 6, 29), "DOA"), END)
        late = conn.execute(select(task.c.assignee).join(case, case.c.id == task.c.case_id).where(
            task.c.state == "ready", task.c.candidate_agency == "DOA", task.c.due_at < END,
            case.c.title.like("設施報修：%"))).scalars().all()
    [doa] = [r for r in board.rows if r.key == "DOA"]
    assert doa.overdue >= 3 and doa.due_soon >= 1
    assert late and all(late)   # a named officer holds each overdue repair
