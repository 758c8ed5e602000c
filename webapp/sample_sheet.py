"""The test-run's sample data as form fields (versions/testrun.html): the
start form's fields and who the case is from (陳情人), then each user task's
by its name, one set per time the task is reached (第 N 次: a rework round),
each round with the days to let pass first (等待日數), typed as on the real
forms.

Each field is the model's renamed `<name>__<slot>` (slot 0: the start form;
task i's round r: i * 100 + r), so the shared macro (macros/fields.html)
draws it and js/conditional-fields.js reads its condition within its own
slot, unchanged. Nothing is required here: a field left empty runs with its
sample value (the form's default first: engine/authoring/sample.py); a task's
field the start form gives too keeps the start data's value; the test-run's
own fields (engine/authoring/sample_keys.py) give nothing. A car, driver or
room is chosen among those in service (engine/authoring/sample_resources.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from engine.authoring import sample_keys
from engine.authoring.sample import sample_value
from engine.authoring.sample_forms import SampleForms, TaskForm
from engine.authoring.sample_resources import fitted
from engine.models import conditions, forms
from engine.models.meta import Field

from .datetime_fields import datetime_input
from .i18n import current_locale, date_input
from .taskform import LIST_TYPES, TYPED, ticked

MAX_ROUNDS = 20
SLOTS = 100        # a task's rounds are numbered within its hundred
BOXES = "boxes"    # the checkboxes the page showed: an unticked one is a "no"
SHOWN = {"date": date_input, "datetime": datetime_input}   # as the inputs show them


YES_NO = [["true", "是", "Yes"], ["false", "否", "No"]]   # a kept yes/no: empty keeps it


@dataclass
class Group:
    """One set of fields: the start form, or one round of a task."""
    slot: int
    fields: list[Field]
    agency: str | None = None   # the task's lane agency, for its samples
    kept: frozenset = frozenset()   # given by the start data too: empty keeps that value
    own: list[Field] = field(default_factory=list)   # the test-run's own (sample_keys)

    def name(self, f: Field) -> str:
        return f"{f.name}__{self.slot}"

    @property
    def every(self) -> list[Field]:
        return [*self.fields, *self.own]

    def sample(self, f: Field, day: str):
        """What the field first shows, and what it runs with left empty (but
        the run's own fields, which then give nothing); None: nothing (kept)."""
        if f in self.own:
            return sample_keys.own_sample(f)
        return None if f.name in self.kept else sample_value(f, day, self.agency)

    @property
    def shown(self) -> list[tuple[Field, str]]:
        """(field, hint) as the page draws them: renamed, none required (empty
        is the sample), a yes/no of any kind one checkbox (a kept one 是/否),
        a car, driver or room a list of those in service."""
        return [(replace(f, name=self.name(f), required=False, decision=False, confirm=False,
                         **_kind(f, f.name in self.kept)), _hint(f, f.name in self.kept))
                for f in self.every]

    @property
    def parts(self) -> tuple[list, list]:
        """The shown (field, hint) pairs: the model's, then the run's own."""
        rows = self.shown
        return rows[:len(self.fields)], rows[len(self.fields):]


def _kind(f: Field, kept: bool) -> dict:
    if kept and f.type == "boolean":
        return {"type": "choice", "choices": YES_NO}
    return {}   # a car, driver or room: a list of those in service (none: an empty list)


def _hint(f: Field, kept: bool) -> str:
    if kept:
        return _("Left empty, the step keeps the start data's value.")
    if f.resource and not f.choices:
        return _none_words(f.resource)
    if f is sample_keys.WAIT_FIELD:
        return _("The days let pass before the step is done: timers that fall due fire. "
                 "Left empty, it is done at once.")
    return ""


def _none_words(kind: str) -> str:
    """Why the run can book no car (driver, room): none is in service."""
    return {"car": _("No car is in service: add one or put one back in service under "
                     "Administration, Cars, drivers and rooms, then run again."),
            "driver": _("No driver is in service: add one or put one back in service under "
                        "Administration, Cars, drivers and rooms, then run again."),
            }.get(kind) or _("No room is in service: add one or put one back in service under "
                             "Administration, Cars, drivers and rooms, then run again.")


@dataclass
class Section:
    """A user task: its position in the list, name and rounds."""
    index: int
    form: TaskForm
    rounds: list[Group]

    @property
    def title(self) -> str:
        return self.form.task.named(current_locale()) or _("Unnamed step %(n)s", n=self.index)


@dataclass
class Sheet:
    model: SampleForms
    start: Group
    tasks: list[Section]

    def groups(self) -> list[Group]:
        return [self.start, *(g for t in self.tasks for g in t.rounds)]


def sheet(model: SampleForms, rounds: dict[int, int], resources: list[dict] | None = None) -> Sheet:
    """The sheet of `model` with `rounds` ({task position: how many}, default 1),
    booking among `resources` (None: as the model's examples say)."""
    sections = [Section(i, t, [Group(i * SLOTS + r, fitted(t.fields, resources), t.task.lane_agency,
                                     t.kept, [sample_keys.WAIT_FIELD])
                               for r in range(1, rounds.get(i, 1) + 1)])
                for i, t in enumerate(model.tasks, start=1)]
    start = Group(0, fitted(model.start, resources), model.start_agency,
                  own=list(sample_keys.PETITIONER_FIELDS))
    return Sheet(model, start, sections)


def rounds_asked(model: SampleForms, posted) -> dict[int, int]:
    """How many rounds each task shows: as posted (`rounds-<i>`), one more
    or one fewer where a task's 加第 N 次 / 移除第 N 次 was pressed."""
    out = {}
    for i in range(1, len(model.tasks) + 1):
        n = _count(posted.get(f"rounds-{i}"))
        n += (posted.get("add_round") == str(i)) - (posted.get("drop_round") == str(i))
        out[i] = max(1, min(MAX_ROUNDS, n))
    return out


def _count(raw) -> int:
    return int(raw) if isinstance(raw, str) and raw.isdigit() and len(raw) < 4 else 1


def opened(s: Sheet, errors: dict, posted, shown: MultiDict, day: str) -> set[int]:
    """The tasks shown open: one with an error, more than one round, a value
    other than its sample, or whose 加第 N 次 / 移除 was just pressed; the
    others fold away."""
    pressed = {posted.get("add_round"), posted.get("drop_round")}
    first = samples(s, day)
    return {t.index for t in s.tasks
            if len(t.rounds) > 1 or str(t.index) in pressed
            or any(g.name(f) in errors or _changed(shown, first, g.name(f))
                   for g in t.rounds for f in g.every)}


def _changed(shown: MultiDict, first: MultiDict, name: str) -> bool:
    now = [v.strip() for v in shown.getlist(name) if v.strip()]
    return bool(now) and now != first.getlist(name)


def samples(s: Sheet, day: str) -> MultiDict:
    """Every field's sample as its input shows it (a date as 115/03/02)."""
    out = MultiDict()
    for g in s.groups():
        for f in g.every:
            out.setlist(g.name(f), _shown_value(f, g.sample(f, day)))
    return out


def _shown_value(f: Field, value) -> list[str]:
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, list):
        return [str(v) for v in value]
    if value in (None, ""):
        return []
    return [SHOWN.get(f.type, str)(value)]


