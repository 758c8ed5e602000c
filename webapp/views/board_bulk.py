"""Bulk actions from the deadline board's case lists (webapp/views/board.py):
a supervisor moves the open tasks their agency holds in the selected cases
(reassign, return to the queue, transfer); an administrator may also cancel
the cases. The engine runs each item as its own command (engine/cases/bulk.py).
"""
from __future__ import annotations

from flask_login import current_user
from sqlalchemy import select

from engine.board import figures, lists
from engine.cases import bulk, team
from engine.data.schema import case
from engine.time.calendar import WorkingCalendar

from .. import access, bulk_form, taskform
from ..extensions import db, runtime

BOARD_KEYS = ("figure", "agency", "process", "from", "to")
PREFIX = "board_"   # the list's own filter, apart from the action's `agency`


def board_args(form) -> dict:
    return {k: form.get(PREFIX + k) for k in BOARD_KEYS if form.get(PREFIX + k)}


def actions() -> list[str]:
    admin = current_user.has_role("admin")
    return [*bulk.TASK_ACTIONS, *(bulk.CASE_ACTIONS if admin else ())]


def controls(conn, errors=None, values=None) -> dict:
    """What the case list's bulk panel shows."""
    return dict(actions=actions(), officers=_officers(conn), agencies=taskform.agency_choices(conn),
                errors=errors or {}, values=values or {}, max_items=bulk.MAX_ITEMS,
                picked=set(values.getlist("case")) if values else set())


def _officers(conn) -> list:
    viewer = access.viewer()
    return [o for o in team.officers(conn, None if viewer.sees_all else viewer.agency)
            if {"officer", "supervisor"} & set(o.roles.split(","))]


def chosen_cases(conn, ctx, form, figure, now) -> list:
    """(id, number) of the ticked cases, or of every case the figure lists."""
    if form.get("all_matching") == "1":
        soon = figures.due_soon_limit(now, WorkingCalendar.load(conn))
        numbers = [r.number for r in lists.cases_for(conn, ctx.scope, ctx.f, figure, now, soon,
                                                     limit=bulk.MAX_ITEMS + 1)]
    else:
        numbers = list(dict.fromkeys(n[:32] for n in form.getlist("case")))[:bulk.MAX_ITEMS + 1]
    found = dict(conn.execute(select(case.c.number, case.c.id).where(case.c.number.in_(numbers))).all())
    return [(found[n], n) for n in numbers if n in found]


def run(form, chosen) -> tuple:
    """The action on the chosen cases: one result per case (cancel) or per
    open task moved, plus a refusal for a case with none of the agency's."""
    action = bulk_form.action_from(form)
    if action.kind not in actions():
        action = bulk.Action("", action.officer, action.agency, action.reason)
    if action.kind in bulk.CASE_ACTIONS:
        return action, bulk.run(runtime(), action, [bulk.Item(cid) for cid, _ in chosen],
                                access.actor())
    with db().connect() as conn:
        rows = team.open_tasks_of_cases(conn, access.viewer(), [cid for cid, _ in chosen])
        if chosen and not rows:   # still say what is wrong with the arguments first
            bulk.check(conn, action, access.actor(), 1)
    held = {r.case_id for r in rows}
    results = bulk.run(runtime(), action, [bulk.Item(r.id, r.assignee) for r in rows],
                       access.actor()) if rows or not chosen else []
    return action, results + [bulk.Result(number, "refused", "no_open_task", number=number)
                              for cid, number in chosen if cid not in held]


def summary(action, results, back):
    return bulk_form.render_summary(action, results, back)
