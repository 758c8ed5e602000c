"""GET /api/v1/openapi.json: the OpenAPI 3.1 description of this API."""
from __future__ import annotations

from flask import jsonify

from . import bp

ERRORS = {str(code): {"$ref": f"#/components/responses/E{code}"}
          for code in (400, 401, 403, 404, 409, 422)}
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


def _op(summary, ok, body=None, params=None, ok_code="200"):
    op = {"summary": summary, "responses": {ok_code: {"description": ok}, **ERRORS}}
    if body:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    if params:
        op["parameters"] = params
    return op


def _path_param(name):
    return [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}]


def _returns_list(key, schema, op):
    """`op` answers {"<key>": [<schema>...]} with 200."""
    op["responses"]["200"]["content"] = {"application/json": {"schema": {
        "type": "object", "properties": {key: {"type": "array", "items": {
            "$ref": f"#/components/schemas/{schema}"}}}}}}
    return op


def _task_action(summary, body=None):
    return {"post": _op(summary, "the task after the command", body, _path_param("task_id"))}


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
            "/cases": {"post": _op("Start a case", "the case number and status password",
                                   case_body, ok_code="201")},
            "/cases/{case_ref}": {"get": _op("A case (by id or number) with its tasks and due dates",
                                             "the case", params=_path_param("case_ref"))},
            "/tasks": {"get": _op("Inbox lists with filters", "tasks sorted by due date", params=[
                {"name": n, "in": "query", "schema": {"type": t}, "description": d}
                for n, t, d in FILTERS])},
            "/tasks/{task_id}": {"get": _op("A task with its form fields", "the task",
                                            params=_path_param("task_id"))},
            "/tasks/{task_id}/claim": _task_action("Claim a task"),
            "/tasks/{task_id}/unclaim": _task_action("Return a task to the agency queue"),
            "/tasks/{task_id}/complete": _task_action(
                "Complete a task with its form data (a transfer or an extension request is the "
                "handling form's handling_action)", {
                "type": "object", "properties": {"data": obj, "expected_version": {"type": "integer"}}}),
            "/extension-requests": {"get": _returns_list("requests", "ExtensionRequest", _op(
                "Extension requests waiting for a supervisor of the caller's agencies, oldest "
                "first. A request is made by completing the handling task with "
                "handling_action=extension (one per task: the handling task waits meanwhile) "
                "and decided by completing the approval task; nobody decides their own",
                "the pending requests", params=[{
                    "name": "state", "in": "query", "schema": {"type": "string", "enum": ["pending"]},
                    "description": "pending (the default; decided requests are in the case's audit trail)"}]))},
            "/processes": {
                "get": _op("Deployed processes (latest versions)", "the processes"),
                "post": _op("Deploy BPMN/DMN files", "the deployed versions", {
                    "type": "object", "properties": {"files": {
                        "type": "object", "additionalProperties": {"type": "string"}}}},
                    ok_code="201"),
            },
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": {"type": "object", "properties": {"error": {
                "type": "object", "properties": {
                    "status": {"type": "integer"}, "title": {"type": "string"},
                    "message": {"type": "string"}, "fields": obj}}}},
                "ExtensionRequest": {"type": "object", "properties": {
                    **{k: {"type": "string"} for k in (
                        "task_id", "element_id", "state", "case_number", "case_title", "agency",
                        "requested_by", "reason", "assignee")},
                    **{k: {"type": ["string", "null"], "format": "date-time"} for k in (
                        "requested_at", "current_due", "proposed_due")},
                    "working_days": {"type": ["integer", "null"]},
                    "you_may_decide": {"type": "boolean"}}}},
            "responses": {f"E{code}": {"description": desc, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Error"}}}} for code, desc in (
                (400, "malformed request"), (401, "missing or unknown token"),
                (403, "not allowed for this user"), (404, "not found or not visible"),
                (409, "conflict: someone changed it first"), (422, "invalid data"))},
        },
    }


@bp.get("/openapi.json")
def openapi():
    return jsonify(document())
