"""GET /api/v1/extension-requests?state=pending: the extension requests (and
any request the model declares with `not_by`) that wait for a supervisor of
the agencies the caller supervises, oldest first.

A request is the model's own task (`approve_extension` in the petition): it
is made by completing the handling form with handling_action=extension and
decided by completing the approval task (POST /tasks/{id}/complete). The
handling task is closed while a request waits, so a task has at most one.
"""
from __future__ import annotations

from flask import jsonify, request

from engine.board import decisions
from engine.board.scope import NotAllowed
from engine.time.clock import to_iso
from engine.time.deadlines import as_utc

from .. import access
from ..extensions import db
from . import bp
from .errors import ApiError

STATES = ("pending",)


@bp.get("/extension-requests")
def list_extension_requests():
    state = request.args.get("state", "pending")
    if state not in STATES:
        raise ApiError(422, "only state=pending is listed", fields={"state": "not one of pending"})
    try:
        with db().connect() as conn:
            rows = decisions.waiting(conn, access.viewer())
    except NotAllowed:
        raise ApiError(403, "only supervisors see extension requests") from None
    actor = access.actor()
    return jsonify({"state": state, "requests": [_json(d, actor) for d in rows if d.request]})


def _json(d: decisions.Decision, actor) -> dict:
    return {
        "task_id": d.task_id, "element_id": d.element_id, "state": "pending",
        "case_number": d.case_number, "case_title": d.case_title, "agency": d.agency,
        "requested_by": d.requested_by, "requested_at": _iso(d.waiting_since),
        "reason": d.reason, "working_days": d.asked_days,
        "current_due": _iso(d.due_at), "proposed_due": _iso(d.proposed_due),
        "assignee": d.assignee, "you_may_decide": d.decidable_by(actor),
    }


def _iso(instant):
    return to_iso(as_utc(instant)) if instant is not None else None
