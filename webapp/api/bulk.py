"""POST /api/v1/tasks/bulk and /api/v1/cases/bulk: one action on many tasks
(reassign, return to the queue, transfer) or cases (cancel), chosen by `ids`
or by a `filter`. Each item is its own command (engine/cases/bulk.py); the
answer has one result per item. A bad payload is a 400/422 naming the field,
in the user's language."""
from __future__ import annotations

from types import SimpleNamespace

from flask import jsonify, request
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from engine.cases import bulk, team
from engine.cases.assignment import ANY
from engine.data.errors import InvalidData
from engine.data.schema import case

from .. import access, bulk_form
from ..people import known_names
from ..extensions import clock, db, runtime
from ..filters import inbox_filter
from . import bp
from .errors import ApiError, json_error
from .language import api_locale
from .shapes import step_name

TASK_FILTER_KEYS = ("q", "process", "category", "due_by", "due_within", "priority", "overdue",
                    "assignee")
CASE_FILTER_KEYS = ("process", "category", "agency", "q")
MAX_ID = 2**31 - 1


class BadField(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


@bp.post("/tasks/bulk")
def bulk_tasks():
    with force_locale(api_locale()):
        return _run(bulk.TASK_ACTIONS, _task_items)


@bp.post("/cases/bulk")
def bulk_cases():
    with force_locale(api_locale()):
        return _run(bulk.CASE_ACTIONS, _case_items)


def _run(actions, items_of):
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, _("The body must be a JSON object."))
    try:
        _refuse_nul(body)
        action = _action(body, actions)
        items = items_of(body)
        if not items and "filter" in body:   # a filter that matches nothing: nothing to do
            with db().connect() as conn:
                bulk.check(conn, action, access.actor(), 1)
            return jsonify(_answer(action, []))
        results = bulk.run(runtime(), action, items, access.actor())
    except BadField as bad:
        return json_error(422, bad.message, fields={bad.field: bad.message})
    except InvalidData as exc:
        fields = bulk_form.field_errors(exc.errors)
        return json_error(422, "; ".join(f"{k}: {v}" for k, v in fields.items()), fields=fields,
                          codes={k: {"code": getattr(v, "code", ""), "params": getattr(v, "params", {})}
                                 for k, v in exc.errors.items()})
    return jsonify(_answer(action, results))


def _refuse_nul(body: dict) -> None:
    """A NUL character is no text a database column holds (PostgreSQL refuses
    it); nothing here nests deeper than a filter's values."""
    for name, value in body.items():
        if _has_nul(value, 0):
            raise BadField(str(name)[:40], _("Must be text."))


def _has_nul(value, depth: int) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, (dict, list)) and depth > 3:
        return True   # deeper than any field of the body: refused like a bad value
    if isinstance(value, dict):
        return any(_has_nul(k, depth + 1) or _has_nul(v, depth + 1) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v, depth + 1) for v in value)
    return False


def _action(body: dict, actions) -> bulk.Action:
    for name in ("action", "officer", "agency", "reason"):
        if body.get(name) is not None and not isinstance(body[name], str):
            raise BadField(name, _("Must be text."))
    action = bulk_form.action_from(body)
    if action.kind not in actions:
        raise BadField("action", _("Choose one of: %(allowed)s.", allowed=", ".join(actions)))
    return action


def _ids(body: dict, kinds: tuple) -> list | None:
    if "ids" in body and "filter" in body:
        raise BadField("filter", _("Send either ids or a filter, not both."))
    ids = body.get("ids")
    if ids is None:
        return None
    if not isinstance(ids, list) or not all(isinstance(i, kinds) and not isinstance(i, bool)
                                            for i in ids):
        raise BadField("ids", _("Must be a list of ids."))
    return ids


def _filter(body: dict, keys: tuple) -> dict:
    given = body.get("filter")
    if not isinstance(given, dict):
        raise BadField("filter", _("Send the ids or a filter (an object)."))
    out = {}
    for key, value in given.items():
        if key not in keys:
            raise BadField(f"filter.{key}", _("Not a filter; use one of: %(allowed)s.",
                                              allowed=", ".join(keys)))
        if isinstance(value, bool):
            value = "1" if value else ""
        if not isinstance(value, (str, int)):
            raise BadField(f"filter.{key}", _("Must be text or a number."))
        out[key] = str(value)[:100]
    return out


def _task_items(body: dict) -> list:
    ids = _ids(body, (str,))
    if ids is not None:
        expected = body.get("expected_assignees", {})
        if not isinstance(expected, dict) or not all(
                v is None or isinstance(v, str) for v in expected.values()):
            raise BadField("expected_assignees", _("Must map task ids to a username or null."))
        return [bulk.Item(i[:64], expected.get(i, ANY)) for i in ids]
    args = _filter(body, TASK_FILTER_KEYS)
    with db().connect() as conn:
        rows = team.matching_tasks(conn, access.viewer(), inbox_filter(args), clock().now(),
                                   args.get("assignee") or None, bulk.MAX_ITEMS + 1)
    return [bulk.Item(r.id, r.assignee) for r in rows]


def _case_items(body: dict) -> list:
    ids = _ids(body, (str, int))
    if ids is None:
        args = _filter(body, CASE_FILTER_KEYS)
        with db().connect() as conn:
            found = team.matching_cases(conn, args, bulk.MAX_ITEMS + 1)
        return [bulk.Item(i) for i in found]
    numbers = [i for i in ids if isinstance(i, str)]
    with db().connect() as conn:
        by_number = dict(conn.execute(select(case.c.number, case.c.id)
                                      .where(case.c.number.in_(numbers[:bulk.MAX_ITEMS + 1]))).all())
    return [bulk.Item(_case_ref(i, by_number)) for i in ids]


def _case_ref(ref, by_number: dict):
    """A case id, or (a number no case has, an id out of range) text that finds nothing."""
    if isinstance(ref, int):
        return ref if 0 < ref <= MAX_ID else str(ref)
    return by_number.get(ref, ref[:64])


def _answer(action: bulk.Action, results: list) -> dict:
    with db().connect() as conn:
        names = known_names(conn, bulk_form.people_in(results))
    counts = {s: sum(1 for r in results if r.status == s) for s in ("ok", "conflict", "refused")}
    return {"action": action.kind, "done": counts["ok"], "conflicts": counts["conflict"],
            "refused": counts["refused"], "results": [{
                "id": str(r.id), "status": r.status, "code": r.code,
                "message": bulk_form.result_message(r, names) if r.status != "ok" else None,
                "params": r.params, "case_number": r.number,
                "task": _task_name(r), "element_id": r.element_id} for r in results]}


def _task_name(r: bulk.Result) -> str | None:
    """The step's name as pages say it (未命名步驟, never its element id)."""
    return step_name(SimpleNamespace(name=r.task, element_id=r.element_id)) if r.task else None
