"""schemathesis against /api/v1/openapi.json through the Flask app (WSGI, no
server): every operation, as each role, with data that fits the document and
data that does not. Every answer must be no server error and conform to the
document (status code, content type, headers, body schema)."""
import pytest
from hypothesis import HealthCheck, settings
from webtest_support import ready_task

import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance,
                                               response_headers_conformance,
                                               response_schema_conformance,
                                               status_code_conformance)
from webapp import users
from webapp.api.openapi import document

ROLES = {"intake": "clerk", "officer": "pwb1", "supervisor": "pwbboss", "admin": "admin"}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]
EXAMPLES = 20   # per operation and role: the whole run stays under a minute


@pytest.fixture
def schema(app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@pytest.fixture
def tokens(db):
    with db.begin() as conn:
        return {role: {"Authorization": f"Bearer {users.create_token(conn, name)}"}
                for role, name in ROLES.items()}


# The document is plain data: loaded at import so schemathesis makes one test
# per operation; each request goes to the test's own app (WSGI, no server).
api_schema = schemathesis.openapi.from_dict(document())


@api_schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_every_operation_as_every_role_answers_as_documented(case, app, tokens, registered_case):
    """schemathesis' examples, boundary (coverage) and fuzzing phases, with
    data that fits the document and data that does not; each request is sent
    as each role (one app per operation keeps the run short)."""
    for role, headers in tokens.items():
        try:
            case.call_and_validate(app=app, headers=headers, checks=CHECKS)
        except Exception as exc:
            exc.add_note(f"sent as the {role} ({ROLES[role]})")
            raise


def test_real_cases_and_tasks_answer_in_their_documented_shape(schema, tokens, registered_case, rt):
    """Random ids find nothing: read a real case and task by id and number."""
    handle = ready_task(rt, registered_case.case_id)
    get_case, get_task = schema["/cases/{case_ref}"]["GET"], schema["/tasks/{task_id}"]["GET"]
    for role, headers in tokens.items():
        for ref in (str(registered_case.case_id), registered_case.number):
            get_case.Case(path_parameters={"case_ref": ref}).call_and_validate(
                headers=headers, checks=CHECKS)
        get_task.Case(path_parameters={"task_id": handle.id}).call_and_validate(
            headers=headers, checks=CHECKS)
    seen = get_case.Case(path_parameters={"case_ref": registered_case.number}).call(
        headers=tokens["officer"])
    assert seen.status_code == 200 and seen.json()["tasks"]


def test_the_document_declares_every_answer():
    doc = document()
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            codes = op["responses"]
            assert {"405", "414", "500"} <= set(codes), (method, path)
            ok = [c for c in codes if c.startswith("2")]
            assert ok and all(codes[c]["content"]["application/json"]["schema"] for c in ok)
