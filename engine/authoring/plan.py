"""What a test-run takes (a Plan) and gives back (a Result with its steps,
decisions, notices and the case at the end): plain data shared by the
runner (testrun) and the walk on the throwaway database (walk)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


MAX_STEPS = 200
MAX_SECONDS = 10.0


@dataclass
class Step:
    n: int
    element_id: str
    name: str
    type: str                 # SpiffWorkflow's spec class, e.g. UserTask, ExclusiveGateway
    at: datetime              # the (test-run) clock when it completed
    lane: str | None = None
    agency: str | None = None
    role: str | None = None
    due_at: datetime | None = None
    who: str | None = None
    form: dict | None = None  # what a user task was completed with


@dataclass
class Decision:
    element_id: str
    decision_id: str
    rules: list               # ids of the matched rules
    outputs: dict


@dataclass
class RunError:
    element_id: str | None
    message: str                                 # English, as the engine said it
    errors: dict = field(default_factory=dict)   # form field -> reason
    message_zh: str = ""                         # the same in zh-TW words (run_words.py)
    code: str | None = None                      # the expression it is about, as written
    known: bool = True                           # False: message_zh is a generic sentence
    line: int | None = None                      # `code` is this line of the step's script

    @classmethod
    def said(cls, element_id, message: str, words, errors=None) -> "RunError":
        return cls(element_id, message, dict(errors or {}), words.zh, words.code, words.known,
                   words.line)


@dataclass
class Result:
    # completed, waiting (nothing ready, timers or messages pending), step_budget,
    # time_budget, error, refused (validation problems)
    status: str
    steps: list[Step] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    notices: list[dict] = field(default_factory=list)   # kind, recipient, subject, body
    data: dict = field(default_factory=dict)
    case: dict = field(default_factory=dict)            # number, status, agency, due
    waiting: list[dict] = field(default_factory=list)   # open tasks, pending timers
    problems: list[dict] = field(default_factory=list)
    error: RunError | None = None
    seconds: float = 0.0

    @property
    def visited(self) -> list[str]:
        """Element ids on the path, first visit order, for the diagram."""
        return list(dict.fromkeys(s.element_id for s in self.steps))


@dataclass
class Plan:
    """What to run and with which sample data."""
    files: dict[str, bytes]
    process_key: str
    received_at: datetime
    start_data: dict = field(default_factory=dict)
    task_data: dict = field(default_factory=dict)   # element id -> {field: value} or a list
    advance_timers: bool = False
    agencies: list[dict] | None = None    # rows of the agency table; None: reference data
    overrides: list[dict] | None = None   # calendar_override rows (day, kind, reason)
    resources: list[dict] | None = None   # rows of the resource table; None: reference data
    max_steps: int = MAX_STEPS
    max_seconds: float = MAX_SECONDS
