"""No timer of a case fires while its clock is stopped (補正: the case waits
on the petitioner). Its deadlines stand still; the resume moves them and
their timers by the working days lost (engine/cases/deadline_moves.py), and
they fire at the moved instant.

The scheduler does not claim such timers (engine/scheduling/timers.py); this
module covers the two other ways a timer could fire: a timer claimed just
before the clock stopped (the firing's one write hands it back instead),
and any other command on the case, since SpiffWorkflow's do_engine_steps
ends by firing every timer whose instant passed.
"""
from __future__ import annotations

from sqlalchemy import case as sql_case, update

from engine.data.schema import timer
from engine.scheduling import timers


def stopped(cmd) -> bool:
    """Whether the case's clock was stopped when the command locked it."""
    return getattr(cmd.case, "clock_stopped_at", None) is not None


def engine_steps(cmd) -> None:
    """`cmd.wf.do_engine_steps()`, its closing refresh of the timers held
    while the clock is stopped."""
    wf = cmd.wf
    if not stopped(cmd):
        wf.do_engine_steps()
        return
    wf.refresh_timers = _held   # shadows the method for this call only
    try:
        wf.do_engine_steps()
    finally:
        del wf.refresh_timers


def _held() -> None:
    return None


def firing(now) -> dict:
    """The values of a batch's one write that fires its claimed timers: a timer
    whose case's clock stopped since the claim is not fired but handed back
    in that same write (pending, unclaimed), so the scheduler takes it once
    the clock runs."""
    runs = timers.CLOCK_RUNS
    return dict(state=sql_case((runs, "fired"), else_="pending"),
                fired_at=sql_case((runs, now), else_=None),
                claimed_by=sql_case((runs, timer.c.claimed_by), else_=None),
                claimed_at=sql_case((runs, timer.c.claimed_at), else_=None))


def hand_back(conn, case_id: int, task_ids) -> None:
    """Timer rows marked fired while the clock stood still: pending again,
    unclaimed. Only when the clock stopped between a batch's write and its
    lock of the case (engine/cases/timerbatch.py); `firing` covers the rest."""
    conn.execute(update(timer).where(timer.c.case_id == case_id, timer.c.task_id.in_(list(task_ids)))
                 .values(state="pending", claimed_by=None, claimed_at=None, fired_at=None))
