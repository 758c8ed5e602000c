"""One action on many tasks or cases: an officer leaves and their open tasks go
to colleagues or back to the queue, a category moves to another bureau, a
batch of test cases is cancelled.

Each item is its own command (its own transaction, audit row and conflict
check), so a task someone finished or took meanwhile is reported for that
item ("handled by someone else", with who and when) and never overwritten,
and a refusal midway leaves the items before and after it done. The
arguments are checked once, before any item runs.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import select

from engine.data.errors import Conflict, EngineError, Forbidden, InvalidData
from engine.data.schema import agency, audit, case, task
from engine.models.forms import FieldError
from engine.time.clock import to_iso
from engine.time.deadlines import as_utc

from . import assignment, cancellation, transfer
from .actors import Actor
from .assignment import ANY

log = logging.getLogger(__name__)
TASK_ACTIONS = ("reassign", "return", "transfer")
CASE_ACTIONS = ("cancel",)
REASON_MAX = 500
MAX_ITEMS = 1000


@dataclass(frozen=True)
class Action:
    kind: str
    officer: str | None = None    # reassign: the username
    agency: str | None = None     # transfer: the agency code
    reason: str = ""              # transfer, cancel


@dataclass(frozen=True)
class Item:
    id: str | int                 # a task id, or a case id for a case action
    expected: object = ANY        # the assignee the supervisor saw (tasks)


@dataclass
class Result:
    id: str | int
    status: str                   # ok | conflict | refused
    code: str | None = None       # why not: handled_by_other, not_supervisor, ...
    params: dict = field(default_factory=dict)
    number: str | None = None     # the case number, for the summary
    task: str | None = None       # the task's stored name
    element_id: str | None = None  # its step's element id: a nameless step's stored name is it


def check(conn, action: Action, actor: Actor, count: int) -> None:
    """The action's own arguments, once for the run: InvalidData names each
    bad field; Forbidden when the actor may not run it at all."""
    if action.kind in CASE_ACTIONS and "admin" not in actor.roles:
        raise Forbidden("only an administrator may cancel cases", code="not_admin")
    if action.kind in TASK_ACTIONS and not actor.has("supervisor"):
        raise Forbidden("only a supervisor may move tasks", code="not_supervisor")
    errors = _field_errors(conn, action)
    if action.kind == "transfer" and _own_agency(action, actor):
        errors["agency"] = FieldError("the tasks are already at this agency", "own_agency",
                                      {"agency": action.agency})
    if count > MAX_ITEMS:
        errors["ids"] = FieldError(f"at most {MAX_ITEMS} items", "too_many", {"max": MAX_ITEMS})
    elif count == 0:
        errors["ids"] = FieldError("nothing selected", "required")
    if errors:
        raise InvalidData("the bulk action has invalid fields", errors)


def _field_errors(conn, action: Action) -> dict:
    errors = {}
    if action.kind not in TASK_ACTIONS + CASE_ACTIONS:
        return {"action": FieldError("unknown action", "choice",
                                     {"allowed": list(TASK_ACTIONS + CASE_ACTIONS)})}
    if action.kind == "reassign":
        if not action.officer:
            errors["officer"] = FieldError("required", "required")
        elif assignment.officer(conn, action.officer) is None:
            errors["officer"] = FieldError("no such active user", "unknown_officer")
    if action.kind == "transfer":
        if not action.agency:
            errors["agency"] = FieldError("required", "required")
        elif not conn.execute(select(agency.c.active).where(agency.c.code == action.agency)).scalar():
            errors["agency"] = FieldError("no such active agency", "unknown_agency")
    if action.kind in ("transfer", "cancel"):
        if not action.reason.strip():
            errors["reason"] = FieldError("required", "required")
        elif len(action.reason) > REASON_MAX:
            errors["reason"] = FieldError(f"at most {REASON_MAX} characters", "too_long",
                                          {"max": REASON_MAX})
    return errors


def _own_agency(action: Action, actor: Actor) -> bool:
    """A transfer to the supervisor's own agency: the only tasks they may move
    are already there, so it would move nothing. (An administrator moves any
    agency's tasks: one already at the chosen agency is refused on its own.)"""
    return bool(action.agency) and action.agency == actor.agency and "admin" not in actor.roles


def run(engine, action: Action, items: Iterable[Item], actor: Actor,
        progress: Callable[[int, int, Result], None] | None = None) -> list[Result]:
    """Apply `action` to each item in turn; one Result per item, in order.
    `progress(done, total, result)` is called after each item."""
    items = list(items)
    with engine.db.connect() as conn:
        check(conn, action, actor, len(items))
        names = _names(conn, action, items)
    results = []
    for item in items:
        result = _one(engine, action, item, actor)
        result.number, result.task, result.element_id = names.get(str(item.id), (None, None, None))
        results.append(result)
        if progress:
            progress(len(results), len(items), result)
    return results


def _one(engine, action: Action, item: Item, actor: Actor) -> Result:
    try:
        _apply(engine, action, item, actor)
    except Conflict:
        return Result(item.id, "conflict", "handled_by_other", _who_when(engine, action, item))
    except EngineError as exc:
        params = {k: v for k, v in exc.detail.items() if k != "code" and _plain(v)}
        return Result(item.id, "refused", exc.detail.get("code") or _code_of(exc), params)
    except Exception:   # one broken item must not stop the others; the log has it
        log.exception("bulk %s failed on %s", action.kind, item.id)
        return Result(item.id, "refused", "failed")
    return Result(item.id, "ok")


def _apply(engine, action: Action, item: Item, actor: Actor) -> None:
    if action.kind == "reassign":
        assignment.reassign(engine, str(item.id), action.officer, actor, item.expected)
    elif action.kind == "return":
        assignment.return_to_queue(engine, str(item.id), actor, item.expected)
    elif action.kind == "transfer":
        transfer.transfer(engine, str(item.id), action.agency, action.reason.strip(), actor,
                          item.expected)
    else:
        cancellation.cancel_case(engine, _case_id(item.id), action.reason.strip(), actor)


def _case_id(value) -> int:
    """A case item's id: an int in the column's range (anything else finds nothing)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31:
        return value
    raise EngineError("no such case", code="not_found")


def _code_of(exc: EngineError) -> str:
    return {403: "not_allowed", 404: "not_found", 422: "invalid"}.get(exc.status, "refused")


def _plain(value) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _names(conn, action: Action, items: list[Item]) -> dict:
    """{item id: (case number, task name, element id)} for the summary, read in chunks."""
    out, ids = {}, [i.id for i in items]
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        if action.kind in CASE_ACTIONS:
            wanted = [i for i in chunk if isinstance(i, int) and 0 < i < 2**31]
            rows = conn.execute(select(case.c.id, case.c.number).where(case.c.id.in_(wanted)))
            out.update({str(r.id): (r.number, None, None) for r in rows})
        else:
            chunk = [str(i) for i in chunk]
            rows = conn.execute(select(task.c.id, task.c.name, task.c.element_id, case.c.number)
                                .join(case, case.c.id == task.c.case_id).where(task.c.id.in_(chunk)))
            out.update({r.id: (r.number, r.name, r.element_id) for r in rows})
    return out


def _who_when(engine, action: Action, item: Item) -> dict:
    """Who handled the item meanwhile and when, where the database knows."""
    with engine.db.connect() as conn:
        if action.kind in CASE_ACTIONS:
            row = conn.execute(select(case.c.status).where(case.c.id == _case_id(item.id))).first()
            last = _last_audit(conn, audit.c.case_id == _case_id(item.id))
            return _describe(row.status if row else None, last)
        row = conn.execute(select(task.c.state, task.c.assignee, task.c.completed_by,
                                  task.c.completed_at).where(task.c.id == str(item.id))).first()
        last = _last_audit(conn, audit.c.task_id == str(item.id))
        out = _describe(row.state if row else None, last)
        if row is not None:
            out["assignee"] = row.assignee
            if row.completed_by:
                out.update(by=row.completed_by, at=to_iso(as_utc(row.completed_at)))
        return out


def _last_audit(conn, condition):
    return conn.execute(select(audit.c.actor, audit.c.at, audit.c.action).where(condition)
                        .order_by(audit.c.id.desc()).limit(1)).first()


def _describe(state, last) -> dict:
    out = {"state": state}
    if last is not None:
        out.update(by=last.actor, at=to_iso(as_utc(last.at)), action=last.action)
    return out
