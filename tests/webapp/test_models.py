"""The model pages and their JSON endpoints: access, upload limits, hostile
XML, the draft round trip, problems with element ids, deploying version N+1."""
from __future__ import annotations

import io
import re
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from webtest_support import PASSWORD, petition_files, seeded_app

from engine.authoring import drafts
from engine.time.clock import TAIPEI
from engine.data.schema import model_draft, task

MODELS = Path(__file__).resolve().parents[1] / "engine" / "fixtures" / "models"
EVIL = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<definitions>&x;</definitions>')
REGISTER = '<civicflow:task agency="\'DOA\'" role="intake" due="working_days(1)"/>'


def texts(**changes) -> dict[str, str]:
    files = {n: d.decode() for n, d in petition_files().items()}
    for old, new in changes.items():
        files["petition.bpmn"] = files["petition.bpmn"].replace(REGISTER, REGISTER.replace(old, new), 1)
    return files


@pytest.fixture
def analyst(client_for):
    return client_for("analyst")


def register_due(rt, case_id):
    with rt.db.connect() as conn:
        due = conn.execute(select(task.c.due_at).where(
            task.c.case_id == case_id, task.c.element_id == "register")).scalar_one()
    return due.astimezone(TAIPEI)


# ---- access ------------------------------------------------------------------
@pytest.mark.parametrize("user", ["clerk", "pwb1", "pwbboss", "doaboss"])
def test_only_analysts_and_admins(client_for, user):
    c = client_for(user)
    assert c.get("/models/").status_code == 403
    resp = c.get("/models/petition/draft")
    assert resp.status_code == 403 and resp.json["error"]["status"] == 403
    assert c.put("/models/petition/draft", json={"files": texts()}).status_code == 403
    assert b'href="/models/"' not in c.get("/inbox").data


@pytest.mark.parametrize("user", ["analyst", "admin"])
def test_the_list_shows_the_deployed_model(client_for, user):
    c = client_for(user)
    page = c.get("/models/")
    assert page.status_code == 200
    assert b"petition" in page.data and "第 1 版" in page.get_data(as_text=True)
    assert b">v1" not in page.data
    assert b'href="/models/petition/edit"' in page.data and b'href="/models/petition/versions"' in page.data
    assert 'href="/models/petition/test-run">以範例資料試跑</a>' in page.get_data(as_text=True)
    assert b'href="/models/"' in c.get("/inbox").data


def test_anonymous_is_sent_to_login(app):
    resp = app.test_client().get("/models/petition/draft")
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]


def test_the_editor_page_links_the_version_pages(analyst):
    page = analyst.get("/models/petition/edit")
    assert page.status_code == 200
    for path in (b"/models/petition/versions", b"/models/petition/diff", b"/models/petition/test-run"):
        assert b'href="' + path + b'"' in page.data
    assert b'<meta name="csrf-token"' in page.data and b"vendor/bpmn-modeler.js" in page.data
    assert analyst.get("/models/nothing/edit").status_code == 404


# ---- the draft round trip ---------------------------------------------------------
def test_a_draft_starts_from_the_deployed_version_and_round_trips(analyst):
    start = analyst.get("/models/petition/draft").json
    assert start["saved"] is False and start["base_version"] == 1
    assert set(start["files"]) == {"petition.bpmn", "petition_routing.dmn"}
    changed = texts(**{"working_days(1)": "working_days(3)"})
    saved = analyst.put("/models/petition/draft", json={"files": changed})
    assert saved.status_code == 200 and saved.json["problems"] == []
    again = analyst.get("/models/petition/draft").json
    assert again["saved"] is True and again["updated_by"] == "analyst"
    assert again["files"] == changed
    assert b"analyst" in analyst.get("/models/").data
    assert analyst.delete("/models/petition/draft").json == {"discarded": True}
    assert analyst.get("/models/petition/draft").json["saved"] is False


def test_problems_name_their_element_and_line(analyst):
    resp = analyst.put("/models/petition/draft", json={"files": texts(**{"working_days(1)": "working_days("})})
    assert resp.status_code == 200
    [problem] = resp.json["problems"]
    assert problem["element_id"] == "register" and problem["file"] == "petition.bpmn"
    assert problem["line"] and problem["message_zh"] and problem["message_en"]


@pytest.mark.parametrize("body, status", [
    ({"files": {"petition.bpmn": EVIL.decode()}}, 422),
    ({"files": {"../../etc/x.bpmn": "<a/>"}}, 422),
    ({"files": []}, 422),
    ({"nothing": 1}, 422),
    ([1, 2], 400),
])
def test_bad_drafts_are_refused_as_json_and_not_kept(app, analyst, body, status):
    resp = analyst.put("/models/petition/draft", json=body)
    assert resp.status_code == status and resp.json["error"]["status"] == status
    if status == 422 and "petition.bpmn" in body.get("files", {}):
        assert resp.json["error"]["problems"][0]["code"] == "xml"
    with app.extensions["civicflow.db"].connect() as conn:
        assert conn.execute(select(model_draft.c.id)).first() is None


