"""GET /api/v1/openapi.json: the OpenAPI 3.1 description of this API."""
from __future__ import annotations

from flask import jsonify

from . import bp
from .openapi_schemas import SCHEMAS

ERROR_CODES = (400, 401, 403, 404, 405, 409, 413, 414, 422, 500)
ERRORS = {str(code): {"$ref": f"#/components/responses/E{code}"} for code in ERROR_CODES}
FILTERS = [
    ("view", "string", "mine | queue | completed"), ("process", "string", "process key"),
    ("category", "string", "case category"), ("due_within", "integer", "due within N days"),
    ("overdue", "boolean", "only overdue tasks"), ("priority", "integer", "minimum priority"),
    ("q", "string", "text in case number, title or task name"),
    ("due_by", "string", "due on or before this date (2026-03-02, or ROC 115/03/02)"),
    ("sort", "string", "due | number | task | category | priority | created | completed; "
                       "prefix - for descending (default: due, completed view -completed)"),
    ("page", "integer", "1-based page"), ("limit", "integer", "rows per page (<= 200)"),
]

BOUNDS = {"priority": {"minimum": -(2**31), "maximum": 2**31 - 1}}   # webapp/filters.py


def _bulk_body(actions, ids, filters, **arguments) -> dict:
    """A bulk request (webapp/api/bulk.py): `ids` or a `filter`, the action, its arguments."""
    text = {"type": "string"}
    return {"type": "object", "required": ["action"], "properties": {
        "action": {"type": "string", "enum": list(actions)},
        "ids": {"type": "array", "items": ids, "maxItems": 1000},
        "filter": {"type": "object", "properties": {k: text for k in filters}},
        **{k: {"type": "string", "description": d} for k, d in arguments.items()}}}


BULK_TASKS = _bulk_body(
    ("reassign", "return", "transfer"), {"type": "string"},
    ("q", "process", "category", "due_by", "due_within", "priority", "overdue", "assignee"),
    officer="reassign: the username who takes the tasks over",
    agency="transfer: the agency code the cases go to",
    reason="transfer: why (the petitioner reads it)")
BULK_TASKS["properties"]["expected_assignees"] = {
    "type": "object", "additionalProperties": {"type": ["string", "null"]},
    "description": "task id -> the assignee the caller saw: a task held by someone else is a conflict"}
BULK_CASES = _bulk_body(("cancel",), {"type": ["integer", "string"],
                                      "description": "a case id or case number"},
                        ("process", "category", "agency", "q"),
                        reason="why the cases are cancelled (the petitioners read it)")


def _op(summary, ok, body=None, params=None, ok_code="200", returns=None):
    """An operation answering `ok_code` with the schema `returns` (a name in
    components/schemas, the shapes of webapp/api/shapes.py), or an error."""
    answer = {"description": ok}
    if returns:
        answer["content"] = {"application/json": {"schema": {"$ref": f"#/components/schemas/{returns}"}}}
    op = {"summary": summary, "responses": {ok_code: answer, **ERRORS}}
    if body:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    if params:
        op["parameters"] = params
    return op


def _path_param(name):
    return [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}]


def _task_action(summary, body=None, returns="Task"):
    return {"post": _op(summary, "the task after the command", body, _path_param("task_id"),
                        returns=returns)}


def _deploy_op() -> dict:
    op = _op("Deploy BPMN/DMN files", "the deployed versions (some new)", {
        "type": "object", "properties": {"files": {
            "type": "object", "additionalProperties": {"type": "string"}}}},
        ok_code="201", returns="Deployed")
    op["responses"]["200"] = {"description": "every file was deployed already (unchanged)",
                              "content": op["responses"]["201"]["content"]}
    return op


def _error_response(code: int, description: str) -> dict:
    if code == 414:   # gunicorn answers it before the app: no JSON body
        return {"description": description}
    answer = {"description": description, "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Error"}}}}
    if code == 405:
        answer["headers"] = {"Allow": {"description": "the methods the path takes",
                                       "schema": {"type": "string"}}}
    return answer


def document() -> dict:
    obj = {"type": "object"}
    case_body = {"type": "object", "required": ["process"], "properties": {
        "process": {"type": "string"}, "data": obj,
        "received_at": {"type": "string", "format": "date-time"},
        "petitioner": {"type": "object", "properties": {
            k: {"type": "string"} for k in ("name", "email", "phone", "address")}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "civicflow API", "version": "1"},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": {
            "/cases": {"post": _op("Start a case (the data is the model's start form: its "
                                   "declared start form, else the registration form)",
                                   "the case number and status password",
                                   case_body, ok_code="201", returns="Started")},
            "/cases/{case_ref}": {"get": _op("A case (by id or number) with its tasks and due dates",
                                             "the case", params=_path_param("case_ref"),
                                             returns="CaseDetail")},
            "/tasks": {"get": _op("Inbox lists with filters", "tasks sorted by due date", params=[
                {"name": n, "in": "query", "schema": {"type": t, **BOUNDS.get(n, {})}, "description": d}
                for n, t, d in FILTERS], returns="TaskList")},
            "/tasks/bulk": {"post": _op(
                "One action on many tasks (a supervisor of their agency): reassign to an "
                "officer, return to the agency queue, or transfer the cases to another agency "
                "through the model's transfer form. Each task is its own command; one result "
                "per task (ok, conflict: handled by someone else meanwhile, refused)",
                "one result per task", BULK_TASKS, returns="BulkResults")},
            "/cases/bulk": {"post": _op(
                "Cancel many open cases (an administrator); the petitioners are told. Each case "
                "is its own command; one result per case", "one result per case", BULK_CASES,
                returns="BulkResults")},
            "/tasks/{task_id}": {"get": _op("A task with its form fields", "the task",
                                            params=_path_param("task_id"), returns="TaskDetail")},
            "/tasks/{task_id}/claim": _task_action("Claim a task"),
            "/tasks/{task_id}/unclaim": _task_action("Return a task to the agency queue"),
            "/tasks/{task_id}/complete": _task_action(
                "Complete a task with its form data (a transfer or an extension request is the "
                "handling form's handling_action)", {
                "type": "object", "properties": {"data": obj, "expected_version": {"type": "integer"}}},
                returns="Completed"),
            "/extension-requests": {"get": _op(
                "Extension requests waiting for a supervisor of the caller's agencies, oldest "
                "first. A request is made by completing the handling task with "
                "handling_action=extension (one per task: the handling task waits meanwhile) "
                "and decided by completing the approval task; nobody decides their own",
                "the pending requests", params=[{
                    "name": "state", "in": "query", "schema": {"type": "string", "enum": ["pending"]},
                    "description": "pending (the default; decided requests are in the case's audit trail)"}],
                returns="ExtensionRequests")},
            "/processes": {
                "get": _op("Deployed processes (latest versions)", "the processes",
                           returns="Processes"),
                "post": _deploy_op(),
            },
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": SCHEMAS,
            "responses": {f"E{code}": _error_response(code, desc) for code, desc in (
                (400, "malformed request"), (401, "missing or unknown token"),
                (403, "not allowed for this user"), (404, "not found or not visible"),
                (405, "method not allowed (the Allow header names the methods)"),
                (409, "conflict: someone changed it first"), (413, "request body too large"),
                (414, "URI too long (answered by the server before the app)"),
                (422, "invalid data"), (500, "server error"))},
        },
    }


@bp.get("/openapi.json")
def openapi():
    return jsonify(document())
