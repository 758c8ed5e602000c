"""A script's run as one job, the same in a worker process and in-process.

A script runs on a private copy of the task data; what it set and deleted
comes back as plain JSON of bounded size, and errors come back as the worker
reports them (the same class, the script's line). In-process the model
functions are called with their arguments copied as JSON, as a worker sends
them, and a function that fails stops the script with its own error even if
the script catches it: a script behaves the same wherever it ran.
"""
from __future__ import annotations

import copy
import json
import pickle
import traceback

from .runtime import BudgetExceeded, Limits, SandboxError, borrow, give_back, run_code


def changes(code, payload: bytes, added: dict, limits) -> dict:
    """Run compiled `code` on the task data pickled in `payload`: the names it
    set or changed, and those it deleted."""
    data, before = pickle.loads(payload), pickle.loads(payload)
    execute_inline(code, data, added, limits)
    return {"set": {k: v for k, v in data.items() if k not in before or not _same(before[k], v)},
            "deleted": [k for k in before if k not in data]}


def error_reply(err: BaseException) -> dict:
    """What a script's failure is reported as (by a worker, or in-process)."""
    if isinstance(err, MemoryError):
        return {"error": "the script ran out of memory", "kind": "memory", "recycle": True}
    if isinstance(err, BudgetExceeded):
        return {"error": str(err), "kind": err.kind, "recycle": err.kind == "memory"}
    if isinstance(err, SandboxError):
        return {"error": str(err), "type": "SandboxError"}
    return {"error": described(err), "type": type(err).__name__}


def encoded(reply: dict, data_bytes: int) -> bytes:
    """The reply as JSON; task data a script set is plain data of bounded
    size, so what later expressions read in-process stays small."""
    try:
        payload = json.dumps(reply, ensure_ascii=False).encode()
    except (TypeError, ValueError) as err:
        return json.dumps({"error": f"the script set a value that is not plain data: {err}",
                           "type": "SandboxError"}).encode()
    except MemoryError:
        return json.dumps({"error": "the script's result is too large", "kind": "memory",
                           "recycle": True}).encode()
    if "set" in reply and len(payload) > data_bytes:
        return json.dumps({"error": f"the script set more than {data_bytes // 1000} kB of task data",
                           "kind": "size"}).encode()
    return payload


def plain_calls(functions: dict, failures: list) -> dict:
    """`functions` as a worker's script sees them: arguments copied as JSON,
    a failure kept in `failures` and the script stopped."""
    def wrapped(name, fn):
        def call(*args, **kwargs):
            try:
                args, kwargs = json.loads(json.dumps([args, kwargs]))
            except (TypeError, ValueError):
                raise TypeError(f"{name}() takes plain data (text, numbers, lists)") from None
            try:
                return fn(*args, **kwargs)
            except Exception as exc:   # raised again once the script stops
                failures.append(exc)
                raise SandboxError(f"{name}() failed") from None
        return call
    return {name: wrapped(name, fn) if callable(fn) else copy.deepcopy(fn)
            for name, fn in functions.items()}


def described(err: Exception) -> str:
    line = next((f.lineno for f in reversed(traceback.extract_tb(err.__traceback__))
                 if f.filename == "<string>"), None)
    return f"{err}" if line is None else f"{err} (line {line})"


def _same(a, b) -> bool:
    try:
        return type(a) is type(b) and bool(a == b)
    except Exception:
        return False


def execute_inline(code, context, added: dict, limits: Limits) -> None:
    """Run compiled `code` here on `context` (task data, updated in place)."""
    refuse_overwrites(added, context)
    pair = borrow(limits)   # this thread's meter and built-ins, reset
    context.update(added)
    context["__builtins__"] = pair[1]
    try:
        run_code(code, context, pair[0])
        pair[0].finish(None)
    finally:
        _clean(context, added)
        give_back(pair)


def refuse_overwrites(functions: dict, context: dict) -> None:
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
