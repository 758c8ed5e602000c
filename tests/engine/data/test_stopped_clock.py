"""'The case's clock runs' has one definition (engine/data/stopped_clock.py),
used by the inbox's overdue and due-soon filters, the section chief's
workload and the timer claim; each of them reads the few waiting cases from
the partial index ix_case_clock_stopped (migration 0014) on both dialects,
never the case table once per task or timer row."""
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import insert, select, update

from engine.board import workload
from engine.cases import queries
from engine.cases.queries import InboxFilter, Viewer
from engine.data.schema import case, task, timer
from engine.data.stopped_clock import clock_runs
from engine.scheduling import timers

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from plan_support import plan as plan_of, statements  # noqa: E402
from timing_support import T0, add_cases, add_timers  # noqa: E402

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc)
OFFICER = Viewer("o1", "B000", frozenset({"officer"}))


def test_the_inbox_workload_and_timers_agree_which_case_waits(db):
    """A waiting and a running case, each with an overdue queue task and a
    due timer: the inbox's overdue list, the workload's counts and the timer
    claim each leave the waiting case's out (the workload counts it apart)."""
    with db.begin() as conn:
        waiting, running = add_cases(conn, 2)
        add_timers(conn, [waiting, running], T0)
        conn.execute(insert(task), [dict(id=f"k{c}", case_id=c, process_key="petition",
                                         element_id="handle", candidate_agency="B000",
                                         state="ready", created_at=T0, due_at=T0)
                                    for c in (waiting, running)])
        conn.execute(update(case).where(case.c.id == waiting).values(clock_stopped_at=T0))
    with db.begin() as conn:
        overdue = queries.inbox(conn, OFFICER, InboxFilter(view="queue", overdue=True), NOW)
        queue = workload.counts(conn, "B000", NOW, NOW + timedelta(days=2))[None]
        claimed = timers.claim_due(conn, NOW, "w", 10)
        running_timer = conn.execute(select(timer.c.id).where(timer.c.case_id == running)).scalar()
    assert [r.id for r in overdue] == [f"k{running}"]
    assert (queue.held, queue.overdue, queue.waiting) == (2, 1, 1)
    assert claimed == [running_timer]


def test_it_is_not_correlated_to_a_joined_case(db):
    """The inbox joins `case` itself: the condition still asks about the row's case."""
    with db.begin() as conn:
        waiting, running = add_cases(conn, 2)
        add_timers(conn, [waiting, running], T0)
        conn.execute(update(case).where(case.c.id == waiting).values(clock_stopped_at=T0))
        joined = select(timer.c.case_id).join(case, case.c.id == timer.c.case_id)
        assert conn.execute(joined.where(clock_runs(timer.c.case_id))).scalars().all() == [running]
        assert conn.execute(joined.where(~clock_runs(timer.c.case_id))).scalars().all() == [waiting]


READERS = {
    "inbox overdue": lambda c: queries.inbox(c, OFFICER, InboxFilter(view="queue", overdue=True), NOW),
    "inbox due soon": lambda c: queries.inbox(c, OFFICER, InboxFilter(view="queue", due_within_days=2),
                                              NOW),
    "workload": lambda c: workload.counts(c, "B000", NOW, NOW + timedelta(days=2)),
    "timer claim": lambda c: timers.claim_due(c, NOW, "w", 10),
    "scheduler wake-up": timers.next_due,
}


@pytest.mark.parametrize("reader", READERS, ids=list(READERS))
def test_each_reader_takes_the_waiting_cases_from_the_partial_index(db, reader):
    (statement, params), = statements(db, READERS[reader])
    plan = plan_of(db, statement, params)
    lines = plan.splitlines()
    reads = [i for i, line in enumerate(lines) if " waiting" in line]   # the condition's own alias
    assert reads, plan
    for i in reads:   # from the partial index, once (not probed by primary key per row)
        assert "ix_case_clock_stopped" in lines[i], plan
        if db.dialect.name == "sqlite":
            assert lines[i - 1].startswith("LIST SUBQUERY"), plan
