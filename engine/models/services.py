"""Service tasks that call a registered Python function by name
(engine/services), declared with the civicflow extension:

    <bpmn:serviceTask id="reserve_car" name="預約車輛 Reserve the car">
      <bpmn:extensionElements>
        <civicflow:service function="reserve_resource" result="car_reservation">
          <civicflow:arg name="resource" value="car_id"/>
          <civicflow:arg name="starts_at" value="trip_start"/>
        </civicflow:service>
      </bpmn:extensionElements>
    </bpmn:serviceTask>

Each `value` is an expression over the case data (run in the sandbox like any
other); the function's result is stored in the case variable `result`. The
parser builds SpiffWorkflow's own ServiceTask spec from it, so the workflow
serializes as usual; the runtime answers its call (engine/cases/service_calls.py).
"""
from __future__ import annotations

from SpiffWorkflow.spiff.parser.task_spec import ServiceTaskParser

from engine import sandbox
from engine.models.python_words import refusal_zh
from engine.services import registry
BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
CF_NS = "urn:civicflow:bpmn:1"


def declaration(el):
    """(function, {arg: expression}, result variable) of a service task, or None."""
    ext = el.find(f"{{{BPMN_NS}}}extensionElements/{{{CF_NS}}}service")
    if ext is None:
        return None
    args = {a.get("name") or "": a.get("value") or "" for a in ext.findall(f"{{{CF_NS}}}arg")}
    return ext.get("function") or "", args, ext.get("result") or ""


class CivicflowServiceTaskParser(ServiceTaskParser):
    """Reads `civicflow:service`; SpiffWorkflow's own operator still works."""

    def create_task(self):
        found = declaration(self.node)
        if found is None:
            return super().create_task()
        function, args, result = found
        spec = registry.declared(function)
        params = {name: {"value": expr, "type": spec.args.get(name, "") if spec else ""}
                  for name, expr in args.items()}
        return self.spec_class(self.spec, self.bpmn_id, operation_name=function,
                               operation_params=params, result_variable=result or None,
                               **self.bpmn_attributes)


def problems(process) -> list[tuple]:
    """What deployment refuses in a process's service tasks:
    (element id, line, English, zh-TW)."""
    return [(el.get("id"), el.sourceline, en, zh)
            for el in process.iter(f"{{{BPMN_NS}}}serviceTask")
            for en, zh in _task_problems(el)]


def _task_problems(el):
    found = declaration(el)
    if found is None:
        return [("a service task needs <civicflow:service function=...>",
                 "服務工作須以 <civicflow:service function=...> 指定所呼叫的功能")]
    function, args, result = found
    spec = registry.declared(function)
    if spec is None:
        return [(f"no service function named {function!r}; known: {', '.join(registry.names())}",
                 f"沒有名為「{function}」的服務功能；可用：{'、'.join(registry.names())}")]
    out = [(f"{function} takes no argument {a!r}", f"{function} 沒有參數「{a}」")
           for a in args if a not in spec.args]
    out += [(f"{function} needs the argument {a!r}", f"{function} 須有參數「{a}」")
            for a in sorted(spec.required - set(args))]
    for name, expr in args.items():
        reason = sandbox.check(expr or "None", "eval")
        if reason:
            out.append((f"argument {name!r} of {function}: {reason}",
                        f"{function} 的參數「{name}」不被接受：{refusal_zh(reason)}"))
    if result and not result.isidentifier():
        out.append((f"result {result!r} is not a variable name", f"結果「{result}」不是變數名稱"))
    return out
