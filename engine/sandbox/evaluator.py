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

from SpiffWorkflow.bpmn.script_engine.python_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import (
    BasePythonScriptEngineEnvironment,
)

from .runtime import Limits, Meter, SandboxError, safe_builtins
from .static import Instrumenter, check_tree

__all__ = ["check", "SandboxError", "SandboxEnvironment", "SandboxScriptEngine", "Limits"]

MAX_SOURCE = 100_000


@functools.lru_cache(maxsize=4096)
def _compile(source: str, mode: str):
    """(code, None) when acceptable, else (None, reason)."""
    if len(source) > MAX_SOURCE:
        return None, f"the text is longer than {MAX_SOURCE} characters"
    try:
        tree = ast.parse(source, mode=mode)
        reason = check_tree(tree)
        if reason:
            return None, reason
        tree = ast.fix_missing_locations(Instrumenter().visit(tree))
        return compile(tree, "<string>", mode), None
    except SyntaxError as err:
        return None, f"Python syntax error on line {err.lineno}: {err.msg}"
    except (RecursionError, MemoryError, ValueError):
        return None, "the expression is too deeply nested"


def check(source: str, mode: str = "eval") -> str | None:
    """None when `source` may run in the sandbox, else a readable reason."""
    if mode not in ("eval", "exec"):
        raise ValueError("mode must be 'eval' or 'exec'")
    return _compile(source, mode)[1]


def compiled(source: str, mode: str):
    code, reason = _compile(source, mode)
    if reason:
        raise SandboxError(f"refused: {reason}")
    return code


class SandboxEnvironment(BasePythonScriptEngineEnvironment):
    """Task-data environment like SpiffWorkflow's TaskDataEnvironment, sandboxed."""

    def __init__(self, functions=None, limits: Limits | None = None):
        super().__init__({})
        self._functions = functions
        self.limits = limits or Limits()

    def functions(self) -> dict:
        fns = self._functions
        if fns is None:
            return {}
        return fns() if callable(fns) else fns

    def evaluate(self, expression, context, external_context=None):
        code = compiled(expression, "eval")
        meter = Meter(self.limits)
        scope = dict(self.functions())
        scope.update(external_context or {})
        scope.update(context)
        scope["__builtins__"] = safe_builtins(meter)
        return meter.finish(_run(code, scope, meter))

    def execute(self, script, context, external_context=None):
        code = compiled(script, "exec")
        meter = Meter(self.limits)
        added = dict(self.functions())
        added.update(external_context or {})
        _refuse_overwrites(added, context)
        context.update(added)
        context["__builtins__"] = safe_builtins(meter)
        try:
            _run(code, context, meter)
        finally:
            _clean(context, added)
        meter.finish(None)
        return True

    def call_service(self, context, **kwargs):
        raise SandboxError("service tasks are not supported by civicflow")


def _run(code, scope, meter):
    try:
        return eval(code, scope)  # noqa: S307 - code was whitelisted and instrumented
    except RecursionError:
        raise SandboxError("the script recursed too deeply") from None
    except MemoryError:
        raise SandboxError("the script ran out of memory") from None
    except SandboxError:
        raise
    except Exception:
        # A limit hit inside user code may have been caught there; report it.
        meter.finish(None)
        raise


def _refuse_overwrites(functions: dict, context: dict) -> None:
    clash = sorted(set(functions) & set(context))
    if clash:
        raise SandboxError(
            "task data overwrites predefined function(s); rename these fields: "
            + ", ".join(clash))


def _clean(context: dict, added: dict) -> None:
    """Leave only data in the task: no builtins, functions or lambdas."""
    for key in list(context):
        if key == "__builtins__" or key in added or callable(context[key]):
            context.pop(key)


class SandboxScriptEngine(PythonScriptEngine):
    """PythonScriptEngine whose every evaluation goes through the sandbox.

    `functions`: a dict of extra callables, or a zero-argument callable that
    returns one (called per evaluation, so the runtime can bind per-command
    functions such as now() or notify()).
    """

    def __init__(self, functions=None, limits: Limits | None = None):
        super().__init__(environment=SandboxEnvironment(functions, limits))

    def validate(self, expression):
        # DMN calls this to probe syntax; keep SyntaxError semantics.
        ast.parse(expression)
