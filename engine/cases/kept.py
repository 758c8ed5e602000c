"""A task the system handed back to its officer (`keep_with`, keeping.py): its
`claim` audit row names `kept_with`. The timeline words it as the system's
doing, not as a claim he made, and his task page says why it is already his:
the step whose completion handed it back (主管核准展期), the one completed
just before the claim in the same command (the same instant).
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import bindparam, select

from engine.data.schema import audit

KEPT = "kept"   # the timeline's action for such a claim (the audit still says `claim`)


@dataclass(frozen=True)
class HandedBack:
    keeper: str   # the officer's username
    after: str    # the element completed just before, in the same command ('' none)


def is_kept(action: str, detail: dict) -> bool:
    return action == "claim" and bool(detail.get("kept_with"))


def after(done: tuple | None, at) -> str:
    """`done`: (instant, element) of the latest completion read before a kept
    claim; its element when the same command completed it."""
    return done[1] if done is not None and done[0] == at else ""


_TRAIL = (select(audit.c.at, audit.c.actor, audit.c.action, audit.c.task_id, audit.c.detail)
          .where(audit.c.case_id == bindparam("cid"),
                 audit.c.action.in_(("claim", "unclaim", "complete")))
          .order_by(audit.c.id))


def handed_back(conn, task_row) -> HandedBack | None:
    """Why an open task is already its assignee's: the system handed it back
    and he still holds it (None after he returned it or another claimed it)."""
    if task_row.state != "ready" or not task_row.assignee:
        return None
    done, found = None, None
    for row in conn.execute(_TRAIL, {"cid": task_row.case_id}):
        detail = json.loads(row.detail or "{}")
        if row.action == "complete":
            done = (row.at, detail.get("element") or "")
        elif row.task_id == task_row.id:   # his latest claim or return of this task
            found = HandedBack(row.actor, after(done, row.at)) \
                if is_kept(row.action, detail) else None
    return found if found is not None and found.keeper == task_row.assignee else None