def test_not_json_and_too_large_bodies(analyst):
    resp = analyst.put("/models/petition/draft", data="files=x", content_type="text/plain")
    assert resp.status_code == 400 and "JSON" in resp.json["error"]["message"]
    huge = '{"files": {"a.bpmn": "' + " " * (9 * 1024 * 1024) + '"}}'
    resp = analyst.put("/models/petition/draft", data=huge, content_type="application/json")
    assert resp.status_code == 413 and resp.json["error"]["status"] == 413


def test_a_draft_of_an_unknown_model_is_not_found(analyst):
    resp = analyst.put("/models/nothing/draft", json={"files": texts()})
    assert resp.status_code == 404 and resp.json["error"]["status"] == 404


# ---- uploading a new model -----------------------------------------------------------
def upload(client, *files):
    data = {"files": [(io.BytesIO(content), name) for name, content in files]}
    return client.post("/models/upload", data=data, content_type="multipart/form-data")


def test_upload_creates_a_draft_keyed_by_the_process(analyst):
    resp = upload(analyst, ("casework.bpmn", (MODELS / "casework.bpmn").read_bytes()))
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/models/casework/edit")
    draft = analyst.get("/models/casework/draft").json
    assert draft["saved"] is True and draft["base_version"] is None
    assert b"casework" in analyst.get("/models/").data
    again = upload(analyst, ("casework.bpmn", (MODELS / "casework.bpmn").read_bytes()))
    assert again.status_code == 409


def test_upload_refuses_entities_size_and_names(analyst):
    evil = upload(analyst, ("evil.bpmn", EVIL))
    assert evil.status_code == 422 and b"DOCTYPE" in evil.data
    big = upload(analyst, ("big.bpmn", b"<a>" + b" " * drafts.MAX_FILE_BYTES + b"</a>"))
    assert big.status_code == 422
    assert upload(analyst, ("notes.txt", b"<a/>")).status_code == 422
    assert upload(analyst).status_code == 422


# ---- deploying -------------------------------------------------------------------
def test_deploy_makes_a_new_version_and_running_cases_keep_theirs(app, rt, analyst):
    before = rt.start_case("petition")
    analyst.put("/models/petition/draft", json={"files": texts(**{"working_days(1)": "working_days(3)"})})
    assert analyst.post("/models/petition/deploy", json={"comment": " "}).status_code == 400
    resp = analyst.post("/models/petition/deploy", json={"comment": "register within 3 days"})
    assert resp.status_code == 200
    assert resp.json["deployed"] == [{"key": "petition", "version": 2, "created": True}]
    assert analyst.get("/models/petition/draft").json["saved"] is False
    after = rt.start_case("petition")
    assert register_due(rt, before["id"]) == datetime(2026, 3, 3, 23, 59, 59, tzinfo=TAIPEI)
    assert register_due(rt, after["id"]) == datetime(2026, 3, 5, 23, 59, 59, tzinfo=TAIPEI)
    assert "第 2 版" in analyst.get("/models/").get_data(as_text=True)


def test_a_refused_deploy_is_422_with_pinned_problems_and_changes_nothing(analyst):
    analyst.put("/models/petition/draft", json={"files": texts(**{"working_days(1)": "due_at +"})})
    resp = analyst.post("/models/petition/deploy", json={"comment": "broken"})
    assert resp.status_code == 422
    assert [p["element_id"] for p in resp.json["error"]["problems"]] == ["register"]
    assert analyst.get("/models/petition/draft").json["saved"] is True
    assert "第 2 版" not in analyst.get("/models/").get_data(as_text=True)
    assert analyst.post("/models/nothing/deploy", json={"comment": "x"}).status_code == 404


# ---- CSRF ------------------------------------------------------------------------
def test_json_endpoints_need_the_csrf_header(db, db_url, clock, tmp_path):
    app = seeded_app(db, db_url, clock, tmp_path, TESTING=True, WTF_CSRF_ENABLED=True)
    c = app.test_client()
    login_page = c.get("/login").data
    token = re.search(rb'name="csrf_token" value="([^"]+)"', login_page).group(1).decode()
    c.post("/login", data={"username": "analyst", "password": PASSWORD, "csrf_token": token})
    refused = c.put("/models/petition/draft", json={"files": texts()})
    assert refused.status_code == 400 and "CSRF" in refused.json["error"]["message"]
    meta = re.search(rb'<meta name="csrf-token" content="([^"]+)"', c.get("/models/petition/edit").data)
    ok = c.put("/models/petition/draft", json={"files": texts()},
               headers={"X-CSRFToken": meta.group(1).decode()})
    assert ok.status_code == 200 and ok.json["problems"] == []
    app.extensions["civicflow.db"].dispose()


