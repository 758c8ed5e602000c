"""A model's service task calls a registered function (engine/services)
inside the running command: same connection and transaction, the call and
its result written into the command's audit record. A reservation refused
for a form field is told like a bad form value (422, beside the field); any
other refusal ends the command with its code."""
from __future__ import annotations

import json

from SpiffWorkflow.exceptions import SpiffWorkflowException

from engine.data.errors import InvalidData
from engine.models.forms import FieldError
from engine.resources.reservations import ReservationRefused
from engine.sandbox import SandboxScriptEngine
from engine.services import Context, ServiceRefused, call

from . import timer_notices
from .command import current_command


class ServiceFieldRefused(InvalidData, SpiffWorkflowException):
    """A service refusal shown beside a form field; a SpiffWorkflowException
    too, so nothing on the way wraps it."""

    def __init__(self, err: ReservationRefused, field: str):
        super().__init__(err.message, {field: FieldError(err.message, err.code, err.params)})
        self.code, self.params = err.code, err.params


class CaseScriptEngine(SandboxScriptEngine):
    """The sandbox's script engine, answering service tasks from the registry."""

    def execute(self, task, script, external_context=None):
        # A boundary timer's notices name the step it is attached to (timer_notices).
        cmd = current_command()
        since = len(cmd.notices) if cmd is not None else 0
        result = super().execute(task, script, external_context)
        if cmd is not None:
            timer_notices.name_step(cmd, task, since)
        return result

    def call_service(self, task, operation_name=None, operation_params=None, **_kw):
        cmd = current_command()
        if cmd is None:
            raise ServiceRefused("a service task runs only within a case's command",
                                 "no_command", function=operation_name)
        args = {name: p["value"] for name, p in (operation_params or {}).items()}
        ctx = Context(cmd.conn, cmd.case_id, cmd.case.number, cmd.actor.username, cmd.now)
        try:
            result = call(operation_name, args, ctx)
        except ReservationRefused as err:
            field = getattr(err, "field", None)
            raise (ServiceFieldRefused(err, field) if field else err) from None
        cmd.record("service_call", str(task.id), element=task.task_spec.bpmn_id,
                   name=task.task_spec.bpmn_name or "",   # the timeline names the step
                   function=operation_name, args=args, result=result)
        return json.dumps(result)
