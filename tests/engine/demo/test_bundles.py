"""engine/demo/bundles.py: the demo deploys each process on its own, with
the files it needs and nothing else, and every shipped process still starts."""
from __future__ import annotations

import json

from sqlalchemy import func, select

from engine.data.schema import case, process_definition
from engine.demo.bundles import bundles
from engine.models.validation.bpmn import called_decisions
from engine.demo.generate import deploy_library, library_files
from engine.models.xmlsafe import parse_xml

NEEDS = {"petition": ["petition.bpmn", "petition_routing.dmn"],
         "records_audit": ["records_audit.bpmn", "audit_grading.dmn"]}


def test_each_process_gets_its_own_file_first_and_only_the_decisions_it_calls():
    found = bundles(library_files())
    bpmn = sorted(n for n in library_files() if n.endswith(".bpmn"))
    assert sorted(found) == sorted(n.removesuffix(".bpmn") for n in bpmn)
    for key, files in found.items():
        assert list(files) == NEEDS.get(key, [f"{key}.bpmn"])


CALLER = (b'<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" '
          b'targetNamespace="t"><process id="outer" isExecutable="true">'
          b'<startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="c"/>'
          b'<callActivity id="c" calledElement="inner"/><sequenceFlow id="f2" sourceRef="c" targetRef="e"/>'
          b'<endEvent id="e"/></process></definitions>')


def caller_and_callee() -> dict[str, bytes]:
    """`outer` calls `inner` (the petition renamed), both executable."""
    lib = library_files()
    inner = lib["petition.bpmn"].replace(b'id="petition"', b'id="inner"')
    return {"outer.bpmn": CALLER, "inner.bpmn": inner, "petition_routing.dmn": lib["petition_routing.dmn"],
            "audit_grading.dmn": lib["audit_grading.dmn"]}


def test_a_called_process_and_its_decision_come_along():
    found = bundles(caller_and_callee())
    assert list(found["outer"]) == ["outer.bpmn", "inner.bpmn", "petition_routing.dmn"]
    assert list(found["inner"]) == ["inner.bpmn", "petition_routing.dmn"]


def test_deploying_the_caller_leaves_the_called_process_s_versions_as_they_are(engine, db):
    deployed = deploy_library(engine, caller_and_callee())
    assert sorted((d.key, d.version) for d in deployed) == [("inner", 1), ("outer", 1)]
    with db.connect() as conn:
        stored = conn.execute(select(process_definition.c.key, process_definition.c.sources)
                              .order_by(process_definition.c.key)).all()
    # One version of each; the called process holds its own files, not its caller's.
    assert {r.key: list(json.loads(r.sources)) for r in stored} == {
        "inner": ["inner.bpmn", "petition_routing.dmn"],
        "outer": ["outer.bpmn", "inner.bpmn", "petition_routing.dmn"]}
    assert len(stored) == 2


def test_a_decision_named_as_an_attribute_or_an_extension_is_read():
    root = parse_xml(library_files()["records_audit.bpmn"], "records_audit.bpmn")
    process = next(root.iter("{http://www.omg.org/spec/BPMN/20100524/MODEL}process"))
    assert called_decisions(process) == {"audit_grading"}


def test_the_demo_deploys_each_process_with_its_files_and_every_process_starts(demo):
    with demo.db.connect() as conn:
        stored = {r.key: list(json.loads(r.sources)) for r in conn.execute(
            select(process_definition.c.key, process_definition.c.sources))}
        started = dict(conn.execute(select(case.c.process_key, func.count())
                                    .group_by(case.c.process_key)).all())
    assert stored == {key: list(files) for key, files in bundles(library_files()).items()}
    assert set(started) == set(stored) and min(started.values()) > 0
