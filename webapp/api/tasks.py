"""Tasks: the inbox lists, claim, unclaim, complete. A transfer or an extension
request is a completion of the model's handling form (handling_action)."""
from __future__ import annotations

from flask import jsonify, request

from engine.cases import masked, queries

from .. import access
from ..extensions import clock, db, runtime
from ..filters import inbox_filter
from . import bp
from .errors import ApiError
from .reads import reads
from .shapes import field_json, task_json


_ALLOWED = {"sort": [*queries.SORTS], "priority": "a whole number from -2147483648 to 2147483647"}


@bp.get("/tasks")
def list_tasks():
    f = inbox_filter(request.args)
    for name, value in f.ignored:   # a client gets a 400, not a list it did not ask for
        raise ApiError(400, f"cannot use {name}={value!r}", parameter=name,
                       allowed=_ALLOWED.get(name, "a date like 2026-03-02"))
    viewer = access.viewer()
    with reads() as conn:   # Art. 170: a confidential petitioner's name masked in titles
        rows = masked.listed(conn, viewer, queries.inbox(conn, viewer, f, clock().now()))
        metas = {d: queries.task_metas(conn, d) for d in {r.definition_id for r in rows}}
    return jsonify({"view": f.view, "offset": f.offset, "limit": f.limit,
                    "tasks": [task_json(r, metas[r.definition_id]) for r in rows]})


def _visible(conn, task_id):
    row = queries.visible_task(conn, access.viewer(), task_id)
    if row is None:
        raise ApiError(404, "no such task")
    return row


@bp.get("/tasks/<task_id>")
def get_task(task_id):
    with reads() as conn:
        t = _visible(conn, task_id)
        c, metas = _case_of(conn, t)
    meta = metas.get(t.element_id)
    out = task_json(t, metas)
    out["case_number"] = c.number if c else None
    out["form"] = [field_json(f) for f in (meta.fields if meta else [])]
    return jsonify(out)


def _body() -> dict:
    body = request.get_json(silent=True)
    if body is None and not request.data:
        return {}
    if not isinstance(body, dict):
        raise ApiError(400, "the body must be a JSON object")
    return body


def _case_of(conn, t):
    """The task's case as the caller sees it (None: not theirs), and its
    model's steps {element id: TaskMeta} (to name the task as pages do)."""
    c = queries.visible_case(conn, access.viewer(), case_id=t.case_id)
    return c, (queries.task_metas(conn, c.definition_id) if c else {})


def _after(task_id):
    with db().connect() as conn:
        t = _visible(conn, task_id)
        return jsonify(task_json(t, _case_of(conn, t)[1]))


@bp.post("/tasks/<task_id>/claim")
def claim_task(task_id):
    return _simple_command(task_id, runtime().claim)


@bp.post("/tasks/<task_id>/unclaim")
def unclaim_task(task_id):
    return _simple_command(task_id, runtime().unclaim)


def _simple_command(task_id, command):
    with reads() as conn:
        _visible(conn, task_id)
    command(task_id, access.actor())
    return _after(task_id)


@bp.post("/tasks/<task_id>/complete")
def complete_task(task_id):
    body = _body()
    data = body.get("data", {})
    if not isinstance(data, dict):
        raise ApiError(400, "data must be a JSON object")
    result = runtime().complete(task_id, access.actor(), data, body.get("expected_version"),
                                viewer=access.viewer())   # an unseen task is 404 (checked in the command)
    return jsonify({"id": task_id, "state": "completed", "result": result})
