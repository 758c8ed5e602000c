"""WorkflowStore restores plain task rows directly (engine/cases/restore.py),
not through SpiffWorkflow's registry: the workflow must be the one SpiffWorkflow's
own restore gives. The shipped models' own tests (tests/models) are run here
with a hook that, after every committed command, loads each case it touched
both ways and compares everything a restore sets, in order."""
from __future__ import annotations

import importlib.util
import json
import sys
import types
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from SpiffWorkflow.util.task import TaskState

from engine.cases import restore
from engine.cases.actors import Actor
from engine.cases.restore import TaskRestorer
from engine.cases.store import WorkflowStore, make_registry
from engine.data.schema import case, task
from engine.time.clock import TAIPEI

MODELS_DIR = Path(__file__).resolve().parents[2] / "models"


def _models_package():
    """tests/models as an importable package, so its tests' relative imports work."""
    name = "shipped_model_tests"
    if name not in sys.modules:
        pkg = types.ModuleType(name)
        pkg.__path__ = [str(MODELS_DIR)]
        sys.modules[name] = pkg
    return name


def shipped(module: str):
    """A module of tests/models (its test functions and the Driver)."""
    full = f"{_models_package()}.{module}"
    if full not in sys.modules:
        spec = importlib.util.spec_from_file_location(full, MODELS_DIR / f"{module}.py")
        sys.modules[full] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[full])
    return sys.modules[full]


def fingerprint(registry, wf) -> str:
    """What a restore sets, order-sensitive: each (sub)workflow's attributes and
    tasks in order (SpiffWorkflow's own to_dict of each), each task's class,
    thread id, whole data in key order and which of its containers are its
    parent's objects, the event manager's waiting tasks and the pending events."""
    parts = [[str(t) for t in wf.event_manager.tasks], registry.convert(wf.bpmn_events),
             [str(k) for k in wf.subprocesses]]
    for w in [wf, *wf.subprocesses.values()]:
        parts.append([str(w.task_tree.id), w.success, w.completed, w.correlations,
                      str(w.last_task.id) if w.last_task else None, registry.convert(w.data)])
        for tid, t in w.tasks.items():
            parent = t.parent.data if t.parent is not None else {}
            shared = [k for k, v in t.data.items() if isinstance(v, (dict, list, set))
                      and v is parent.get(k)]
            parts.append([str(tid), type(t).__name__, t.thread_id, registry.convert(t),
                          registry.convert(t.data), shared])
    return json.dumps(parts, ensure_ascii=False, default=repr)


class BothWays:
    """Loads a case with the direct restore and with SpiffWorkflow's, compares."""

    def __init__(self, engine):
        self.engine = engine
        self.reference = WorkflowStore()
        self.reference.restorer = TaskRestorer(self.reference.registry, direct=False)
        self.checked = 0

    def check(self, case_id, definition):
        args = (case_id, definition.spec, definition.subprocess_specs)
        with self.engine.db.connect() as conn:
            direct, snap = self.engine.store.load(conn, *args)
            spiff, ref_snap = self.reference.load(conn, *args)
        registry = self.engine.store.registry
        assert fingerprint(registry, direct) == fingerprint(registry, spiff)
        assert snap == ref_snap
        self.checked += 1


@pytest.fixture
def plain_rows(monkeypatch):
    """Counts the task rows restored directly."""
    count = [0]
    real = restore.restore_plain

    def counting(*args):
        count[0] += 1
        return real(*args)
    monkeypatch.setattr(restore, "restore_plain", counting)
    return count


@pytest.fixture
def both_ways(engine):
    checker = BothWays(engine)
    real = engine.after_commit

    def after_commit(cmd):
        real(cmd)
        for c in [cmd, *getattr(cmd, "related", [])]:
            checker.check(c.case_id, c.definition)
    engine.after_commit = after_commit
    return checker