# ---- issue 12, item 15: the file first, untouched files kept, the verdict at once ---------
LIBRARY = Path(__file__).resolve().parents[2] / "bpmn"


def deploy_library(rt):
    """As the demo does: every shipped file in one deployment, so each process
    has the others' files beside its own."""
    from engine.cases.actors import Actor
    files = {p.name: p.read_bytes() for p in sorted(LIBRARY.iterdir()) if p.suffix in (".bpmn", ".dmn")}
    rt.deploy(files, Actor("analyst", "DOA", frozenset({"analyst"})), comment="library")
    return files


def test_the_editor_opens_the_file_of_the_process_being_edited(rt, analyst):
    deploy_library(rt)
    petition_model = analyst.get("/models/petition/draft").json
    assert "consumer_complaint.bpmn" in petition_model["files"] and petition_model["main"] == "petition.bpmn"
    assert analyst.get("/models/consumer_complaint/draft").json["main"] == "consumer_complaint.bpmn"


def test_saving_only_the_changed_file_keeps_the_others_byte_for_byte(rt, analyst):
    deployed = {n: d.decode() for n, d in deploy_library(rt).items()}
    changed = texts(**{"working_days(1)": "working_days(3)"})["petition.bpmn"]
    saved = analyst.put("/models/petition/draft", json={"changed": {"petition.bpmn": changed}})
    assert saved.status_code == 200 and saved.json["review"]["verdict"] == "deployable"
    files = analyst.get("/models/petition/draft").json["files"]
    assert files == {**deployed, "petition.bpmn": changed}
    again = analyst.put("/models/petition/draft", json={"changed": {}})   # nothing touched since
    assert again.status_code == 200 and analyst.get("/models/petition/draft").json["files"] == files
    bad = analyst.put("/models/petition/draft", json={"changed": ["petition.bpmn"]})
    assert bad.status_code == 422
    assert analyst.get("/models/petition/draft").json["files"] == files


CAMUNDA_MODEL = MODELS / "camunda_noise.bpmn"


def test_an_uploaded_camunda_model_has_its_verdict_and_ignored_attributes_at_once(analyst):
    assert upload(analyst, ("noise.bpmn", CAMUNDA_MODEL.read_bytes())).status_code == 302
    draft = analyst.get("/models/noise_report/draft").json
    review = draft["review"]
    assert draft["main"] == "noise.bpmn" and review["verdict"] == "deployable" and review["problems"] == []
    ignored = {(x["element_id"], x["attribute"]): x["reason"] for x in review["ignored"]}
    assert ignored == {
        ("noise_report", "camunda:historyTimeToLive"): "engine_setting",
        ("check_noise", "camunda:formKey"): "form_key",
        ("check_noise", "camunda:assignee"): "users",
        ("check_noise", "camunda:dueDate"): "juel",
        ("check_noise", "camunda:asyncBefore"): "async",
        ("check_noise", "camunda:taskListener"): "listener",
    }
    assert [(x["element_id"], x["attribute"]) for x in review["read"]] == [
        ("check_noise", "camunda:candidateGroups"), ("check_noise", "camunda:formData")]


def test_check_judges_unsaved_files_and_stores_nothing(analyst):
    broken = texts(**{"working_days(1)": "working_days("})["petition.bpmn"]
    resp = analyst.post("/models/petition/check", json={"changed": {"petition.bpmn": broken}})
    assert resp.status_code == 200 and resp.json["verdict"] == "refused"
    assert [p["element_id"] for p in resp.json["problems"]] == ["register"]
    assert analyst.get("/models/petition/draft").json["saved"] is False
    ok = analyst.post("/models/petition/check", json={"changed": {}})
    assert ok.json == {"verdict": "deployable", "problems": [], "ignored": [], "read": [],
                       "warnings": []}   # the shipped tables are FIRST: their overlaps are meant
    assert analyst.post("/models/nothing/check", json={"changed": {}}).status_code == 404
    assert analyst.post("/models/petition/check", json=[1]).status_code == 400


def test_the_editors_verdict_and_ignored_words_come_in_each_language(analyst):
    import json as _json
    zh = analyst.get("/models/petition/edit").get_data(as_text=True)
    texts_zh = _json.loads(re.search(r'<script type="application/json" id="editor-text">(.*?)</script>',
                                     zh, re.S).group(1))
    assert "civicflow 不採用的設定" in zh and texts_zh["verdict_deployable"].startswith("檢查結果")
    assert texts_zh["ignored_reasons"]["form_key"].startswith("外部表單")
    assert all(not re.search(r"[A-Za-z]{4,}", v.replace("civicflow", "").replace("Camunda", "")
                             .replace("JUEL", "").replace("Python", "").replace("Java", ""))
               for v in texts_zh["ignored_reasons"].values())
    analyst.post("/lang/en", data={"next": "/models/petition/edit"})
    en = analyst.get("/models/petition/edit").get_data(as_text=True)
    assert "What civicflow ignores" in en and "Checked: no problems" in en
