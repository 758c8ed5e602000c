import time

import pytest

from engine.sandbox import Limits, SandboxEnvironment, SandboxError, SandboxScriptEngine, check


@pytest.fixture
def env():
    return SandboxEnvironment(limits=Limits(steps=200_000, seconds=1.0))


@pytest.mark.parametrize("source", [
    "().__class__.__mro__[1].__subclasses__()",
    "[].__class__.__base__",
    "__import__('os').system('true')",
    "open('/etc/passwd').read()",
    "eval('1')",
    "exec('x=1')",
    "getattr(1, '__class__')",
    "type(1)",
    "compile('1', 's', 'eval')",
    "globals()",
    "vars()",
    "(x for x in []).gi_frame.f_back.f_globals",
    "'{0.__class__}'.format(1)",
    "'{a.__class__}'.format_map({'a': 1})",
    "2 ** 10 ** 8",
    "'x' * 10 ** 9",
    "[0] * 10 ** 9",
    "1 << 10 ** 9",
    "f'{x:>100000000}'",
    "f'{x:>{w}}'",
    "_secret",
    "notify.__self__",
])
def test_check_refuses_escapes_and_bombs(source):
    assert check(source, "eval") is not None


@pytest.mark.parametrize("source", [
    "import os",
    "from os import path",
    "global x\nx = 1",
    "def f():\n    nonlocal y",
    "class A:\n    pass",
    "with x:\n    pass",
    "def g():\n    yield 1",
    "obj.attr = 1",
    "del obj.attr",
    "@decorator\ndef f():\n    pass",
])
def test_check_refuses_statements(source):
    assert check(source, "exec") is not None


def test_check_reason_is_readable():
    reason = check("().__class__", "eval")
    assert "__class__" in reason and "line 1" in reason
    assert "syntax" in check("a +", "eval").lower()


@pytest.mark.parametrize("source", [
    "amount > 1000 and category in ('a', 'b')",
    "'P30D'",
    "working_days(6)",
    "sorted(items, key=lambda v: -v)[0]",
    "sum(x for x in items if x > 1)",
    "{k: v for k, v in data.items()}",
    "f'{n:05d}'",
    "'%05d' % n",
    "name.strip().lower().replace(' ', '_')",
])
def test_check_accepts_ordinary_expressions(source):
    assert check(source, "eval") is None


def _stopped(env, script):
    started = time.monotonic()
    with pytest.raises(SandboxError):
        env.execute(script, {})
    return time.monotonic() - started


def test_infinite_loop_is_stopped(env):
    assert _stopped(env, "while True:\n    pass") < 2


def test_infinite_comprehension_is_stopped(env):
    assert _stopped(env, "x = [i for i in range(10**6) for j in range(10**6)]") < 2


def test_caught_limit_stays_tripped(env):
    script = "try:\n    while True:\n        pass\nexcept Exception:\n    pass\nafter = 1"
    assert _stopped(env, script) < 2


def test_deep_recursion_is_stopped(env):
    assert _stopped(env, "def f(n):\n    return f(n + 1)\nf(0)") < 2


def test_doubling_string_is_stopped(env):
    assert _stopped(env, "s = 'ab'\nwhile True:\n    s = s + s") < 2
    assert _stopped(env, "s = ['ab']\nwhile True:\n    s += s") < 2
    assert _stopped(env, "n = 2\nwhile True:\n    n = n ** 2") < 2


def test_sized_methods_are_guarded(env):
    with pytest.raises(SandboxError):
        env.evaluate("s.ljust(10 ** 8)", {"s": "x"})
    with pytest.raises(SandboxError):
        env.execute("s = 'a' * 1000\nt = s.replace('a', s)\nu = t.replace('a', t)", {})
    with pytest.raises(SandboxError):
        env.evaluate("'%*d' % (10 ** 8, 1)", {})
    with pytest.raises(SandboxError):
        env.evaluate("range(10 ** 9)", {})


