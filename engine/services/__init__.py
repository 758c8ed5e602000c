"""Python functions a model's service task may call by name (never code from
the model): `registry` declares each with its arguments' and result's types
and checks a call against them; `builtin` registers the shipped ones
(reserve_resource, release_reservations, free_resources). engine/cases runs
a service task through `registry.call` with the command's context and
writes the call into the command's audit record.
"""
from . import builtin  # noqa: F401  (registers the shipped functions)
from .registry import Context, ServiceRefused, call, declared, service

__all__ = ["Context", "ServiceRefused", "call", "declared", "service"]
