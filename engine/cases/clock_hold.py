"""No timer of a case fires while its clock is stopped (補正: the case waits
on the petitioner). Its deadlines stand still; the resume moves them and
their timers by the working days lost (engine/cases/deadline_moves.py), and
they fire at the moved instant.

The scheduler does not claim such timers (engine/scheduling/timers.py); this
module covers the two other ways a timer could fire: a timer claimed just
before the clock stopped, and any other command on the case, since
SpiffWorkflow's do_engine_steps ends by firing every timer whose instant passed.
"""
from __future__ import annotations

from sqlalchemy import update

from engine.data.schema import timer


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


def hand_back(conn, case_id: int, task_ids) -> None:
    """Timer rows marked fired (or claimed) while the clock stood still: pending
    again, unclaimed, so the scheduler takes them once the clock runs."""
    conn.execute(update(timer).where(timer.c.case_id == case_id, timer.c.task_id.in_(list(task_ids)))
                 .values(state="pending", claimed_by=None, claimed_at=None, fired_at=None))
