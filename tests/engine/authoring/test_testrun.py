"""Test-runs of the shipped models and of broken ones, on throwaway databases."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from engine.time.clock import TAIPEI
from engine.authoring.testrun import Plan, run

BPMN = Path(__file__).resolve().parents[3] / "bpmn"
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=TAIPEI)
REGISTER = dict(channel="letter", subject="路燈不亮", content="鼓山區路燈故障", category="street_light",
                district="D-GUSHAN", language="zh_TW", art173_ground="none")
HANDLE = dict(handling_action="reply", reply_text="已修復。", legal_basis="市區道路條例")


def library(*names):
    return {n: (BPMN / n).read_bytes() for n in names}


def petition_plan(**over):
    plan = dict(files=library("petition.bpmn", "petition_routing.dmn"), process_key="petition",
                received_at=MONDAY, start_data={"title": "路燈不亮"},
                task_data={"register": REGISTER, "handle": HANDLE})
    plan.update(over)
    return Plan(**plan)


def local_day(instant) -> str:
    return instant.astimezone(TAIPEI).date().isoformat()


def test_petition_walks_to_the_reply_along_the_single_agency_path():
    result = run(petition_plan())
    assert result.status == "completed", result.error
    assert result.visited == [
        "start_received", "register", "gw_oral", "gw_oral_join", "gw_screen", "route",
        "set_deadline", "gw_cross", "gw_lead_join", "handling_start", "handle", "gw_action",
        "reply_ready", "handling", "compose_reply", "gw_deliverable", "send_reply", "end_replied"]
    tasks = [s for s in result.steps if s.who]
    assert [(s.element_id, s.agency, s.role, local_day(s.due_at)) for s in tasks] == [
        ("register", "DOA", "intake", "2026-03-03"),     # 1 working day
        ("handle", "PWB", "officer", "2026-03-10")]      # 6 working days (DMN row 2)
    assert tasks[0].form == REGISTER
    [decision] = result.decisions
    assert (decision.element_id, decision.rules) == ("route", ["rule_2"])
    assert decision.outputs["responsible_agency"] == "PWB" and decision.outputs["deadline_days"] == 6
    assert [(n["kind"], n["recipient"]) for n in result.notices] == [
        ("reply", "petitioner@example.invalid")]
    assert result.data["outcome"] == "replied" and result.case["agency"] == "PWB"


def test_calendar_overrides_of_the_real_database_move_the_due_dates():
    typhoon = [{"day": datetime(2026, 3, 3).date(), "kind": "holiday", "reason": "颱風停班"}]
    result = run(petition_plan(overrides=typhoon), isolate=False)
    register = next(s for s in result.steps if s.element_id == "register")
    assert local_day(register.due_at) == "2026-03-04"


def test_oral_petition_takes_the_read_back_with_form_defaults():
    result = run(petition_plan(task_data={"register": {**REGISTER, "channel": "phone"}}),
                 isolate=False)
    assert result.status == "completed", result.error
    read_back = next(s for s in result.steps if s.element_id == "read_back")
    assert read_back.form["read_back_confirmed"] is True     # a required yes/no is ticked
    assert "read_back" in result.visited and result.visited[-1] == "end_replied"


def test_consumer_complaint_resolved_by_the_business_within_15_days():
    plan = Plan(library("consumer_complaint.bpmn"), "consumer_complaint", MONDAY,
                {"title": "旅行社退費"}, {
                    "intake": dict(request_type="first_complaint", category="travel",
                                   consumer_name="陳美玲", business_name="某旅行社",
                                   claim_text="未退費", has_prior_complaint=False,
                                   already_mediated=False),
                    "business_response": {"business_reply": "全額退費", "properly_handled": True}})
    result = run(plan)
    assert result.status == "completed", result.error
    due = {s.element_id: local_day(s.due_at) for s in result.steps if s.who}
    assert due == {"intake": "2026-03-03", "business_response": "2026-03-17"}
    assert result.visited[-2:] == ["resolved_business", "end_resolved_business"]
    assert result.data["outcome"] == "resolved_by_business"


def test_waiting_days_fire_the_timers_that_fall_due():
    plan = Plan(library("consumer_complaint.bpmn"), "consumer_complaint", MONDAY, {}, {
        "intake": dict(request_type="first_complaint", category="air_ticket", consumer_name="陳",
                       business_name="某航空", claim_text="退票", has_prior_complaint=False,
                       already_mediated=False),
        "business_response": {"_wait_days": 16},
        "consumer_next": {"files_second_complaint": False}})
    result = run(plan, isolate=False)
    assert result.status == "completed", result.error
    assert {"business_timeout", "no_business_answer", "consumer_next"} <= set(result.visited)
    assert "business_response" not in [s.element_id for s in result.steps if s.who]
    assert result.data["business_answered"] is False


LOOP = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:civicflow="urn:civicflow:bpmn:1" id="defs_loop" targetNamespace="urn:test">
<bpmn:process id="looping" isExecutable="true">
  <bpmn:startEvent id="start_it"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
  <bpmn:{kind} id="again" name="Again">
    <bpmn:extensionElements><civicflow:task agency="'DOA'" role="officer"/>
      <civicflow:form><civicflow:field name="done" type="boolean"/></civicflow:form></bpmn:extensionElements>
    <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    <bpmn:standardLoopCharacteristics><bpmn:loopCondition>not done</bpmn:loopCondition></bpmn:standardLoopCharacteristics>
    {script}
  </bpmn:{kind}>
  <bpmn:endEvent id="end_it"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
  <bpmn:sequenceFlow id="f1" sourceRef="start_it" targetRef="again"/>
  <bpmn:sequenceFlow id="f2" sourceRef="again" targetRef="end_it"/>
</bpmn:process>
</bpmn:definitions>"""


