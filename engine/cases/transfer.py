"""A supervisor transfers (改分) an open task's case to another agency.

The model says what a transfer is: a task whose form has a field of type
`agency` shown for one value of a choice (the petition's `handle`:
handling_action=transfer, competent_agency, transfer_reason). The transfer
completes that form in the supervisor's name, exactly as the officer would,
so the model moves the case, counts it and tells the petitioner (Art. 172).
A task whose form offers no transfer is refused, never moved behind the
model's back.
"""
from __future__ import annotations

from uuid import UUID

from sqlalchemy import select

from engine.data.errors import EngineError, InvalidData
from engine.data.schema import agency
from engine.models import conditions, forms
from engine.models.forms import FieldError

from .actors import Actor
from .assignment import ANY, open_task_for


def transfer_form(fields, to_agency: str, reason: str) -> dict | None:
    """The form values of a transfer to `to_agency`, or None when the form has none."""
    target = next((f for f in fields if f.type == "agency" and f.when), None)
    cond = conditions.parse(target.when) if target else None
    if cond is None or cond.negate:
        return None
    values = {cond.field: cond.values[0], target.name: to_agency}
    for f in fields:   # the transfer's own text fields (its reason)
        if f.name not in values and f.when == target.when and f.type in ("text", "textarea"):
            values[f.name] = reason
    return values


def refuse_own_agency(fields, clean: dict, current: str | None) -> None:
    """An officer's own transfer (the form's agency field, shown for the
    transfer choice) to the agency that already holds the task is refused
    beside that field: it would count as a transfer and tell the petitioner
    the case moved when it did not."""
    target = next((f for f in fields if f.type == "agency" and f.when), None)
    if target is not None and current is not None and clean.get(target.name) == current:
        raise InvalidData("the task is already at this agency", {target.name: FieldError(
            "the task is already at this agency", "same_agency", {"agency": current})})


def transfer(engine, task_id: str, to_agency: str, reason: str, actor: Actor,
             expected=ANY):
    """Complete the open task's transfer form: the case goes to `to_agency`."""
    def body(cmd):
        live = open_task_for(cmd.conn, actor, task_id, expected)
        _known_agency(cmd.conn, to_agency, live.candidate_agency)
        meta = cmd.definition.tasks.get(live.element_id)
        form = transfer_form(meta.fields if meta else [], to_agency, reason)
        if form is None:
            raise EngineError("this step offers no transfer", code="no_transfer")
        clean = forms.validate(meta.fields, form, {to_agency})
        spiff_task = cmd.wf.get_task_from_id(UUID(task_id))
        spiff_task.data.update(clean)
        spiff_task.run()
        cmd.completed_by[task_id] = actor.username
        cmd.record("complete", task_id, element=live.element_id, form=clean)
        cmd.record("transfer", task_id, from_agency=live.candidate_agency, to_agency=to_agency,
                   reason=reason, previous=live.assignee)
    return engine.execute(None, actor, body, task_id=task_id)


def _known_agency(conn, code: str, current: str | None) -> None:
    active = conn.execute(select(agency.c.active).where(agency.c.code == code)).scalar()
    if not active:
        raise EngineError("no such active agency", code="unknown_agency", agency=code)
    if code == current:
        raise EngineError("the task is already at this agency", code="same_agency", agency=code)
