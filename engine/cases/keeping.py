"""A step that comes back to its officer: a task declared
`<civicflow:task keep_with="handle">` is created already claimed by whoever
completed the latest `handle` of the case (林先生 asked for an extension, his
supervisor decided, the handling loop opens a new `handle`: his again), when
that person may still do it: an active account of the task's agency holding
its role. Otherwise the task goes to the agency's queue like any other.

Tasks that declare nothing cost no statement. The completer comes from the
command's own completions, else from the row the decision's `not_by` check
already read in this command (separation.last_completer), else one read.
The claim is audited as a claim, in the command's transaction.
"""
from __future__ import annotations

from uuid import UUID

from .actors import SYSTEM, Actor, can_work
from .assignment import officer, roles_of
from .separation import last_completer


def assign(cmd, rows: list[dict]) -> None:
    """Give each new task row whose model declares keep_with to its keeper."""
    for row in rows:
        meta = cmd.definition.tasks.get(row["element_id"])
        if meta is None or not meta.keep_with:
            continue
        who = _completer(cmd, meta.keep_with)
        if who is None or not _may_do(who, row["candidate_agency"], row["candidate_role"]):
            continue
        row["assignee"] = who.username
        cmd.record("claim", row["id"], actor=who.username, element=row["element_id"],
                   kept_with=meta.keep_with)


def _may_do(who: Actor, agency, role) -> bool:
    # As a supervisor's reassignment: the agency's own people only, never an
    # administrator of another agency by their "anything" role.
    return can_work(who, agency, role) and (not agency or who.agency == agency)


def _completer(cmd, element_id: str) -> Actor | None:
    """Who completed the latest `element_id` task: in this command (its
    actor, whose completion is not yet in the audit trail), else as the
    trail and their account say."""
    for tid, username in reversed(cmd.completed_by.items()):
        if _element_of(cmd, tid) == element_id:
            if username == SYSTEM.username:
                return None
            return cmd.actor if username == cmd.actor.username else officer(cmd.conn, username)
    return _account(last_completer(cmd.conn, cmd.case_id, element_id, cmd.completers))


def _element_of(cmd, tid: str) -> str | None:
    row = cmd.task_rows.get(tid)
    if row is not None:
        return row.element_id
    spec = cmd.wf.get_task_from_id(UUID(tid)).task_spec
    return getattr(spec, "bpmn_id", None) or spec.name


def _account(row) -> Actor | None:
    """The completer's active account as an Actor; None when gone or deactivated."""
    if row is None or not row.active:
        return None
    return Actor(row.actor, row.agency_code, roles_of(row.roles))
