"""Why a case cannot move: a code and its parameters, translated by the web layer."""
from __future__ import annotations

# Every code a refusal can carry (the web layer has a sentence for each).
CODES = (
    "case_closed",          # the case is no longer open
    "already_on_version",   # the case already runs the target version
    "other_process",        # the case runs another process
    "unmapped_element",     # {element}: a case waits there and the new version lacks it
    "unknown_target",       # {element, target}: the plan maps to an element the new version lacks
    "history_unmapped",     # {element}: a step the case went through is gone from the new version
    "kind_changed",         # {element, target}: the element became another kind of element
    "loop_changed",         # {element}: a running loop or multi-instance changed how it iterates
    "boundary_changed",     # {element}: the new version adds or removes a boundary event on a step the case is at
    "subprocess_removed",   # {element}: a running subprocess is gone from the new version
    "missing_variable",     # {name, element}: a new required field the case never filled, no default
    "failed",               # {error}: the move raised; the case stays on its version
)


class Refusal(Exception):
    """A case that cannot move safely; nothing of it was changed."""

    def __init__(self, code: str, **params):
        assert code in CODES, code
        super().__init__(f"{code} {params}")
        self.code, self.params = code, params
