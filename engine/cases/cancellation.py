"""An administrator cancels (註銷) an open case: a test case, a duplicate
registered twice. Its open tasks and timers are cancelled, the case is
marked `cancelled` and the petitioner is told, as with any closure, through
the outbox in the same transaction (the `cancellation` notice). The cars,
drivers and rooms it holds are released in the same transaction.
"""
from __future__ import annotations

from sqlalchemy import delete, update

from engine.data.errors import Conflict, Forbidden
from engine.data.schema import case, message_wait, timer
from engine.resources import reservations

from .actors import Actor
from .index import find_task


def cancel_case(engine, case_id: int, reason: str, actor: Actor, expected_version=None) -> None:
    if "admin" not in actor.roles:
        raise Forbidden("only an administrator may cancel a case", code="not_admin")

    def body(cmd):
        if cmd.case.status != "open":
            raise Conflict("the case is already closed", case_id=case_id,
                           code="handled_by_other")
        cmd.wf.cancel()
        # Its cars, drivers and rooms are free again (engine/resources).
        released = reservations.release_case(cmd.conn, cmd.case_id, cmd.now)
        _drop_orphans(cmd.wf)
        cmd.notices.append({"kind": "cancellation", "to": "petitioner",
                            "params": {"reason": reason}})
        cmd.record("cancel", reason=reason, **({"released": released} if released else {}))

    engine.execute(case_id, actor, body, expected_version, then=_close_cancelled)


def _close_cancelled(cmd) -> None:
    """After the command's writes: the workflow ended without finishing its
    work (not "completed"), and its cancelled waits left the tree without
    passing the index, so they are stopped here."""
    conn, case_id = cmd.conn, cmd.case_id
    conn.execute(update(case).where(case.c.id == case_id).values(status="cancelled"))
    conn.execute(update(timer).where(timer.c.case_id == case_id,
                                     timer.c.state.in_(("pending", "claimed")))
                 .values(state="cancelled"))
    conn.execute(delete(message_wait).where(message_wait.c.case_id == case_id))


def _drop_orphans(wf) -> None:
    """Cancelling drops the children of cancelled tasks, among them the tasks
    that owned running subprocesses: those subprocesses go too (the store
    then deletes their rows), as nothing can reach them any more."""
    while True:
        orphans = [sid for sid in wf.subprocesses if find_task(wf, str(sid)) is None]
        if not orphans:
            return
        for sid in orphans:
            del wf.subprocesses[sid]
