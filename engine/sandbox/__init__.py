"""The restricted evaluator for model code: expressions, scripts and DMN cells
are parsed, checked against a whitelist (`static`) and run instrumented
against safe built-ins with step, time and size limits (`runtime`, `sizing`),
in-process; code that outgrows the in-process sizes runs again in a worker
process under a memory cap, killed when it overruns its time (`workers`,
`child`); a script runs the same way in both (`scripts`).

Offers `SandboxScriptEngine` (what SpiffWorkflow runs model code with) and
`check` (the static check deploy-time validation uses). Knows no case.
"""
from .evaluator import (BudgetExceeded, Limits, SandboxEnvironment, SandboxError,
                        SandboxScriptEngine, check)
from .workers import configure as configure_workers


def limits_from(settings) -> Limits:
    """Budgets from the app's settings (config.py SANDBOX_*); defaults where absent."""
    default = Limits()
    return Limits(seconds=float(settings.get("SANDBOX_SECONDS", default.seconds)),
                  memory=int(settings.get("SANDBOX_MEMORY_MB", default.memory >> 20)) << 20)


__all__ = ["BudgetExceeded", "Limits", "SandboxEnvironment", "SandboxError",
           "SandboxScriptEngine", "check", "configure_workers", "limits_from"]