def reshown(s: Sheet, posted, day: str) -> MultiDict:
    """What the page shows again: what was posted, a box as ticked or not;
    the sample where the post says nothing (a round just added)."""
    out, boxes = samples(s, day), set(posted.getlist(BOXES))
    for g in s.groups():
        for f in g.every:
            name = g.name(f)
            if f.type == "boolean" and name in boxes:
                out.setlist(name, ["true" if ticked(posted, name) else "false"])
            elif f.type != "boolean" and name in posted:
                out.setlist(name, posted.getlist(name))
    return out


def read(s: Sheet, posted, agencies: set, day: str) -> tuple[dict, dict, dict]:
    """(start data, {element id: form, or a list of one per round}, errors by
    input name). A field left empty takes its sample value."""
    errors = {}
    start = sample_keys.gathered(_values(s.start, posted, agencies, day, errors))
    start = {"title": s.model.title(start), **start}
    tasks = {}
    for t in s.tasks:
        rounds = [_values(g, posted, agencies, day, errors) for g in t.rounds]
        tasks[t.form.element_id] = rounds[0] if len(rounds) == 1 else rounds
    return start, tasks, errors


def _values(g: Group, posted, agencies: set, day: str, errors: dict) -> dict:
    """The round's values: typed, else sampled; nothing for an empty field of
    the run's own or one the start data gives (the run keeps that value)."""
    out, boxes = {}, set(posted.getlist(BOXES))
    for f, (drawn, _hint_text) in zip(g.every, g.shown):
        try:
            value = _typed(drawn, g.name(f), posted, agencies, boxes)
        except forms.BadValue as err:
            errors[g.name(f)] = err.error   # said in the viewer's language by the macro
            continue
        if value is None and f not in g.own:   # the run's own: shown as a sample, empty is none
            value = g.sample(f, day)
        if f.type == "boolean" and isinstance(value, str):   # a kept yes/no, chosen as 是/否
            value = value == "true"
        if value not in (None, "") or (f not in g.own and f.name not in g.kept):
            out[f.name] = value
    _none_in_service(g, out, errors)
    return out


def _none_in_service(g: Group, values: dict, errors: dict) -> None:
    """A car, driver or room the round needs when none is in service: said
    beside it, since the run could book none."""
    applying = conditions.applying(g.fields, values)
    for f in g.fields:
        if f.resource and not f.choices and f.name in applying and not values.get(f.name):
            errors[g.name(f)] = _none_words(f.resource)


def _typed(f: Field, name: str, posted, agencies: set, boxes: set):
    """The value typed for `f`, as the engine stores it; None when nothing was.
    Bounds (a date's "today") are the run's to check, on the run's clock."""
    if f.type == "boolean":
        return ticked(posted, name) if name in boxes else None
    if f.type in LIST_TYPES:
        raw = [v.strip() for v in posted.getlist(name) if v.strip()]
    else:
        raw = posted.get(name, "").strip()
    if not raw:
        return None
    raw = TYPED[f.type](raw) if f.type in TYPED else raw   # 115/03/02 as the engine reads it
    return forms.CONVERTERS[f.type](replace(f, min=None, max=None), raw, agencies)
