"""The restricted evaluator for model code: expressions, scripts and DMN cells
are parsed, checked against a whitelist (`static`) and run instrumented
against safe built-ins with step, time and size limits (`runtime`).

Offers `SandboxScriptEngine` (what SpiffWorkflow runs model code with) and
`check` (the static check deploy-time validation uses). Knows no case.
"""
from .evaluator import Limits, SandboxEnvironment, SandboxError, SandboxScriptEngine, check

__all__ = ["Limits", "SandboxEnvironment", "SandboxError", "SandboxScriptEngine", "check"]
