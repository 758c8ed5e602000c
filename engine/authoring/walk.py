"""The walk of a test-run, on a throwaway database (see testrun.py).

Every element SpiffWorkflow completes is recorded through the completed_event
of the test-run's own parsed specs (a fresh Engine parses them privately, so
the hooks never reach the real application's specs).
"""
from __future__ import annotations

import time
from collections import namedtuple
from datetime import timedelta, timezone

from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import LoopTask
from SpiffWorkflow.exceptions import WorkflowException
from sqlalchemy import insert, select, update

from engine.cases import variables
from engine.demo import reference
from engine.cases.actors import SYSTEM, Actor
from engine.time.clock import FrozenClock, TAIPEI
from engine.data.db import make_engine, migrate
from engine.data.errors import EngineError, InvalidData, ModelRefused
from engine.cases.runtime import Engine
from engine.data.schema import agency, calendar_override, case, outbox, resource, task, timer
from engine.resources import catalogue
from . import run_words, sample_keys
from .sample_resources import fitted
from .plan import Decision, Plan, Result, RunError, Step
from .sample import sample_form

ACTOR = "test-run"
# A step another person must do (`not_by`: whoever asked may not decide, the
# repairer may not inspect his own repair) is done by a second test person.
SECOND = "test-run-2"
ELEMENTS_PER_STEP = 50   # elements completed by the engine per walker step, at most
_TimerRow = namedtuple("_TimerRow", "id due_at element_id")
TICK = timedelta(seconds=1)


class _Budget(Exception):
    """The engine completed too many elements: a loop without user tasks."""


class Recorder:
    def __init__(self, clock, limit: int):
        self.clock, self.limit = clock, limit
        self.steps: list[Step] = []
        self.decisions: list[Decision] = []
        self.by_task: dict[str, Step] = {}

    def attach(self, definition) -> None:
        for spec in (definition.spec, *definition.subprocess_specs.values()):
            for ts in spec.task_specs.values():
                if getattr(ts, "bpmn_id", None) and not ts.completed_event.is_connected(self.done):
                    ts.completed_event.connect(self.done)

    def done(self, _workflow, spiff_task) -> None:
        spec = spiff_task.task_spec
        if isinstance(spec, LoopTask) and self.steps and self.steps[-1].element_id == spec.bpmn_id:
            return  # the loop's wrapper, right after its last round: one step is enough
        if len(self.steps) >= self.limit:
            raise _Budget(spec.bpmn_id)
        step = Step(len(self.steps) + 1, spec.bpmn_id, spec.bpmn_name or "",
                    type(spec).__name__, self.clock.now(), lane=spec.lane)
        self.steps.append(step)
        self.by_task[str(spiff_task.id)] = step
        if hasattr(spec, "dmnEngine"):
            self.decisions.append(_decision(spec, spiff_task))


def _decision(spec, spiff_task) -> Decision:
    table = spec.dmnEngine.decision_table
    try:  # the rule inputs are evaluated again (sandboxed) to name the matched rows
        rules = [r.id for r in spec.dmnEngine.decide(spiff_task)]
    except Exception:
        rules = []
    if table.hit_policy != "COLLECT":   # FIRST lists every match; the first one decided
        rules = rules[:1]
    outputs = {o.name: spiff_task.data.get(o.name) for o in table.outputs if o.name}
    return Decision(spec.bpmn_id, table.id, rules, outputs)


def execute(plan: Plan, url: str) -> Result:
    started = time.monotonic()
    migrate(url)
    db = make_engine(url)
    try:
        _load_reference(db, plan)
        clock = FrozenClock(plan.received_at)
        eng = Engine(db, clock, cache_size=4)
        result = _deploy_and_walk(eng, db, clock, plan, started)
    finally:
        db.dispose()
    result.seconds = round(time.monotonic() - started, 3)
    return result


def _load_reference(db, plan: Plan) -> None:
    with db.begin() as conn:
        if plan.agencies is None:
            reference.load_agencies(conn)
        else:  # parents may come after children: link them in a second pass
            conn.execute(insert(agency), [{**a, "parent_code": None} for a in plan.agencies])
            for a in plan.agencies:
                if a.get("parent_code"):
                    conn.execute(update(agency).where(agency.c.code == a["code"])
                                 .values(parent_code=a["parent_code"]))
        _load_resources(conn, plan.resources)
        if plan.overrides:
            conn.execute(insert(calendar_override), [
                {"created_by": ACTOR, "created_at": plan.received_at, **o} for o in plan.overrides])


