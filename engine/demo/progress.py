"""The demo's progress lines as notes: what happened (a key) and its figures.
The engine holds no translations: str(note) is the English line (a test's or
a script's print); `civicflow demo` words each note in the operator's
language (webapp/commands/demo_progress.py), zh-TW by default."""
from __future__ import annotations

from dataclasses import dataclass, field

ENGLISH = {
    "period": "demo: {cases} cases over {days} days up to {end:%Y-%m-%d}",
    "reference": "reference data: {agencies_added} agencies added, {agencies_updated} updated, "
                 "{users_added} accounts added, {resources_added} resources added",
    "models": "models: {models}",
    "started": "  {day:%Y-%m-%d} {started}/{total} cases started: {cases} cases, "
               "{tasks} tasks done, {timers} timers fired",
    "done": "  {day:%Y-%m-%d} done: {cases} cases, {tasks} tasks done, {timers} timers fired",
    "step_refused": "  step {step} of case {case} refused: {reason}",
    "start_refused": "  start of {process} refused: {reason}",
    "tasks_shared": "  {tasks} open tasks taken by their agencies' officers",
}


@dataclass(frozen=True)
class Note:
    key: str                      # one of ENGLISH
    values: dict = field(default_factory=dict)   # a refusal's also holds its EngineError

    def __str__(self) -> str:
        values = dict(self.values)
        if self.key == "models":   # [(process key, version)]
            values["models"] = ", ".join(f"{k} v{v}" for k, v in values["models"])
        return ENGLISH[self.key].format(**values)


def note(key: str, **values) -> Note:
    return Note(key, values)
