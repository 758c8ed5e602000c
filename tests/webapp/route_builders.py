"""URL builders shared by the apps the web and browser fixtures create.

Werkzeug generates and compiles a Python function for every URL rule of
every new app (`Rule._compile_builder`, used by `url_for`); with a new app
per test that was 30% of a web test's setup. The function depends only on
the rule's parsed parts (it reaches the rule's converters through its `self`
argument at call time), so one compiled function serves every app's equal
rule. Rules with a default for one of their variables (compiled in as a
constant) are left to Werkzeug. Only while a fixture builds its app.
"""
from __future__ import annotations

from contextlib import contextmanager

from werkzeug.routing.rules import Rule

_BUILDERS: dict[tuple, object] = {}


def _key(rule: Rule, append_unknown: bool) -> tuple | None:
    defaults = rule.defaults or {}
    if any(dynamic and part in defaults for dynamic, part in rule._trace):
        return None
    return (rule.rule, tuple(rule._trace), tuple(defaults), append_unknown)


@contextmanager
def shared_route_builders():
    original = Rule._compile_builder

    def compile_builder(self, append_unknown=True):
        key = _key(self, append_unknown)
        if key is None:
            return original(self, append_unknown)
        if key not in _BUILDERS:
            _BUILDERS[key] = original(self, append_unknown)
        return _BUILDERS[key]

    Rule._compile_builder = compile_builder
    try:
        yield
    finally:
        Rule._compile_builder = original
