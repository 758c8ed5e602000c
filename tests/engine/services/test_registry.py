"""The service registry: a call names a registered function and passes the
arguments it declares, of their types; anything else is refused with the
reason before the function runs. Deployment refuses a service task naming an
unknown function or argument; at run time the call is audited."""
import json

import pytest
from sqlalchemy import select

from engine.cases.actors import Actor
from engine.data.schema import audit, task
from engine.models.validation import validate
from engine.services import Context, ServiceRefused, call, registry, service

CTX = Context(conn=None, case_id=1, case_number="115-000001", actor="tester", now=None)


@service("_test_echo", args={"word": "str", "times": "int", "when": "instant"}, result="str")
def echo(ctx, word, times, when="2026-03-02T09:00:00+08:00"):
    return word * times


@service("_test_broken", args={}, result="list")
def broken(ctx):
    return "not a list"


def refused(name, args):
    with pytest.raises(ServiceRefused) as err:
        call(name, args, CTX)
    return err.value


def test_a_declared_call_runs():
    assert call("_test_echo", {"word": "好", "times": 2}, CTX) == "好好"


def test_an_unknown_function_is_refused_by_name():
    err = refused("launch_rockets", {})
    assert (err.code, err.params) == ("unknown_service", {"function": "launch_rockets"})
    assert "launch_rockets" in err.message


@pytest.mark.parametrize("args,code,argument", [
    ({"word": "x", "times": "2"}, "bad_argument", "times"),
    ({"word": "x", "times": True}, "bad_argument", "times"),
    ({"word": "x", "times": 1, "when": "next tuesday"}, "bad_argument", "when"),
    ({"word": "x", "times": 1, "when": "2026-03-02"}, "bad_argument", "when"),
    ({"word": "x"}, "missing_argument", "times"),
    ({"word": "x", "times": 1, "colour": "red"}, "unknown_argument", "colour"),
])
def test_a_bad_argument_is_refused_naming_it(args, code, argument):
    err = refused("_test_echo", args)
    assert (err.code, err.params["argument"]) == (code, argument)
    assert repr(argument) in err.message


def test_a_result_of_the_wrong_type_never_reaches_the_case():
    err = refused("_test_broken", {})
    assert (err.code, err.params["expected"]) == ("bad_result", "list")


def test_the_shipped_functions_are_registered():
    assert {"reserve_resource", "release_reservations", "free_resources"} <= set(registry.names())


MODEL = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:civicflow="urn:civicflow:bpmn:1" id="d" targetNamespace="urn:t">
<bpmn:process id="svc" isExecutable="true">
  <bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
  <bpmn:serviceTask id="call_it" name="Call"><bpmn:extensionElements>{service}</bpmn:extensionElements>
    <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
  <bpmn:userTask id="look" name="查看空房 Look"><bpmn:extensionElements><civicflow:task agency="'DOA'"/></bpmn:extensionElements>
    <bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:userTask>
  <bpmn:endEvent id="e"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
  <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="call_it"/>
  <bpmn:sequenceFlow id="f2" sourceRef="call_it" targetRef="look"/>
  <bpmn:sequenceFlow id="f3" sourceRef="look" targetRef="e"/>
</bpmn:process></bpmn:definitions>"""
FREE = ('<civicflow:service function="free_resources" result="free_rooms">'
        '<civicflow:arg name="kind" value="kind"/><civicflow:arg name="starts_at" value="\'2026-03-04T09:00:00+08:00\'"/>'
        '<civicflow:arg name="ends_at" value="\'2026-03-04T12:00:00+08:00\'"/></civicflow:service>')


def model(service_xml):
    return {"svc.bpmn": MODEL.format(service=service_xml).encode()}


@pytest.mark.parametrize("service_xml,words", [
    ('<civicflow:service function="launch_rockets"/>', "no service function named 'launch_rockets'"),
    (FREE.replace('name="kind"', 'name="sort"'), "free_resources takes no argument 'sort'"),
    (FREE.replace('<civicflow:arg name="kind" value="kind"/>', ''), "free_resources needs the argument 'kind'"),
    (FREE.replace('value="kind"', 'value="__import__"'), "argument 'kind' of free_resources"),
    ("", "a service task needs <civicflow:service"),
])
def test_deployment_refuses_a_service_task_it_cannot_call(service_xml, words):
    report = validate(model(service_xml))
    assert report.verdict == "refused"
    assert any(p.element_id == "call_it" and words in p.message_en and p.message_zh
               for p in report.problems), report.problems


def test_a_call_is_audited_and_a_bad_value_refuses_the_command(engine, db):
    engine.deploy(model(FREE))
    ref = engine.start_case("svc", {"title": "t", "kind": "room"})
    with db.connect() as conn:
        row = conn.execute(select(audit.c.detail).where(
            audit.c.case_id == ref["id"], audit.c.action == "service_call")).scalar_one()
    detail = json.loads(row)
    assert (detail["element"], detail["function"], detail["args"]["kind"], detail["result"]) == (
        "call_it", "free_resources", "room", [])
    with pytest.raises(ServiceRefused) as err:
        engine.start_case("svc", {"title": "t", "kind": 7}, actor=Actor("x", "DOA", frozenset()))
    assert (err.value.code, err.value.params["argument"]) == ("bad_argument", "kind")
    with db.connect() as conn:
        assert conn.execute(select(task.c.case_id)).scalars().all() == [ref["id"]]