def test_time_limit(env):
    slow = SandboxEnvironment(limits=Limits(steps=10 ** 12, seconds=0.2))
    assert _stopped(slow, "while True:\n    pass") < 1.5


def test_evaluate_sees_task_data_functions_and_external_context():
    env = SandboxEnvironment(functions=lambda: {"double": lambda v: v * 2})
    data = {"amount": 21, "items": [{"n": 1}, {"n": 5}]}
    assert env.evaluate("double(amount)", data) == 42
    assert env.evaluate("max(i['n'] for i in items if i['n'] > limit)", data, {"limit": 0}) == 5
    assert data == {"amount": 21, "items": [{"n": 1}, {"n": 5}]}


def test_execute_updates_data_and_leaves_no_functions():
    env = SandboxEnvironment(functions={"now": lambda: "2024-01-02T08:30:00+08:00"})
    data = {"items": [1], "name": "x"}
    env.execute(
        "items += [2]\nlabel = ', '.join(str(i) for i in items)\n"
        "def twice(v):\n    return v * 2\nstamp = now()\ncount = twice(len(items))", data)
    assert data == {"items": [1, 2], "name": "x", "label": "1, 2",
                    "stamp": "2024-01-02T08:30:00+08:00", "count": 4}


def test_execute_refuses_data_that_shadows_a_function():
    env = SandboxEnvironment(functions={"now": lambda: "t"})
    with pytest.raises(SandboxError, match="now"):
        env.execute("x = 1", {"now": "a value"})


def test_runtime_refuses_unchecked_code(env):
    with pytest.raises(SandboxError, match="refused"):
        env.evaluate("().__class__", {})


def test_script_engine_runs_a_workflow():
    from SpiffWorkflow.bpmn import BpmnWorkflow
    from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser

    parser = SpiffBpmnParser()
    parser.add_bpmn_str(_SCRIPT_BPMN.encode(), "t.bpmn")
    spec = parser.get_spec("p")
    engine = SandboxScriptEngine(functions=lambda: {"bonus": lambda v: v + 1})
    workflow = BpmnWorkflow(spec, script_engine=engine)
    workflow.do_engine_steps()
    assert workflow.is_completed()
    assert workflow.data["total"] == 7 and workflow.data["big"] is True


def test_script_engine_wraps_escape_in_workflow_error():
    from SpiffWorkflow.bpmn import BpmnWorkflow
    from SpiffWorkflow.exceptions import WorkflowException
    from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser

    parser = SpiffBpmnParser()
    parser.add_bpmn_str(_SCRIPT_BPMN.replace("total = bonus(6)", "total = ().__class__").encode(), "t.bpmn")
    workflow = BpmnWorkflow(parser.get_spec("p"), script_engine=SandboxScriptEngine())
    with pytest.raises(WorkflowException):
        workflow.do_engine_steps()


_SCRIPT_BPMN = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:scriptTask id="calc"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
      <bpmn:script>total = bonus(6)</bpmn:script></bpmn:scriptTask>
    <bpmn:exclusiveGateway id="g" default="f4"><bpmn:incoming>f2</bpmn:incoming>
      <bpmn:outgoing>f3</bpmn:outgoing><bpmn:outgoing>f4</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:scriptTask id="mark"><bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f5</bpmn:outgoing>
      <bpmn:script>big = True</bpmn:script></bpmn:scriptTask>
    <bpmn:endEvent id="e1"><bpmn:incoming>f4</bpmn:incoming><bpmn:incoming>f5</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="calc"/>
    <bpmn:sequenceFlow id="f2" sourceRef="calc" targetRef="g"/>
    <bpmn:sequenceFlow id="f3" sourceRef="g" targetRef="mark">
      <bpmn:conditionExpression>total &gt; 5</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f4" sourceRef="g" targetRef="e1"/>
    <bpmn:sequenceFlow id="f5" sourceRef="mark" targetRef="e1"/>
  </bpmn:process>
</bpmn:definitions>
"""
