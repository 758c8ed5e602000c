"""The engine's task-tree walk (engine/cases/spiff_iteration.py) gives the
tasks SpiffWorkflow's own TaskIterator gives, in the same order: every walk
a demo run makes (the four processes, their subprocesses, timers, joins and
boundary events, through the real engine) is walked again both ways and
compared."""
from __future__ import annotations

from collections import Counter
from datetime import datetime

import pytest
from SpiffWorkflow.bpmn.util.task import BpmnTaskIterator
from SpiffWorkflow.util.task import TaskIterator, TaskState

from engine.cases import runtime  # noqa: F401  (installs it)
from engine.cases import spiff_iteration
from engine.demo.generate import run_demo
from engine.time.clock import TAIPEI


def test_it_is_installed_by_the_runtime():
    assert TaskIterator.__next__ is spiff_iteration._next


def _both_ways(cls, args, kwargs):
    """(the original's tasks, ours) for a fresh walk with these arguments."""
    original = cls(*args, **kwargs)
    original._walk = False            # forces SpiffWorkflow's own __next__
    ours = cls(*args, **kwargs)
    return list(original), list(ours), ours._walk is not False


class WalkChecker:
    """Wraps both iterators' __init__: each walk made is compared at once,
    before its caller moves a step (callers may change the tree between)."""

    def __init__(self):
        self.checking, self.seen, self.mismatches = False, Counter(), []

    def wrap(self, cls):
        init = cls.__init__

        def checked_init(it, *args, **kwargs):
            init(it, *args, **kwargs)
            if type(it) is cls and not self.checking:
                self.compare(cls, args, kwargs)
        return checked_init

    def compare(self, cls, args, kwargs):
        self.checking = True
        try:
            original, ours, fast = _both_ways(cls, args, kwargs)
        finally:
            self.checking = False
        self.seen[(cls.__name__, fast, _kind(kwargs))] += 1
        if original != ours:
            self.mismatches.append((cls.__name__, kwargs, [t.task_spec.name for t in original],
                                    [t.task_spec.name for t in ours]))


def _kind(kwargs) -> str:
    if kwargs.get("end_at_spec"):
        return "end_at_spec"
    if kwargs.get("spec_name"):
        return "spec_name"
    return TaskState.get_name(kwargs["state"]) if "state" in kwargs else "all"


@pytest.fixture
def checker(monkeypatch):
    found = WalkChecker()
    for cls in (TaskIterator, BpmnTaskIterator):
        monkeypatch.setattr(cls, "__init__", found.wrap(cls))
    return found


def test_every_walk_of_a_demo_run_is_the_originals(db, checker):
    run_demo(db, cases=40, days=30, end=datetime(2026, 6, 30, 17, 0, tzinfo=TAIPEI),
             progress=lambda *_: None)
    assert checker.mismatches == []
    walks = {kind for (_cls, fast, kind), n in checker.seen.items() if fast}
    assert {"READY", "WAITING", "spec_name"} <= walks, checker.seen
    assert sum(n for (cls, fast, _k), n in checker.seen.items() if fast) > 1000


@pytest.fixture
def casework():
    """The casework fixture model at its first user task."""
    from pathlib import Path
    from SpiffWorkflow.bpmn import BpmnWorkflow
    from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
    parser = SpiffBpmnParser()
    parser.add_bpmn_file(str(Path(__file__).resolve().parents[1] / "fixtures" / "models"
                             / "casework.bpmn"))
    wf = BpmnWorkflow(parser.get_spec("casework"), parser.get_subprocess_specs("casework"))
    wf.do_engine_steps()
    return wf


@pytest.mark.parametrize("kwargs", [dict(max_depth=2), dict(max_depth=3, state=TaskState.FUTURE),
                                    dict(depth_first=False)])
def test_walks_the_depth_could_stop_keep_the_original(casework, kwargs):
    """A depth limit below the workflow's size, or breadth first: SpiffWorkflow's own walk."""
    assert len(casework.tasks) > 3
    ours = casework.get_tasks_iterator(**kwargs)
    original = casework.get_tasks_iterator(**kwargs)
    original._walk = False
    assert list(ours) == list(original) and ours._walk is False


def test_an_advanced_iterator_is_not_restarted(casework):
    """An iterator the original already moved (its list no longer the start) keeps walking
    the original's way, from where it was."""
    it, same = casework.get_tasks_iterator(), casework.get_tasks_iterator()
    same._walk = False
    first = spiff_iteration.ORIGINAL_NEXT(it)
    assert first is next(same)
    assert list(it) == list(same) and it._walk is False


class ListChecker:
    """Wraps Workflow.get_tasks: each list the scan gives is compared at once
    with SpiffWorkflow's own walk over the same tree."""

    def __init__(self):
        self.seen, self.mismatches = Counter(), []

    def get_tasks(self, wf, first_task=None, **kwargs):
        ours = spiff_iteration._get_tasks(wf, first_task, **kwargs)
        original = wf.get_tasks_iterator(first_task, **kwargs)
        original._walk = False
        scanned = spiff_iteration._scanned(wf.get_tasks_iterator(first_task, **kwargs)) is not None
        self.seen[(scanned, _kind(kwargs), len(ours))] += 1
        theirs = list(original)
        if ours != theirs:
            self.mismatches.append((kwargs, [t.task_spec.name for t in theirs],
                                    [t.task_spec.name for t in ours]))
        return ours


def test_every_task_list_of_a_demo_run_is_the_originals(db, monkeypatch):
    """The four processes through the real engine: every get_tasks answered
    by the scan equals the original walk's list, several of them with more
    than one task (so the order is checked too)."""
    from SpiffWorkflow.workflow import Workflow
    checker = ListChecker()
    monkeypatch.setattr(Workflow, "get_tasks",
                        lambda wf, first_task=None, **kw: checker.get_tasks(wf, first_task, **kw))
    run_demo(db, cases=40, days=30, end=datetime(2026, 6, 30, 17, 0, tzinfo=TAIPEI),
             progress=lambda *_: None)
    assert checker.mismatches == []
    scanned = Counter()
    for (fast, kind, n), count in checker.seen.items():
        if fast:
            scanned[kind] += count
            scanned["many"] += count if n > 1 else 0
    assert scanned["READY"] > 1000 and scanned["many"] > 50, checker.seen


def test_the_scan_keeps_the_walks_order_across_a_subprocess(casework):
    """Every task of the fixture (its subprocess's too), in the walk's order."""
    from SpiffWorkflow.workflow import Workflow
    original = casework.get_tasks_iterator()
    original._walk = False
    assert Workflow.get_tasks(casework) == list(original)
    assert Workflow.get_tasks is spiff_iteration._get_tasks
