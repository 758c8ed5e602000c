"""The registry of service functions and the checks a call goes through.

A function is declared with the type of each argument (required unless it
has a default) and of its result; a call naming an unknown function, missing
a required argument, giving one the function does not take or of the wrong
type is refused with the reason, before the function runs. So is a result
of the wrong type (a bug of the function, never passed into the case)."""
from __future__ import annotations

import inspect
from dataclasses import dataclass
from datetime import datetime

from engine.data.errors import EngineError
from engine.time.clock import parse_iso

# Argument and result types a model can use: plain JSON values, plus
# `instant` (an ISO 8601 string with date and time, as the case data holds).
TYPES = {"str": str, "int": int, "bool": bool, "list": list, "dict": dict, "instant": str}


class ServiceRefused(EngineError):
    """A service call refused before (or after) running; `code` says why."""
    status = 422

    def __init__(self, message: str, code: str, **params):
        super().__init__(message, code=code, **params)
        self.code, self.params = code, params


@dataclass(frozen=True)
class Context:
    """What a service function sees of the running command."""
    conn: object
    case_id: int
    case_number: str
    actor: str
    now: datetime


@dataclass(frozen=True)
class Declared:
    name: str
    fn: object
    args: dict      # name -> type name
    required: frozenset
    result: str


_REGISTRY: dict[str, Declared] = {}


def service(name: str, args: dict, result: str):
    """Register `fn(ctx, **args)` as the service function `name`."""
    def register(fn):
        unknown = [t for t in (*args.values(), result) if t not in TYPES]
        if unknown:
            raise ValueError(f"unknown types {unknown} declared for {name}")
        params = inspect.signature(fn).parameters
        required = frozenset(a for a in args if params[a].default is inspect.Parameter.empty)
        _REGISTRY[name] = Declared(name, fn, dict(args), required, result)
        return fn
    return register


def declared(name: str) -> Declared | None:
    return _REGISTRY.get(name)


def names() -> list[str]:
    return sorted(_REGISTRY)


def call(name: str, args: dict, ctx: Context):
    """Run the service function `name` with `args`, both checked."""
    spec = _REGISTRY.get(name)
    if spec is None:
        raise ServiceRefused(f"no service function named {name!r}", "unknown_service",
                             function=name)
    check_args(spec, args)
    value = spec.fn(ctx, **args)
    if not _is(value, spec.result):
        raise ServiceRefused(f"{name} returned a {type(value).__name__}, not a {spec.result}",
                             "bad_result", function=name, expected=spec.result)
    return value


def check_args(spec: Declared, args: dict) -> None:
    extra = sorted(set(args) - set(spec.args))
    if extra:
        raise ServiceRefused(f"{spec.name} takes no argument {extra[0]!r}", "unknown_argument",
                             function=spec.name, argument=extra[0])
    missing = sorted(spec.required - set(args))
    if missing:
        raise ServiceRefused(f"{spec.name} needs the argument {missing[0]!r}", "missing_argument",
                             function=spec.name, argument=missing[0])
    for arg, value in args.items():
        if not _is(value, spec.args[arg]):
            raise ServiceRefused(
                f"argument {arg!r} of {spec.name} must be a {spec.args[arg]}, "
                f"not {value!r}", "bad_argument",
                function=spec.name, argument=arg, expected=spec.args[arg])


def _is(value, type_name: str) -> bool:
    if type_name == "int" and isinstance(value, bool):
        return False
    if not isinstance(value, TYPES[type_name]):
        return False
    if type_name == "instant":
        try:
            parse_iso(value)
        except ValueError:
            return False
        return "T" in value
    return True
