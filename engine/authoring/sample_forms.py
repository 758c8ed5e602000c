"""The forms a test-run asks sample data for, read from the model's files.

The start form is the task the process's `<civicflow:start>` names, else
the one right after its start event (what an intake form collects): its
fields are the start data. Every other user task asks its own fields; one
the start form gives too is `kept`: left empty, the step keeps the start
data's value (walk.py), so a task's sample never quietly sets it back.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from engine.models import meta as modelmeta
from engine.models.meta import Field, TaskMeta
from engine.models.starts import StartMeta
from engine.models.xmlsafe import parse_xml

TITLE = "測試案件"


@dataclass
class TaskForm:
    """A user task and the fields its sample data gives."""
    element_id: str
    task: TaskMeta
    fields: list[Field]
    kept: frozenset = frozenset()   # the fields the start data gives too

    @property
    def own(self) -> list[Field]:
        """The fields the start data does not give: those a sample sets."""
        return [f for f in self.fields if f.name not in self.kept]


@dataclass
class SampleForms:
    start: list[Field] = field(default_factory=list)
    start_agency: str | None = None          # the start task's lane agency, for samples
    start_element: str | None = None         # the start form's task
    declared: StartMeta | None = None
    tasks: list[TaskForm] = field(default_factory=list)   # in the model's order

    def title(self, values: dict) -> str:
        """The case title the start form's values make (the start page's own
        rule, `<civicflow:start title>`), else a test title."""
        return (self.declared.title_for(values) if self.declared else "") or TITLE


def read(files: dict, key: str) -> SampleForms:
    """The forms of process `key` in `files` ({name: xml}); XmlRefused when a
    file is no safe XML."""
    tasks, declared, first = _tasks(files, key)
    start_task = tasks.get(declared.task if declared else first)
    start = list(start_task.fields) if start_task else []
    given = {f.name for f in start}
    rest = [TaskForm(eid, t, [f for f in t.fields if f.name != "title"],
                     frozenset(f.name for f in t.fields) & given)
            for eid, t in tasks.items() if t is not start_task]
    start_id = next((eid for eid, t in tasks.items() if t is start_task), None)
    return SampleForms(start, start_task.lane_agency if start_task else None, start_id,
                       declared, [t for t in rest if t.fields])


def _tasks(files: dict, key: str) -> tuple[dict, StartMeta | None, str | None]:
    """Every user task of the files by element id, the start declaration of
    `key`, and the element its start event leads to."""
    tasks, declared, first = {}, None, None
    for name, xml in files.items():
        if not name.lower().endswith(".bpmn"):
            continue
        root = parse_xml(xml.encode("utf-8") if isinstance(xml, str) else xml, name)
        for pid, proc in modelmeta.extract(root).items():
            tasks.update(proc.tasks)
            declared = declared or (proc.start if pid == key else None)
        first = first or _first_task(root, key)
    return tasks, declared, first


def _first_task(root, key: str) -> str | None:
    """The element the process's start event leads to."""
    ns = f"{{{modelmeta.BPMN_NS}}}"
    proc = next((p for p in root.iter(f"{ns}process") if p.get("id") == key), None)
    if proc is None:
        return None
    starts = {e.get("id") for e in proc.findall(f"{ns}startEvent")}
    return next((f.get("targetRef") for f in proc.findall(f"{ns}sequenceFlow")
                 if f.get("sourceRef") in starts), None)
