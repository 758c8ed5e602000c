"""Model code stopped by the sandbox, told as an engine error.

SpiffWorkflow wraps what a script or expression raises in its own
exceptions (with the task); the sandbox knows no engine errors. Here the
two meet: a SandboxError anywhere in the chain becomes ModelCodeStopped,
naming the element the modeller has to fix."""
from __future__ import annotations

from engine.data.errors import ModelCodeStopped
from engine.sandbox import SandboxError


def stopped(err: BaseException) -> ModelCodeStopped | None:
    """The engine error for `err` when it stems from the sandbox, else None."""
    if isinstance(err, ModelCodeStopped):
        return None  # told already, by an inner command
    cause, task = _sandbox_cause(err)
    if cause is None:
        return None
    spec = getattr(task, "task_spec", None)
    element = getattr(spec, "bpmn_id", None) or getattr(spec, "name", None)
    name = getattr(spec, "bpmn_name", None) or element
    where = f"{name!r} ({element})" if name != element else repr(element)
    return ModelCodeStopped(f"the model's code at {where} was stopped: {cause}",
                            element, name, getattr(cause, "kind", "refused"))


def _sandbox_cause(err):
    """(the SandboxError, the nearest task seen on the way) or (None, None)."""
    seen, task = set(), None
    while err is not None and id(err) not in seen:
        seen.add(id(err))
        task = task or getattr(err, "task", None)
        if isinstance(err, SandboxError):
            return err, task
        err = getattr(err, "exception", None) or err.__cause__ or err.__context__
    return None, None
