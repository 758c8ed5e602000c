"""Model drafts: untrusted input refused, stored and checked, deployed in one
transaction as version N+1 while running cases keep their version."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from engine.authoring import drafts
from engine.cases.actors import SYSTEM
from engine.time.clock import TAIPEI
from engine.data.errors import Conflict, InvalidData, ModelRefused, NotFound
from engine.data.schema import case, process_definition, task

ROOT = Path(__file__).resolve().parents[3]
MODELS = Path(__file__).resolve().parents[1] / "fixtures" / "models"


def petition() -> dict[str, bytes]:
    return {n: (ROOT / "bpmn" / n).read_bytes() for n in ("petition.bpmn", "petition_routing.dmn")}


def with_register_due(files, due: str) -> dict[str, bytes]:
    bpmn = files["petition.bpmn"].decode()
    old = '<civicflow:task agency="\'DOA\'" role="intake" due="working_days(1)"/>'
    assert old in bpmn
    return {**files, "petition.bpmn": bpmn.replace(old, old.replace("working_days(1)", due), 1).encode()}


def register_due(db, case_id):
    with db.connect() as conn:
        return conn.execute(select(task.c.due_at).where(
            task.c.case_id == case_id, task.c.element_id == "register")).scalar_one()


def versions(db, key="petition"):
    with db.connect() as conn:
        return conn.execute(select(func.count()).where(process_definition.c.key == key)).scalar()


# ---- input ---------------------------------------------------------------
@pytest.mark.parametrize("name", ["../petition.bpmn", "petition.xml", "a/b.bpmn", ".bpmn", ""])
def test_file_names_must_be_plain_model_names(name):
    with pytest.raises(InvalidData):
        drafts.clean_files({name: b"<x/>", "ok.bpmn": petition()["petition.bpmn"]})


def test_entities_and_doctype_are_refused_before_anything_is_kept():
    evil = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<definitions>&x;</definitions>')
    with pytest.raises(ModelRefused) as caught:
        drafts.clean_files({"evil.bpmn": evil})
    assert caught.value.problems[0]["code"] == "xml"
    assert caught.value.problems[0]["file"] == "evil.bpmn"


def test_size_limit_and_a_bpmn_file_is_required():
    big = b"<a>" + b" " * drafts.MAX_FILE_BYTES + b"</a>"
    with pytest.raises(ModelRefused):
        drafts.clean_files({"big.bpmn": big})
    with pytest.raises(InvalidData):
        drafts.clean_files({"petition_routing.dmn": petition()["petition_routing.dmn"]})
    with pytest.raises(InvalidData):
        drafts.clean_files({f"f{i}.bpmn": b"<a/>" for i in range(drafts.MAX_FILES + 1)})


def test_a_new_model_is_keyed_by_its_executable_process():
    assert drafts.process_key(petition()) == "petition"
    assert drafts.process_key({"c.bpmn": (MODELS / "casework.bpmn").read_bytes()}) == "casework"


# ---- storage -------------------------------------------------------------
def test_save_get_list_discard(engine, db, clock):
    engine.deploy(petition())
    with db.begin() as conn:
        first = drafts.save(conn, "petition", petition(), "analyst", clock.now(), name="Petition")
        assert first["base_version"] == 1 and first["created_by"] == "analyst"
    clock.advance(minutes=5)
    changed = with_register_due(petition(), "working_days(3)")
    with db.begin() as conn:
        again = drafts.save(conn, "petition", changed, "admin", clock.now())
    assert again["created_by"] == "analyst" and again["updated_by"] == "admin"
    assert again["name"] == "Petition" and again["base_version"] == 1
    assert "working_days(3)" in again["files"]["petition.bpmn"]
    with db.begin() as conn:
        listed = drafts.models(conn)
        assert [(m["key"], m["version"], m["draft"]["updated_by"]) for m in listed] == [
            ("petition", 1, "admin")]
        assert drafts.discard(conn, "petition") is True
        assert drafts.get(conn, "petition") is None and drafts.discard(conn, "petition") is False


# ---- checking --------------------------------------------------------------
def test_a_good_model_has_no_problems(engine, db):
    with db.connect() as conn:
        from engine.models.definitions import known_lanes
        assert drafts.check(petition(), known_lanes(conn), "petition") == []


def test_a_bad_due_expression_is_pinned_to_its_task():
    files = with_register_due(petition(), "__import__('os').system('x')")
    problems = drafts.check(files, None, "petition")
    assert [p["element_id"] for p in problems] == ["register"]
    p = problems[0]
    assert p["file"] == "petition.bpmn" and p["line"] == 8 and p["severity"] == "error"
    assert "due" in p["message_en"] and p["message_zh"]


def test_an_unknown_lane_is_pinned_by_the_lane_id(agencies):
    bpmn = (MODELS / "casework.bpmn").read_bytes().replace(b'name="officer"', b'name="NOWHERE"')
    problems = drafts.check({"casework.bpmn": bpmn}, set(agencies) | {"intake", "officer"})
    assert [(p["element_id"], p["code"]) for p in problems] == [("lane_officer", "extension")]


def test_the_process_id_must_stay_the_models_key():
    problems = drafts.check(petition(), None, "another_key")
    assert [p["code"] for p in problems] == ["key_changed"]


# ---- deploying -------------------------------------------------------------
def test_deploy_makes_version_two_and_running_cases_keep_version_one(engine, db, clock):
    engine.deploy(petition())
    before = engine.start_case("petition")
    with db.begin() as conn:
        drafts.save(conn, "petition", with_register_due(petition(), "working_days(3)"), "analyst", clock.now())
        done = drafts.deploy(conn, "petition", "analyst", clock.now(), "register within 3 working days")
        assert drafts.get(conn, "petition") is None
    assert [(d.key, d.version, d.created) for d in done] == [("petition", 2, True)]
    after = engine.start_case("petition")
    with db.connect() as conn:
        defs = dict(conn.execute(select(case.c.id, process_definition.c.version).join(
            process_definition, case.c.definition_id == process_definition.c.id)).all())
        row = conn.execute(select(process_definition.c.deployed_by, process_definition.c.comment)
                           .where(process_definition.c.version == 2)).one()
    assert defs == {before["id"]: 1, after["id"]: 2}
    assert tuple(row) == ("analyst", "register within 3 working days")
    # Received Monday 2026-03-02: one working day -> Tuesday, three -> Thursday.
    assert register_due(db, before["id"]).astimezone(TAIPEI) == datetime(2026, 3, 3, 23, 59, 59, tzinfo=TAIPEI)
    assert register_due(db, after["id"]).astimezone(TAIPEI) == datetime(2026, 3, 5, 23, 59, 59, tzinfo=TAIPEI)


def test_a_refused_draft_deploys_nothing_and_stays(engine, db, clock):
    engine.deploy(petition())
    with db.begin() as conn:
        drafts.save(conn, "petition", with_register_due(petition(), "working_days("), "analyst", clock.now())
    with pytest.raises(ModelRefused) as caught, db.begin() as conn:
        drafts.deploy(conn, "petition", "analyst", clock.now(), "broken")
    assert caught.value.problems[0]["element_id"] == "register"
    with db.connect() as conn:
        assert drafts.get(conn, "petition") is not None
    assert versions(db) == 1


def test_a_draft_older_than_the_deployed_version_needs_force(engine, db, clock):
    engine.deploy(petition())
    with db.begin() as conn:
        drafts.save(conn, "petition", with_register_due(petition(), "working_days(2)"), "analyst", clock.now())
    engine.deploy(with_register_due(petition(), "working_days(4)"), SYSTEM, "meanwhile")
    with pytest.raises(Conflict), db.begin() as conn:
        drafts.deploy(conn, "petition", "analyst", clock.now(), "mine")
    with db.begin() as conn:
        done = drafts.deploy(conn, "petition", "analyst", clock.now(), "mine", force=True)
    assert done[0].version == 3


def test_deploying_without_a_draft_is_not_found(db, clock, agencies):
    with pytest.raises(NotFound), db.begin() as conn:
        drafts.deploy(conn, "petition", "analyst", clock.now())


def test_deploying_a_draft_makes_a_version_of_its_own_process_only(engine, db, clock):
    library = {p.name: p.read_bytes() for p in (ROOT / "bpmn").iterdir() if p.suffix in (".bpmn", ".dmn")}
    engine.deploy(library)
    with db.begin() as conn:
        drafts.save(conn, "petition", with_register_due(library, "working_days(3)"), "analyst", clock.now())
        done = drafts.deploy(conn, "petition", "analyst", clock.now(), "register within 3 working days")
    assert [(d.key, d.version) for d in done] == [("petition", 2)]
    assert versions(db, "consumer_complaint") == 1 and versions(db, "records_audit") == 1
