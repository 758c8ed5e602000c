"""Messages between cases, and from outside into one case.

A message thrown by one case reaches the other cases waiting for it whose
correlation keys match (SpiffWorkflow's processVariableCorrelation); it is
delivered in the sender's transaction, so both cases change or neither does.
A message without correlation is never broadcast to unrelated cases.
"""
from __future__ import annotations

import json

from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.util import BpmnEvent
from SpiffWorkflow.exceptions import WorkflowException
from sqlalchemy import select

from . import clock_hold
from .actors import SYSTEM
from engine.data.errors import Conflict, InvalidData
from engine.data.schema import message_wait

MAX_HOPS = 5


def send_to(cmd, name: str, payload: dict) -> None:
    # The event takes the waiting task's own definition: SpiffWorkflow matches
    # on the definition's class as well as its name.
    waiting = [t.task_spec.event_definition for t in cmd.wf.event_manager.tasks.values()
               if isinstance(t.task_spec.event_definition, MessageEventDefinition)
               and t.task_spec.event_definition.name == name]
    if not waiting:
        raise Conflict(f"this case is not waiting for the message '{name}'", message_name=name)
    try:
        cmd.wf.send_event(BpmnEvent(waiting[0], payload=payload))
    except WorkflowException:
        raise Conflict(f"this case is not waiting for the message '{name}'", message_name=name) from None
    except Exception as exc:  # the model's correlation expression failed on the payload
        raise InvalidData(f"the message does not fit the model: {exc}", {"payload": str(exc)}) from None


def deliver(engine, cmd, hops: int = 0) -> None:
    for event in cmd.wf.get_events():
        if not isinstance(event.event_definition, MessageEventDefinition):
            continue
        if hops >= MAX_HOPS:
            raise Conflict("messages bounce between cases too many times")
        for target in _targets(cmd, event):
            _deliver_one(engine, cmd, target, event, hops)


def _deliver_one(engine, cmd, target_id, event, hops) -> None:
    other = engine.open_command(cmd.conn, target_id, SYSTEM)
    cmd.related.append(other)
    with other.active():
        try:
            other.wf.send_event(event)
        except WorkflowException:  # its waiting task was answered meanwhile
            return
        clock_hold.engine_steps(other)   # a waiting case (補正) fires no timer
        deliver(engine, other, hops + 1)
    other.record("message", name=event.event_definition.name, from_case=cmd.case.number)
    engine.finish(other, other.snapshot)
    cmd.related.extend(other.related)


def _targets(cmd, event) -> list[int]:
    if not event.correlations:
        return []
    rows = cmd.conn.execute(select(message_wait.c.case_id, message_wait.c.correlation).where(
        message_wait.c.message == event.event_definition.name,
        message_wait.c.case_id != cmd.case_id)).all()
    found = []
    for row in rows:
        theirs = json.loads(row.correlation or "{}")
        if _correlated(theirs, event.correlations) and row.case_id not in found:
            found.append(row.case_id)
    return found


def _correlated(theirs: dict, ours: dict) -> bool:
    """Same value for a shared correlation key, or a key whose value is the
    receiving case's number (how a case addresses another it knows)."""
    number = theirs.get("case_number")
    keys = theirs.get("keys", {})
    for key, props in ours.items():
        if key in keys and keys[key] == props:
            return True
        if number and isinstance(props, dict) and number in props.values():
            return True
    return False
