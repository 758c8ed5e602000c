"""The engine's Task._set_state (engine/cases/spiff_logging.py) does what
SpiffWorkflow's own does, and logs the same records when its logger is on."""
import logging

import pytest
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from engine.cases import runtime  # noqa: F401  (installs it)
from engine.cases import spiff_logging


def run_casework(models_dir, set_state, caplog, level):
    """The casework model to its first user task with `set_state` in place;
    (each task's state and spec, the log records' messages and extras)."""
    parser = SpiffBpmnParser()
    parser.add_bpmn_file(str(models_dir / "casework.bpmn"))
    caplog.clear()
    with pytest.MonkeyPatch.context() as mp, caplog.at_level(level, logger="spiff.task"):
        mp.setattr(Task, "_set_state", set_state)
        wf = BpmnWorkflow(parser.get_spec("casework"), parser.get_subprocess_specs("casework"))
        wf.do_engine_steps()
        states = sorted((t.task_spec.name, t.state) for t in wf.get_tasks())
    records = [(r.getMessage(), r.task_spec, r.state) for r in caplog.records
               if r.name == "spiff.task"]
    return states, records


@pytest.fixture
def models_dir():
    from pathlib import Path
    return Path(__file__).resolve().parents[1] / "fixtures" / "models"


def test_it_is_installed_by_the_runtime():
    assert Task._set_state is spiff_logging._set_state


@pytest.mark.parametrize("level", [logging.WARNING, logging.INFO, logging.DEBUG])
def test_states_and_records_are_the_originals(models_dir, caplog, level):
    original = run_casework(models_dir, spiff_logging.ORIGINAL_SET_STATE, caplog, level)
    ours = run_casework(models_dir, spiff_logging._set_state, caplog, level)
    assert ours[0] == original[0] and any(s == TaskState.READY for _n, s in ours[0])
    assert ours[1] == original[1]
    assert bool(ours[1]) == (level <= logging.INFO)


def workflow_records(models_dir, extras, caplog, level):
    """The casework model started with `extras` as Workflow.collect_log_extras:
    the spiff.workflow records' messages and extras."""
    from SpiffWorkflow.workflow import Workflow
    parser = SpiffBpmnParser()
    parser.add_bpmn_file(str(models_dir / "casework.bpmn"))
    caplog.clear()
    with pytest.MonkeyPatch.context() as mp, caplog.at_level(level, logger="spiff.workflow"):
        mp.setattr(Workflow, "collect_log_extras", extras)
        if level == logging.WARNING:   # as a server runs: the logger's own level unset
            mp.setattr(logging.getLogger("spiff.workflow"), "level", logging.NOTSET)
            mp.setattr(logging.getLogger(), "level", logging.WARNING)
        wf = BpmnWorkflow(parser.get_spec("casework"), parser.get_subprocess_specs("casework"))
        wf.do_engine_steps()
    return [(r.getMessage(), r.workflow_spec, r.completed, len(getattr(r, "tasks", ())))
            for r in caplog.records if r.name == "spiff.workflow"]


def test_workflow_extras_are_the_originals_when_emitted(models_dir, caplog):
    for level in (logging.INFO, logging.DEBUG):
        ours = workflow_records(models_dir, spiff_logging._workflow_extras, caplog, level)
        original = workflow_records(models_dir, spiff_logging.ORIGINAL_WORKFLOW_EXTRAS,
                                    caplog, level)
        assert ours == original and ours[0][0] == "Initialized workflow"


def test_workflow_extras_walk_no_tasks_when_not_emitted(models_dir, caplog, monkeypatch):
    from SpiffWorkflow.workflow import Workflow
    walks = []
    real = Workflow.get_tasks
    monkeypatch.setattr(Workflow, "get_tasks", lambda self, *a, **kw: walks.append(1) or real(self, *a, **kw))
    assert workflow_records(models_dir, spiff_logging._workflow_extras, caplog,
                            logging.WARNING) == []
    walked = len(walks)
    walks.clear()
    workflow_records(models_dir, spiff_logging.ORIGINAL_WORKFLOW_EXTRAS, caplog, logging.WARNING)
    assert len(walks) > walked   # the original listed every task for a record not emitted
