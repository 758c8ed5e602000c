"""Bulk actions from the deadline board's case lists (webapp/views/board.py):
a supervisor moves the open tasks their agency holds in the selected cases
(reassign, return to the queue, transfer); an administrator may also cancel
the cases. The engine runs each item as its own command (engine/cases/bulk.py).
"""
from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from engine.board import figures, lists
from engine.cases import bulk, team
from engine.data.errors import Forbidden, InvalidData
from engine.data.schema import case
from engine.time.calendar import WorkingCalendar

from .. import access, agency_groups, bulk_form, bulk_progress
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
    return dict(actions=actions(), officers=_officers(conn),
                transfer_agencies=agency_groups.transfer_choices(conn, access.viewer()),
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
    action = _action(form)
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


def plan(form, chosen, back):
    """The chosen cases resolved to what the run does, for the progress script
    (webapp/bulk_progress.py): case ids to cancel, or the open tasks the agency
    holds in them; a case with none is settled (refused) up front."""
    action = _action(form)
    try:
        with db().connect() as conn:
            if action.kind in bulk.CASE_ACTIONS:
                bulk.check(conn, action, access.actor(), len(chosen))
                return bulk_progress.plan_answer(action, [str(cid) for cid, _ in chosen], back,
                                                 field="case")
            rows = team.open_tasks_of_cases(conn, access.viewer(), [cid for cid, _ in chosen])
            bulk.check(conn, action, access.actor(), len(rows) or (1 if chosen else 0))
    except InvalidData as exc:
        return bulk_progress.fields_answer(exc.errors)
    except Forbidden:
        abort(403)
    held = {r.case_id for r in rows}
    settled = [bulk.Result(number, "refused", "no_open_task", number=number)
               for cid, number in chosen if cid not in held]
    items = bulk_progress.item_values([bulk.Item(r.id, r.assignee) for r in rows])
    return bulk_progress.plan_answer(action, items, back, settled)


def batch(form):
    """One batch of the run: the posted tasks (or cases to cancel) only."""
    action = _action(form)
    if action.kind in bulk.CASE_ACTIONS:
        items = [bulk.Item(int(v)) for v in dict.fromkeys(form.getlist("case"))
                 if v.isdigit() and 0 < int(v) < 2**31]
    else:
        items = bulk_form.seen_items(form.getlist("task"))
    try:
        return bulk_progress.run_batch(runtime(), action, items, access.actor())
    except Forbidden:
        abort(403)


def _action(form) -> bulk.Action:
    """The form's action, emptied when the viewer may not run it here."""
    action = bulk_form.action_from(form)
    return action if action.kind in actions() else bulk.Action("", action.officer, action.agency,
                                                                action.reason)