@pytest.fixture
def library(engine, db, clock, both_ways):
    models = shipped("conftest")
    models.load_reference(db, with_demo_users=False)
    engine.deploy(models.library_files())
    return models.Driver(engine, db, clock)


PATHS = [
    # petition: subprocess with boundary timers, DMN routing, transfer, extension
    ("test_petition", "test_single_agency_path_routes_by_dmn_and_replies_with_legal_basis"),
    ("test_petition", "test_misrouted_case_is_transferred_and_the_petitioner_told"),
    ("test_petition", "test_extension_needs_the_supervisor_and_tells_the_petitioner"),
    ("test_petition", "test_reminder_then_overdue_escalation_to_supervisor_and_department"),
    # petition: multi-instance co-handling by several agencies
    ("test_petition", "test_cross_agency_cases_are_co_handled_in_parallel_and_consolidated_by_the_lead"),
    ("test_petition", "test_disagreement_goes_to_the_common_superior"),
    # records audit: multi-instance visits, intermediate timers a year apart
    ("test_records_audit", "test_grade_b_needs_improvement_coaching_and_reinspection_a_year_later"),
    # consumer complaint: a message, a silence timer, a mediation loop
    ("test_consumer_complaint", "test_business_reply_arrives_as_a_message"),
    ("test_consumer_complaint", "test_business_silent_for_15_days_lets_the_consumer_file_a_second_complaint"),
    ("test_consumer_complaint", "test_mediation_sessions_until_settled_with_a_mediation_record"),
    ("test_council_resolution", "test_a_late_progress_report_is_reminded_and_escalated"),
    ("test_facility_repair", "test_a_failed_inspection_reopens_the_repair_until_it_passes"),
    ("test_temp_staff_review", "test_the_panel_approves_fewer_hourly_staff_than_asked"),
    ("test_document_exchange_signup", "test_an_approved_organisation_gets_an_account_and_a_notice"),
    ("test_consumer_inspection", "test_price_gouging_is_referred_to_the_fair_trade_commission"),
]


@pytest.mark.parametrize("module,function", PATHS, ids=[f for _, f in PATHS])
def test_every_step_of_the_shipped_models_restores_as_spiffworkflow_does(
        library, both_ways, plain_rows, module, function):
    getattr(shipped(module), function)(library)
    assert both_ways.checked >= 2
    assert plain_rows[0] > 0


PARALLEL = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  id="d" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="fork" name="Fork" isExecutable="true">
    <bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:parallelGateway id="split"><bpmn:incoming>f1</bpmn:incoming>
      <bpmn:outgoing>f2</bpmn:outgoing><bpmn:outgoing>f3</bpmn:outgoing></bpmn:parallelGateway>
    <bpmn:userTask id="a" name="A"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing></bpmn:userTask>
    <bpmn:userTask id="b" name="B"><bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f5</bpmn:outgoing></bpmn:userTask>
    <bpmn:parallelGateway id="join"><bpmn:incoming>f4</bpmn:incoming><bpmn:incoming>f5</bpmn:incoming>
      <bpmn:outgoing>f6</bpmn:outgoing></bpmn:parallelGateway>
    <bpmn:userTask id="c" name="C"><bpmn:incoming>f6</bpmn:incoming><bpmn:outgoing>f7</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="e"><bpmn:incoming>f7</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="split"/>
    <bpmn:sequenceFlow id="f2" sourceRef="split" targetRef="a"/>
    <bpmn:sequenceFlow id="f3" sourceRef="split" targetRef="b"/>
    <bpmn:sequenceFlow id="f4" sourceRef="a" targetRef="join"/>
    <bpmn:sequenceFlow id="f5" sourceRef="b" targetRef="join"/>
    <bpmn:sequenceFlow id="f6" sourceRef="join" targetRef="c"/>
    <bpmn:sequenceFlow id="f7" sourceRef="c" targetRef="e"/>
  </bpmn:process>
