"""A task the system handed back to its officer (`keep_with`, keeping.py): its
`claim` audit row names `kept_with`. The timeline words it as the system's
doing, not as a claim he made, and his task page says why it is already his:
the step whose completion handed it back (主管核准展期), the one completed
just before the claim in the same command (the same instant).
"""
from __future__ import annotations

from dataclasses import dataclass

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


def handed_back(timeline, task_row) -> HandedBack | None:
    """Why an open task is already its assignee's: the system handed it back
    and he still holds it (None after he returned it or another claimed it).
    `timeline`: casefile.timeline's entries, which the task page's panel has
    read already (no statement of its own)."""
    if task_row.state != "ready" or not task_row.assignee:
        return None
    last = None
    for entry in timeline:
        if entry.task_id == task_row.id and entry.action in ("claim", "unclaim", KEPT):
            last = entry
    if last is None or last.action != KEPT or last.actor != task_row.assignee:
        return None
    return HandedBack(last.actor, dict(last.detail).get("kept_after", ""))