def _load_resources(conn, rows: list[dict] | None) -> None:
    """The cars, drivers and rooms a booking model reserves: the real ones
    (the page's), else the reference ones, as every run starts unbooked."""
    if rows is None:
        catalogue.load(conn, reference.read_json("resources.json")["resources"])
    elif rows:
        conn.execute(insert(resource), rows)


def _deploy_and_walk(eng, db, clock, plan: Plan, started: float) -> Result:
    try:
        deployed = {d.key: d for d in eng.deploy(plan.files, Actor(ACTOR))}
    except ModelRefused as err:
        return Result("refused", problems=list(err.problems))
    if plan.process_key not in deployed:
        return Result("refused", error=RunError.said(
            None, f"the files hold no executable process '{plan.process_key}'",
            run_words.no_process(plan.process_key)))
    recorder = Recorder(clock, plan.max_steps * ELEMENTS_PER_STEP)
    with db.connect() as conn:
        recorder.attach(eng.specs.get(conn, deployed[plan.process_key].id))
    walker = Walker(eng, db, clock, plan, recorder, started)
    status, error = walker.run()
    return walker.result(status, error)


class Walker:
    def __init__(self, eng, db, clock, plan: Plan, recorder: Recorder, started: float):
        self.eng, self.db, self.clock, self.plan, self.rec = eng, db, clock, plan, recorder
        self.deadline = started + plan.max_seconds
        self.case_id = None
        self.actions = 0
        self.seen: dict[str, int] = {}   # element id -> completions so far

    def run(self) -> tuple[str, RunError | None]:
        try:
            self._start()
            return self._loop(), None
        except _Budget as err:
            return "step_budget", RunError.said(str(err), "the step budget ran out here (a loop?)",
                                               run_words.Words("步數用盡，停在此處（可能是迴圈）"))
        except InvalidData as err:
            return "error", RunError.said(self._current, err.message, run_words.run_error(err), err.errors)
        except (EngineError, WorkflowException) as err:
            return "error", RunError.said(_element_of(err) or self._current, _message(err),
                                          run_words.run_error(err))
        except Exception as err:  # a model error surfacing as a plain Python error
            return "error", RunError.said(_element_of(err) or self._current,
                                          f"{type(err).__name__}: {err}", run_words.run_error(err))

    _current = None   # the element being worked on, for errors without one

    def _start(self) -> None:
        data = dict(self.plan.start_data)
        sample_keys.not_in_start(data)
        person = sample_keys.petitioner(data.pop("_petitioner", None), sample_keys.PETITIONER)
        ref = self.eng.start_case(self.plan.process_key, data, received_at=self.plan.received_at,
                                  petitioner_info=person, actor=Actor(ACTOR))
        self.case_id = ref["id"]

    def _loop(self) -> str:
        while True:
            if time.monotonic() > self.deadline:
                return "time_budget"
            row = self._next_task()
            if row is not None:
                if self.actions >= self.plan.max_steps:
                    return "step_budget"
                self.actions += 1
                self._complete(row)
            elif (status := self._case().status) != "open":
                return status
            elif not self._fire_due_timer():
                return "waiting"

    def _next_task(self):
        with self.db.connect() as conn:
            return conn.execute(select(task).where(
                task.c.case_id == self.case_id, task.c.state == "ready")
                .order_by(task.c.created_at, task.c.id).limit(1)).first()

    def _still_ready(self, task_id: str) -> bool:
        with self.db.connect() as conn:
            return conn.execute(select(task.c.state).where(task.c.id == task_id)).scalar() == "ready"

    def _case(self):
        with self.db.connect() as conn:
            return conn.execute(select(case).where(case.c.id == self.case_id)).one()

    def _complete(self, row) -> None:
        self._current = row.element_id
        meta = self._meta(row)
        form = self._form_for(row, meta)
        wait = form.pop("_wait_days", None)
        if wait:
            self._wait(sample_keys.wait_days(wait))
            if not self._still_ready(row.id):   # an interrupting timer took it away
                self._current = None
                return
        who = Actor(SECOND if meta and meta.not_by else ACTOR, row.candidate_agency,
                    frozenset({row.candidate_role or "officer"}))
        self.eng.complete(row.id, who, form)
        step = self.rec.by_task.get(row.id)
        if step is not None:
            step.agency, step.role = row.candidate_agency, row.candidate_role
            step.due_at = _aware(row.due_at)
            step.who, step.form = f"{who.username} ({row.candidate_agency or '-'}/{row.candidate_role})", form
        self._current = None

    def _meta(self, row):
        with self.db.connect() as conn:
            return self.eng.specs.get(conn, self._case().definition_id).tasks.get(row.element_id)

    def _form_for(self, row, meta) -> dict:
        given = self.plan.task_data.get(row.element_id)
        n = self.seen.get(row.element_id, 0)
        self.seen[row.element_id] = n + 1
        if isinstance(given, list) and given:
            given = given[min(n, len(given) - 1)]
        fields = meta.fields if meta else []
        # What the start data already says is kept: a task's sample never re-sets it.
        kept = {f.name: self.plan.start_data[f.name] for f in fields if f.name in self.plan.start_data}
        if isinstance(given, dict):
            return {**kept, **given}
        day = self.clock.now().astimezone(TAIPEI).date().isoformat()
        sampled = sample_form(fitted(fields, self.plan.resources), day, row.candidate_agency)
        return {**sampled, **kept}

    def _wait(self, days: float) -> None:
        """Let `days` pass before the task is done, firing the timers that fall due."""
        until = self.clock.now() + timedelta(days=days)
        while (due := self._pending_timer(until)) is not None:
            self._fire(due)
        self.clock.set(max(until, self.clock.now()))

    def _fire_due_timer(self) -> bool:
        """Fire the next timer: one already due on the run's clock (a meeting
        at 09:30 of a case received at 10:00), as the scheduler would at
        once; a later one only when the plan advances the clock."""
        due = self._pending_timer(None if self.plan.advance_timers else self.clock.now())
        if due is not None:
            self._fire(due)
        return due is not None

    def _fire(self, due) -> None:
        """Fire one timer just after its instant (SpiffWorkflow fires strictly after)."""
        self.actions += 1
        if self.actions > self.plan.max_steps:
            raise _Budget(due.element_id)
        self.clock.set(max(self.clock.now(), due.due_at + TICK))
        self.eng.fire_timer(due.id)

    def _pending_timer(self, until):
        q = select(timer.c.id, timer.c.due_at, timer.c.element_id).where(
            timer.c.case_id == self.case_id, timer.c.state == "pending")
        if until is not None:
            q = q.where(timer.c.due_at <= until)
        with self.db.connect() as conn:
            row = conn.execute(q.order_by(timer.c.due_at).limit(1)).first()
        return row and _TimerRow(row.id, _aware(row.due_at), row.element_id)

    def result(self, status: str, error: RunError | None) -> Result:
        out = Result(status, steps=self.rec.steps, decisions=self.rec.decisions, error=error)
        if self.case_id is None:
            return out
        with self.db.connect() as conn:
            c = conn.execute(select(case).where(case.c.id == self.case_id)).one()
            out.case = {"number": c.number, "status": c.status, "agency": c.responsible_agency,
                        "due_at": _aware(c.due_at), "closed_at": _aware(c.closed_at)}
            out.notices = [dict(r._mapping) for r in conn.execute(
                select(outbox.c.kind, outbox.c.recipient, outbox.c.subject, outbox.c.body)
                .where(outbox.c.case_id == self.case_id).order_by(outbox.c.id))]
            out.waiting = _waiting(conn, self.case_id)
            out.data = dict(variables.current(self.eng.open_command(conn, self.case_id, SYSTEM).wf))
        return out


def _waiting(conn, case_id) -> list[dict]:
    tasks = conn.execute(select(task.c.element_id, task.c.name, task.c.due_at).where(
        task.c.case_id == case_id, task.c.state == "ready")).all()
    timers = conn.execute(select(timer.c.element_id, timer.c.due_at).where(
        timer.c.case_id == case_id, timer.c.state == "pending")).all()
    return ([{"kind": "task", "element_id": t.element_id, "name": t.name,
              "due_at": _aware(t.due_at)} for t in tasks]
            + [{"kind": "timer", "element_id": t.element_id, "name": "",
                "due_at": _aware(t.due_at)} for t in timers])


def _aware(value):
    """SQLite hands back naive UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


def _element_of(err) -> str | None:
    spec = getattr(err, "task_spec", None)
    if spec is None and getattr(err, "task", None) is not None:
        spec = err.task.task_spec
    return getattr(spec, "bpmn_id", None) if spec is not None else err_detail(err)


def err_detail(err) -> str | None:
    detail = getattr(err, "detail", None) or {}
    return detail.get("element")


def _message(err) -> str:
    text = getattr(err, "message", None) or str(err)
    notes = getattr(err, "__notes__", None) or []
    return " ".join([text, *notes]).strip()
