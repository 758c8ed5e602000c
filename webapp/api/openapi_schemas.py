"""The JSON shapes of the API's answers as OpenAPI 3.1 schemas (what
webapp/api/shapes.py and the routes write; `make test` fuzzes the API and
checks every answer against these, tests/webapp/test_openapi_fuzz.py)."""
from __future__ import annotations

TEXT, TEXT_OR_NULL = {"type": "string"}, {"type": ["string", "null"]}
INT, INT_OR_NULL = {"type": "integer"}, {"type": ["integer", "null"]}
WHEN = {"type": ["string", "null"], "format": "date-time"}   # ISO 8601, Asia/Taipei
ANY = {}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(required: tuple = (), /, **properties) -> dict:
    return {"type": "object", "required": list(required), "properties": properties}


def _list_of(name: str) -> dict:
    return {"type": "array", "items": _ref(name)}


TASK = dict(
    id=TEXT, case_id=INT,
    element_id={**TEXT, "description": "the step's id in its BPMN model (for programs)"},
    name={**TEXT, "description": "the step's name as the pages show it, in the token user's "
                                 "language (zh-TW unless English): 未命名步驟 / Unnamed step "
                                 "for a step its model names not, never its element id"},
    process=TEXT_OR_NULL,
    agency=TEXT_OR_NULL, role=TEXT_OR_NULL, assignee=TEXT_OR_NULL, state=TEXT,
    priority=INT_OR_NULL, created_at=WHEN, due_at=WHEN, completed_at=WHEN,
    completed_by=TEXT_OR_NULL, case_number=TEXT_OR_NULL, case_title=TEXT_OR_NULL,
    category=TEXT_OR_NULL, item=TEXT_OR_NULL)
TASK_REQUIRED = ("id", "case_id", "element_id", "state")

CASE = dict(
    id=INT, number=TEXT, process=TEXT, status=TEXT, title=TEXT_OR_NULL, category=TEXT_OR_NULL,
    channel=TEXT_OR_NULL, district=TEXT_OR_NULL, responsible_agency=TEXT_OR_NULL,
    priority=INT_OR_NULL, confidential={"type": "boolean"}, received_at=WHEN, due_at=WHEN,
    closed_at=WHEN, updated_at=WHEN, escalation_level=INT_OR_NULL,
    extended={"type": "boolean"}, version=INT)

FIELD = _object(("name", "type"), name=TEXT, type=TEXT, required={"type": "boolean"},
                label_zh=TEXT_OR_NULL, label_en=TEXT_OR_NULL,
                choices={"type": "array"}, min=ANY, max=ANY, maxlength=INT_OR_NULL, default=ANY)

# A case's petitioner: null, {"confidential": true}, or name and contact.
PETITIONER = {"type": ["object", "null"], "properties": {
    "confidential": {"type": "boolean"},
    **{k: TEXT_OR_NULL for k in ("name", "email", "phone", "address")}}}

EXTENSION_REQUEST = _object(
    ("task_id", "state"),
    **{k: TEXT for k in ("task_id", "element_id", "state")},
    **{k: TEXT_OR_NULL for k in ("case_number", "case_title", "agency", "requested_by",
                                 "reason", "assignee")},
    **{k: WHEN for k in ("requested_at", "current_due", "proposed_due")},
    working_days=INT_OR_NULL, you_may_decide={"type": "boolean"})

ERROR = _object(("error",), error=_object(
    ("status", "title", "message"), status=INT, title=TEXT, message=TEXT,
    fields={"type": "object"}, parameter=TEXT, allowed=ANY, codes={"type": "object"},
    problems={"type": "array"}, code=TEXT))

SCHEMAS = {
    "Error": ERROR,
    "Task": _object(TASK_REQUIRED, **TASK),
    "TaskDetail": _object(TASK_REQUIRED + ("form",), **TASK, form={"type": "array", "items": _ref("Field")}),
    "TaskList": _object(("view", "offset", "limit", "tasks"), view=TEXT, offset=INT, limit=INT,
                        tasks=_list_of("Task")),
    "Field": FIELD,
    "Completed": _object(("id", "state"), id=TEXT, state=TEXT, result=ANY),
    "Case": _object(("id", "number", "status"), **CASE),
    "CaseDetail": _object(("id", "number", "status", "tasks"), **CASE, tasks=_list_of("Task"),
                          petitioner=PETITIONER),
    "Started": _object(("id", "number"), id=INT, number=TEXT, status_password=TEXT_OR_NULL),
    "ExtensionRequest": EXTENSION_REQUEST,
    "ExtensionRequests": _object(("state", "requests"), state=TEXT,
                                 requests=_list_of("ExtensionRequest")),
    "Process": _object(("key", "version"), key=TEXT, version=INT, name=TEXT_OR_NULL,
                       deployed_at=WHEN),
    "Processes": _object(("processes",), processes=_list_of("Process")),
    "BulkResults": _object(("action", "done", "conflicts", "refused", "results"), action=TEXT,
                           done=INT, conflicts=INT, refused=INT, results={"type": "array", "items": _object(
                               ("id", "status"), id=TEXT, status=TEXT, code=TEXT_OR_NULL,
                               message=TEXT_OR_NULL, params={"type": "object"},
                               case_number=TEXT_OR_NULL, task=TEXT_OR_NULL,
                               element_id=TEXT_OR_NULL)}),
    "Deployed": _object(("deployed",), deployed={"type": "array", "items": _object(
        ("id", "key", "version", "created"), id=INT, key=TEXT, version=INT,
        created={"type": "boolean"})}),
}
