"""Starting cases with their start form filled (`<civicflow:start>`, see
engine/models/starts.py): each case is started and its start-form task
completed in the starter's name, and all the cases of one form (a council
meeting's resolutions) in one transaction with their audit records.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import insert

from engine.data.errors import Forbidden, NotFound
from engine.data.schema import petitioner, task
from engine.models import forms
from engine.time.clock import to_iso
from . import index, messages, petitioner_keys, variables
from .actors import Actor, can_work
from .command import Command


@dataclass
class Start:
    """One case to start: its start-form values, case data and petitioner row."""
    form: dict
    data: dict = field(default_factory=dict)
    petitioner: dict | None = None


def start_filled(engine, process_key: str, starts: list[Start], *, actor: Actor,
                 received_at: datetime | None = None) -> list[dict]:
    """Start one case per `Start`; all or none. Returns [{id, number, version}]."""
    now = engine.clock.now()
    received = variables.received(received_at, now)
    done = []
    with engine.db.begin() as conn:
        defn = engine.specs.get(conn, engine.specs.latest_id(conn, process_key))
        declared = defn.meta.start
        if declared is None:
            raise NotFound(f"process '{process_key}' declares no start form")
        if not declared.allows(actor.agency, actor.roles):
            raise Forbidden("you may not start this process", process=process_key)
        agencies = engine.agencies(conn, None)
        for one in starts:
            done.append(_start_one(engine, conn, defn, one, actor, received, now, agencies))
    for cmd in done:
        engine.after_commit(cmd)
    return [{"id": c.case_id, "number": c.case.number, "version": c.new_version} for c in done]


def _start_one(engine, conn, defn, one: Start, actor, received, now, agencies) -> Command:
    data = variables.check(one.data)
    row = engine.insert_case(conn, defn, data, received, now)
    if one.petitioner:
        conn.execute(insert(petitioner).values(petitioner_keys.row(row.id, received, one.petitioner)))
    cmd = Command(engine, conn, row, defn, actor, now)
    cmd.wf = BpmnWorkflow(defn.spec, defn.subprocess_specs, script_engine=engine.script_engine)
    cmd.record("start", process=defn.key, version=defn.version, data=data)
    start = {**data, "case_number": row.number, "received_at": to_iso(received)}
    with cmd.active():
        for t in cmd.wf.get_tasks(state=TaskState.READY):
            t.data.update(start)
        cmd.wf.do_engine_steps()
        _complete_start_task(cmd, defn, one.form, agencies)
        cmd.wf.do_engine_steps()
        messages.deliver(engine, cmd)
    engine.finish(cmd, None)
    return cmd


def _complete_start_task(cmd, defn, form: dict, agencies) -> None:
    element = defn.meta.start.task
    ready = [t for t in cmd.wf.get_tasks(state=TaskState.READY)
             if getattr(t.task_spec, "bpmn_id", None) == element]
    if not ready:
        raise NotFound(f"the start form task '{element}' did not open", element=element)
    spiff_task, meta = ready[0], defn.tasks.get(element)
    agency, role, _, _ = cmd.task_assignment(spiff_task, meta)
    if not can_work(cmd.actor, agency, role):
        raise Forbidden("the start form belongs to another agency or role", agency=agency, role=role)
    clean = forms.validate(meta.fields if meta else [], form, agencies)
    # The form's task shows on the case as done by the starter, like any other.
    who = cmd.actor.username
    cmd.conn.execute(insert(task).values(**{**index._task_row(cmd, spiff_task), "state": "completed",
                                            "assignee": who, "completed_by": who,
                                            "completed_at": cmd.now}))
    spiff_task.data.update(clean)
    spiff_task.run()
    cmd.completed_by[str(spiff_task.id)] = who
    cmd.record("complete", str(spiff_task.id), element=element, form=clean)