def loop_plan(kind="userTask", script="", **over):
    xml = LOOP.format(kind=kind, script=script).encode()
    return Plan({"loop.bpmn": xml}, "looping", MONDAY, **over)


def test_a_task_that_loops_for_ever_stops_at_the_step_budget():
    result = run(loop_plan(task_data={"again": {"done": False}}, max_steps=25))
    assert result.status == "step_budget"
    assert [s.element_id for s in result.steps if s.who] == ["again"] * 25


def test_a_list_of_samples_gives_one_per_round():
    result = run(loop_plan(task_data={"again": [{"done": False}, {"done": False}, {"done": True}]}),
                 isolate=False)
    assert result.status == "completed", result.error
    assert [s.form for s in result.steps if s.who] == [{"done": False}] * 2 + [{"done": True}]


def test_an_engine_loop_without_tasks_is_stopped():
    result = run(loop_plan("scriptTask", "<bpmn:script>done = False</bpmn:script>", max_steps=4))
    assert result.status == "step_budget"
    assert result.error.element_id == "again"


def test_bad_sample_data_names_the_element_and_the_field():
    result = run(petition_plan(task_data={"register": {**REGISTER, "channel": "pigeon"}}))
    assert result.status == "error"
    assert result.error.element_id == "register"
    assert "channel" in result.error.errors
    assert result.visited == ["start_received"]


def test_a_failing_script_names_its_element():
    files = library("petition.bpmn", "petition_routing.dmn")
    files["petition.bpmn"] = files["petition.bpmn"].replace(
        b"cross_agency = len(co_agencies) &gt; 0", b"cross_agency = len(no_such_name) &gt; 0")
    result = run(petition_plan(files=files))
    assert result.status == "error"
    assert result.error.element_id == "set_deadline"
    assert "no_such_name" in result.error.message


def test_an_invalid_model_returns_its_problems():
    files = {"broken.bpmn": LOOP.replace('role="officer"', 'role="officer" due="().__class__"')
             .format(kind="userTask", script="").encode()}
    result = run(Plan(files, "looping", MONDAY))
    assert result.status == "refused"
    assert [p["element_id"] for p in result.problems] == ["again"] and not result.steps


def test_a_model_that_hangs_is_killed_at_the_wall_clock_limit(monkeypatch):
    import engine.authoring.walk as walk

    def hang(plan, url):
        import time
        time.sleep(30)
    monkeypatch.setattr(walk, "execute", hang)
    result = run(petition_plan(max_seconds=0.5))
    assert result.status == "time_budget" and "stopped" in result.error.message
