"""A restricted evaluator for model expressions, scripts and DMN rules.

SpiffWorkflow runs them with plain eval/exec, and restricting __builtins__ is
no sandbox (`().__class__.__mro__` escapes). Here the source is parsed, every
AST node is checked against a whitelist, names and attributes that reach
interpreter internals are refused, and the tree is instrumented so that loops,
comprehensions and calls to user functions draw on a step budget, and
operators that can allocate a lot (`*`, `**`, `<<`, `+`, `%`) check sizes
first. Compiled code is cached by source text, so an evaluation costs a dict
copy and a few microseconds over plain eval.
"""
import ast
import functools
import json
import pickle
import time
from dataclasses import replace

from SpiffWorkflow.bpmn.script_engine.python_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import (
    BasePythonScriptEngineEnvironment,
)

from . import scripts, workers
from .runtime import BudgetExceeded, Limits, SandboxError, borrow, give_back, run_code
from .static import Instrumenter, called_names, check_tree

__all__ = ["check", "BudgetExceeded", "SandboxError", "SandboxEnvironment",
           "SandboxScriptEngine", "Limits"]

MAX_SOURCE = 100_000


INLINE_SIZE = 100_000     # biggest value one in-process operation may build
INLINE_BUILT = 1_000_000  # items one in-process evaluation may build in all
# In-process nothing can kill a long step (a comparison of big lists in a
# loop), so the clock is read more often there than in a worker.
INLINE_CLOCK_EVERY = 32


@functools.lru_cache(maxsize=4096)
def _compile(source: str, mode: str):
    """(code, None, called names) when acceptable, else (None, reason, None)."""
    if len(source) > MAX_SOURCE:
        return None, f"the text is longer than {MAX_SOURCE} characters", None
    try:
        tree = ast.parse(source, mode=mode)
        reason = check_tree(tree)
        if reason:
            return None, reason, None
        names = called_names(tree)
        tree = ast.fix_missing_locations(Instrumenter().visit(tree))
        return compile(tree, "<string>", mode), None, names
    except SyntaxError as err:
        return None, f"Python syntax error on line {err.lineno}: {err.msg}", None
    except (RecursionError, MemoryError, ValueError):
        return None, "the expression is too deeply nested", None


def check(source: str, mode: str = "eval") -> str | None:
    """None when `source` may run in the sandbox, else a readable reason."""
    if mode not in ("eval", "exec"):
        raise ValueError("mode must be 'eval' or 'exec'")
    return _compile(source, mode)[1]


def compiled(source: str, mode: str):
    code, reason, _ = _compile(source, mode)
    if reason:
        raise SandboxError(f"refused: {reason}")
    return code


@functools.lru_cache(maxsize=64)
def inline_limits(limits: Limits) -> Limits:
    """Tighter sizes in-process, so no single built-in runs long there."""
    return replace(limits, size=min(limits.size, INLINE_SIZE),
                   built=min(limits.built, INLINE_BUILT),
                   clock_every=min(limits.clock_every, INLINE_CLOCK_EVERY))


def evaluate_inline(code, context, functions, external, limits: Limits):
    """Evaluate compiled `code` here, in this process."""
    pair = borrow(limits)
    scope = dict(functions)
    scope.update(external or {})
    scope.update(context)
    scope["__builtins__"] = pair[1]
    try:
        return pair[0].finish(run_code(code, scope, pair[0]))
    finally:
        give_back(pair)