</bpmn:definitions>"""


def test_a_parallel_gateway_restores_as_spiffworkflow_does(engine, db, both_ways, plain_rows):
    engine.deploy({"fork.bpmn": PARALLEL.encode()})
    cid = engine.start_case("fork", {"title": "fork"})["id"]
    actor = Actor("lin", "DOA", frozenset({"officer"}))
    for element in ("b", "a", "c"):
        with db.connect() as conn:
            tid = conn.execute(select(task.c.id).where(
                task.c.case_id == cid, task.c.element_id == element,
                task.c.state == "ready")).scalar_one()
        engine.complete(tid, actor, {})
    assert both_ways.checked == 4 and plain_rows[0] > 0


def test_rows_with_typed_values_go_through_the_registry(engine, db, model_files, both_ways,
                                                        plain_rows):
    """A date, datetime or Decimal in a task's internal data is stored typed
    (task data stays plain JSON: the delta is not converted): such a row is
    restored by SpiffWorkflow's converter, the others directly, and the two
    ways agree."""
    engine.deploy(model_files("casework.bpmn"))
    cid = engine.start_case("casework", {"title": "typed"})["id"]
    with db.begin() as conn:
        defn = engine.specs.get(conn, conn.execute(
            select(case.c.definition_id).where(case.c.id == cid)).scalar_one())
        wf, snap = engine.store.load(conn, cid, defn.spec, defn.subprocess_specs)
        ready = wf.get_tasks(state=TaskState.READY)[0]
        ready.internal_data.update(on=date(2026, 3, 4), amount=Decimal("12.50"),
                                   at=datetime(2026, 3, 4, 9, tzinfo=TAIPEI))
        engine.store.save(conn, cid, wf, snap, new=False)
    plain_rows[0] = 0
    both_ways.check(cid, defn)
    with db.connect() as conn:
        wf, _ = engine.store.load(conn, cid, defn.spec, defn.subprocess_specs)
    ready = wf.get_task_from_id(ready.id)
    assert ready.internal_data["on"] == date(2026, 3, 4)
    assert ready.internal_data["amount"] == Decimal("12.50")
    assert 0 < plain_rows[0] < 2 * len(wf.tasks)   # two loads: all rows but the typed one


def test_a_registry_with_another_task_converter_is_never_bypassed():
    registry = make_registry()
    registry.register(type("Other", (), {}), lambda v: {}, lambda d: None, typename="Task")
    assert not TaskRestorer(registry).direct
    assert TaskRestorer(make_registry()).direct


def test_decode_marks_only_rows_without_typed_values_plain():
    r = TaskRestorer(make_registry())
    assert r.decode('{"data":{},"typename":"Task"}')[0]
    assert not r.decode('{"data":{"on":{"value":"2026-03-04","typename":"date"}},'
                        '"typename":"Task"}')[0]
    assert not r.decode('{"data":{"word":"typename"},"typename":"Task"}')[0]
    assert not r.decode('{"typename":"BpmnEvent"}')[0]


def test_ids_parse_to_the_uuid_the_constructor_gives():
    from uuid import UUID, uuid4
    samples = [str(uuid4()) for _ in range(200)]
    samples += [s.upper() for s in samples[:5]]
    samples += ["{" + samples[0] + "}", "urn:uuid:" + samples[1], samples[2].replace("-", "")]
    for text in samples:
        made, expected = restore._parse_uuid(text), UUID(text)
        assert (type(made), made, made.is_safe, str(made), hash(made)) == \
               (UUID, expected, expected.is_safe, str(expected), hash(expected))
    assert restore._parse_uuid is restore._canonical_uuid   # this Python takes the short way
    for bad in ["zzzzzzzz-b01b-492c-b4f0-3a470c785439", "80a011d8-b01b-492c-b4f0-3a470c78543"]:
        with pytest.raises(ValueError):
            restore._parse_uuid(bad)