class SandboxEnvironment(BasePythonScriptEngineEnvironment):
    """Task-data environment like SpiffWorkflow's TaskDataEnvironment, sandboxed.

    Expressions (gateway conditions, DMN cells, due dates) and scripts run
    in-process behind sized built-ins, with tighter sizes than a worker's
    (engine/sandbox/scripts.py: a script runs on a copy of the task data, as
    in a worker). Code that outgrows the in-process sizes runs again in a
    worker process (engine/sandbox/workers.py: a memory cap, killed when over
    time), unless it called a model function not named `repeatable`: a
    notice is never sent twice."""

    def __init__(self, functions=None, limits: Limits | None = None, pool=None,
                 repeatable=frozenset()):
        super().__init__({})
        self._functions = functions
        self.limits = limits or Limits()
        self.inline = inline_limits(self.limits)
        self._pool = pool
        self.repeatable = repeatable   # a set the caller may still fill

    def functions(self) -> dict:
        fns = self._functions
        if fns is None:
            return {}
        return fns() if callable(fns) else fns

    def pool(self):
        return self._pool or workers.shared(self.limits.memory)

    def evaluate(self, expression, context, external_context=None):
        code, reason, names = _compile(expression, "eval")
        if reason:
            raise SandboxError(f"refused: {reason}")
        functions = self.functions()
        started = time.monotonic()
        try:
            return evaluate_inline(code, context, functions, external_context, self.inline)
        except BudgetExceeded as err:
            if not self._may_run_again(err, names, {**functions, **(external_context or {})}):
                raise
        limits = self._left_after(started)
        return self._delegate("eval", expression, context, {}, external_context, limits)["value"]

    def execute(self, script, context, external_context=None):
        code, reason, names = _compile(script, "exec")
        if reason:
            raise SandboxError(f"refused: {reason}")
        added = dict(self.functions())
        added.update(external_context or {})
        scripts.refuse_overwrites(added, context)
        started = time.monotonic()
        try:
            reply = self._script_here(code, context, added)
        except BudgetExceeded as err:
            if not self._may_run_again(err, names, added):
                raise
            reply = self._delegate("exec", script, context, added, {}, self._left_after(started))
        for name in reply["deleted"]:
            context.pop(name, None)
        context.update(reply["set"])
        return True

    def _script_here(self, code, context, added) -> dict:
        """The script run in this process as a worker runs it: {"set", "deleted"}."""
        payload = _pickled(context)
        failures = []
        try:
            reply = scripts.changes(code, payload, scripts.plain_calls(added, failures),
                                    self.inline)
        except Exception as err:   # MemoryError included
            reply = scripts.error_reply(err)
        if failures:
            raise failures[0]
        reply = json.loads(scripts.encoded(reply, self.limits.data_bytes))
        if "error" in reply:
            workers.raise_reply(reply)
        return reply

    def _may_run_again(self, err: BudgetExceeded, names, added: dict) -> bool:
        """Only code stopped on the in-process sizes, having called no model
        function that changes something, runs again in a worker."""
        called = names & {k for k, v in added.items() if callable(v)}
        return err.kind in ("size", "memory") and called <= self.repeatable

    def _left_after(self, started: float) -> Limits:
        spent = time.monotonic() - started
        return replace(self.limits, seconds=max(self.limits.seconds - spent, 0.01))

    def _delegate(self, mode, source, context, added, external, limits) -> dict:
        functions = {k: v for k, v in added.items() if callable(v)}
        values = {k: v for k, v in {**added, **(external or {})}.items() if k not in functions}
        job = {"mode": mode, "source": source, "data": _pickled(context),
               "functions": list(functions), "values": values, "limits": limits}
        reply = self.pool().run(job, functions, limits)
        if "error" in reply:
            workers.raise_reply(reply)
        if reply.get("aborted"):
            raise SandboxError("a model function failed")
        return reply

    def call_service(self, context, **kwargs):
        raise SandboxError("service tasks are not supported by civicflow")


def _pickled(context: dict) -> bytes:
    try:
        return pickle.dumps(context)
    except Exception:
        raise SandboxError("the task data cannot be handed to a script") from None


class SandboxScriptEngine(PythonScriptEngine):
    """PythonScriptEngine whose every evaluation goes through the sandbox.

    `functions`: a dict of extra callables, or a zero-argument callable that
    returns one (called per evaluation, so the runtime can bind per-command
    functions such as now() or notify()); `repeatable`: the names of those
    that change nothing, so code calling them may run twice.
    """

    def __init__(self, functions=None, limits: Limits | None = None, pool=None,
                 repeatable=frozenset()):
        super().__init__(environment=SandboxEnvironment(functions, limits, pool, repeatable))

    def validate(self, expression):
        # DMN calls this to probe syntax; keep SyntaxError semantics.
        ast.parse(expression)
