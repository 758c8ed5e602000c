"""What civicflow reads from a model besides what SpiffWorkflow runs:
candidate agencies and roles, due expressions and form fields
(the `urn:civicflow:bpmn:1` extension; see docs/modelling.md).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from . import case_parts

from . import camunda, conditions, examples, identity, shown_data, starting, starts
from .attribute_words import FIELD_ZH, RESOURCE_ZH, task_zh
from .task_names import pick, split_bilingual
from .worded import Worded

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
CF_NS = "urn:civicflow:bpmn:1"
ROLES = ("intake", "officer", "supervisor", "analyst", "admin")
FIELD_TYPES = ("text", "textarea", "integer", "decimal", "boolean", "date", "datetime",
               "choice", "multichoice", "email", "agency", "agencies", "case_number")
TASK_TAGS = ("userTask", "manualTask", "task")
RESOURCE_KINDS = ("car", "driver", "room")   # engine/resources/catalogue.py KINDS


def _q(ns, tag):
    return f"{{{ns}}}{tag}"


@dataclass
class Field(Worded):
    name: str
    type: str = "text"
    required: bool = False
    label_zh: str = ""
    label_en: str = ""
    choices: list = field(default_factory=list)   # [[value, label_zh, label_en]]
    min: float | str | None = None   # a date field's: "today" or YYYY-MM-DD
    max: float | str | None = None
    maxlength: int | None = None
    default: str | None = None
    when: str | None = None   # e.g. "handling_action=reply": see conditions.py
    # A choice among the cars, drivers or rooms (engine/resources) the web
    # offers at the time range `during` names ("trip_start trip_end"): free
    # ones first, taken ones with the booking that holds them.
    resource: str | None = None
    during: str | None = None
    # A yes/no the person must answer (decision="true"): two choices named by
    # these words, nothing chosen beforehand, so nobody decides by omission.
    decision: bool = False
    yes_zh: str = ""
    no_zh: str = ""
    yes_en: str = ""
    no_en: str = ""
    # A box the person must tick to complete the step (confirm="true"): an
    # attestation such as 陳情人確認無誤, where unticked means "not done yet",
    # unlike a plain required boolean, whose False is an answer.
    confirm: bool = False
    # The case variable the field starts from (starts_from="content"): the
    # read-back starts from the petition as registered (starting.py).
    starts_from: str | None = None
    # What a test-run answers (example="false", "today+1 12:00"): only the
    # analyst's sample, never shown on a real form (examples.py).
    example: str | None = None

    def _unlabelled(self) -> str:
        return self.name


@dataclass
class TaskMeta:
    element_id: str
    name: str = ""
    lane: str | None = None
    lane_agency: str | None = None
    lane_role: str | None = None
    agency_expr: str | None = None
    role: str | None = None
    due_expr: str | None = None
    priority: int = 0
    fields: list[Field] = field(default_factory=list)
    shows: list[str] | None = None   # case panel parts (case_parts.py); None: all
    # Earlier answers shown beside the form, each by its field's label: the
    # business's reply where the consumer decides on a second complaint.
    show_fields: list[str] = field(default_factory=list)
    # Variables scripts made, shown beside the form as they stand at this step:
    # a list of records as a table (the audit's results per office), a value
    # by its label (the count per grade). shown_data.py.
    tables: list[shown_data.Table] = field(default_factory=list)
    values: list[shown_data.Column] = field(default_factory=list)
    # A decision on someone's request (展期): `not_by` names the task whose
    # completer asked, who may not decide it; `reason` and `adds_days` name the
    # case variables the supervisors' list shows as the reason and the days asked.
    not_by: str | None = None
    reason: str | None = None
    adds_days: str | None = None
    # A step that comes back to its officer (展期 asked, the supervisor decided):
    # `keep_with` names the task whose latest completer gets this one already
    # claimed, when they may still do it (engine/cases/keeping.py).
    keep_with: str | None = None
    name_zh: str = ""
    name_en: str = ""
    # What one of several like tasks of a case is about (`item="office"`: each
    # office a records audit visits): a case variable, or a key of one
    # ("finding.office"), named in the inbox row and on the task page.
    item: str | None = None

    def label(self, locale: str) -> str:
        """The task's name in `locale` (declared, else split from the BPMN name)."""
        return self.named(locale) or self.element_id

    def named(self, locale: str) -> str:
        """The task's name in `locale`; '' when the model gives it none (the
        web pages then say 未命名步驟, never the element id)."""
        zh, en = (self.name_zh, self.name_en) if self.name_zh or self.name_en \
            else split_bilingual(self.name)
        return pick(zh, en, locale)


@dataclass
class ProcessMeta:
    process_id: str
    name: str = ""
    executable: bool = True
    lanes: dict = field(default_factory=dict)   # lane name -> {"agency":..,"role":..}
    tasks: dict = field(default_factory=dict)   # element id -> TaskMeta
    start: starts.StartMeta | None = None   # who may start it from the web, and how

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "ProcessMeta":
        tasks = {k: TaskMeta(**{**t, "fields": [Field(**f) for f in t["fields"]],
                                **shown_data.from_dict(t)})
                 for k, t in d["tasks"].items()}
        return cls(d["process_id"], d["name"], d["executable"], d["lanes"], tasks,
                   starts.from_dict(d.get("start")))


def own_last(metas, key: str) -> list[ProcessMeta]:
    """The processes of a deployment with the definition's own process last, so
    its element ids and choice words win over other processes' in the files."""
    return sorted(metas, key=lambda m: m.process_id == key)


def tasks_by_element(metas: list[ProcessMeta]) -> dict:
    """{element id: TaskMeta} over `metas`, later processes winning."""
    return {eid: tm for m in metas for eid, tm in m.tasks.items()}


def extract(root) -> dict[str, ProcessMeta]:
    """Read every process of a parsed BPMN document (an lxml root)."""
    result = {}
    for proc in root.iter(_q(BPMN_NS, "process")):
        meta = ProcessMeta(proc.get("id"), proc.get("name") or "",
                           proc.get("isExecutable", "false").lower() == "true")
        lane_of = _lanes(proc, meta)
        for tag in TASK_TAGS:
            for el in proc.iter(_q(BPMN_NS, tag)):
                lane = lane_of.get(el.get("id"))
                task = _task_meta(el, lane, meta.lanes.get(lane, {}))
                # Camunda Modeler attributes fill what the civicflow extension leaves unset.
                meta.tasks[el.get("id")] = camunda.apply(el, task, ROLES, Field)
        meta.start = starts.extract(proc)
        result[meta.process_id] = meta
    return result


def _lanes(proc, meta: ProcessMeta) -> dict:
    lane_of = {}
    for lane in proc.iter(_q(BPMN_NS, "lane")):
        name = lane.get("name") or lane.get("id")
        ext = lane.find(f"{_q(BPMN_NS, 'extensionElements')}/{_q(CF_NS, 'lane')}")
        if ext is not None:
            meta.lanes[name] = {"agency": ext.get("agency"), "role": ext.get("role")}
        else:
            meta.lanes[name] = _lane_from_name(name)
        for ref in lane.findall(_q(BPMN_NS, "flowNodeRef")):
            lane_of[(ref.text or "").strip()] = name
    return lane_of


def _lane_from_name(name: str) -> dict:
    if name in ROLES:
        return {"agency": None, "role": name}
    return {"agency": name, "role": None}


def _task_meta(el, lane, lane_meta: dict) -> TaskMeta:
    meta = TaskMeta(el.get("id"), el.get("name") or "", lane,
                    lane_meta.get("agency"), lane_meta.get("role"))
    ext = el.find(_q(BPMN_NS, "extensionElements"))
    if ext is None:
        return meta
    props = ext.find(_q(CF_NS, "task"))
    if props is not None:
        meta.agency_expr = props.get("agency")
        meta.role = props.get("role")
        meta.due_expr = props.get("due")
        meta.priority = int(props.get("priority") or 0)
        meta.shows = case_parts.parse(props.get("shows"))
        meta.show_fields = case_parts.parse(props.get("show_fields")) or []
        meta.not_by, meta.reason = props.get("not_by"), props.get("reason")
        meta.adds_days = props.get("adds_days")
        meta.keep_with = props.get("keep_with") or None
        meta.name_zh = props.get("name_zh") or ""
        meta.name_en = props.get("name_en") or ""
        meta.item = props.get("item") or None
    meta.tables, meta.values = shown_data.parse(ext)
    form = ext.find(_q(CF_NS, "form"))
    if form is not None:
        meta.fields = [_field(f) for f in form.findall(_q(CF_NS, "field"))]
    return meta


def _num(value):
    return None if value in (None, "") else float(value)


def _bound(value):
    """`min`/`max`: a number (integer and decimal fields), else the text, a
    date field's `today` or YYYY-MM-DD (forms.py reads it on the engine clock)."""
    try:
        return _num(value)
    except ValueError:
        return value.strip()


def _bound_problems(f: Field):
    """(English, zh-TW) for a bound that does not fit its field's type."""
    dated = f.type in ("date", "datetime")
    for bound in (f.min, f.max):
        if bound is not None and dated != (isinstance(bound, str) and _is_day(bound)):
            yield (f"field '{f.name}': min/max '{bound}' must be a number, or on a date field "
                   "'today' or a date YYYY-MM-DD",
                   f"欄位「{f.name}」的{FIELD_ZH['min']}或{FIELD_ZH['max']}「{bound}」須為數字；"
                   "日期欄位則須為 today（今天）或 YYYY-MM-DD 日期")


def _yes_no_problems(f: Field):
    """(English, zh-TW) for a decision or confirmation that is not a plain yes/no."""
    if f.decision and f.type != "boolean":
        yield (f"decision field '{f.name}' must be of type boolean",
               f"決定欄位「{f.name}」的{FIELD_ZH['type']}須為「{FIELD_ZH['boolean']}」")
    if f.confirm and f.type != "boolean":
        yield (f"confirm field '{f.name}' must be of type boolean",
               f"確認欄位「{f.name}」的{FIELD_ZH['type']}須為「{FIELD_ZH['boolean']}」")
    if f.confirm and f.decision:   # a decision takes False; a confirmation never does
        yield (f"field '{f.name}' cannot be both a decision and a confirmation: a decision takes "
               "either answer, a confirmation only a tick",
               f"欄位「{f.name}」不可同時勾選「{FIELD_ZH['decision']}」與「{FIELD_ZH['confirm']}」："
               "決定可選任一答案，確認只能勾選")


def _is_day(text: str) -> bool:
    if text == "today":
        return True
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _field(el) -> Field:
    return Field(
        name=el.get("name") or "",
        type=el.get("type") or "text",
        required=(el.get("required") or "false").lower() == "true",
        label_zh=el.get("label_zh") or "",
        label_en=el.get("label_en") or "",
        choices=[[c.get("value"), c.get("label_zh") or "", c.get("label_en") or ""]
                 for c in el.findall(_q(CF_NS, "choice"))],
        min=_bound(el.get("min")), max=_bound(el.get("max")),
        maxlength=int(el.get("maxlength")) if el.get("maxlength") else None,
        default=el.get("default"),
        when=el.get("when") or None,
        resource=el.get("resource") or None,
        during=el.get("during") or None,
        decision=(el.get("decision") or "false").lower() == "true",
        yes_zh=el.get("yes_zh") or "", no_zh=el.get("no_zh") or "",
        yes_en=el.get("yes_en") or "", no_en=el.get("no_en") or "",
        confirm=(el.get("confirm") or "false").lower() == "true",
        starts_from=(el.get("starts_from") or "").strip() or None,
        example=el.get("example") or None,
    )


def problems(meta: ProcessMeta, known_lanes: set[str] | None) -> list[tuple[str, str, str]]:
    """Static problems of the civicflow extension: (element id, English, zh-TW)."""
    out = []
    for name, lane in meta.lanes.items():
        if known_lanes is not None and not _lane_known(lane, known_lanes):
            out.append((name, f"lane '{name}' is neither a known agency code nor a role",
                        f"泳道「{name}」不是已知的機關代碼或角色"))
    out.extend(starts.problems(meta.start, meta.tasks, ROLES))
    for task in meta.tasks.values():
        out.extend(_field_problems(task))
        out.extend((task.element_id, en, zh) for en, zh in case_parts.problems(task.shows))
        if task.role and task.role not in ROLES:
            out.append((task.element_id, f"unknown role '{task.role}'", f"未知的角色「{task.role}」"))
        out.extend(_show_field_problems(meta, task))
        out.extend((task.element_id, en, zh)
                   for en, zh in shown_data.problems(task.tables, task.values, meta))
        if task.item and not all(part.isidentifier() for part in task.item.split(".")):
            out.append((task.element_id, f"item is not a variable name: '{task.item}'",
                        f"{task_zh('item')}所指的「{task.item}」不是變數名稱"))
        if task.not_by and task.not_by not in meta.tasks:
            out.append((task.element_id, f"not_by names no task of the process: '{task.not_by}'",
                        f"{task_zh('not_by')}所指的「{task.not_by}」不是本流程的任務"))
        out.extend(_keep_with_problems(meta, task))
        out.extend(_request_problems(meta, task))
    return out


def _request_problems(meta: ProcessMeta, task: TaskMeta):
    """reason and adds_days name fields of the not_by task's form, which the
    supervisors' list reads (engine/board/decisions.py); adds_days an integer."""
    asker = meta.tasks.get(task.not_by) if task.not_by else None
    fields = {f.name: f for f in asker.fields} if asker else {}
    for attr in ("reason", "adds_days"):
        value = getattr(task, attr)
        if not value:
            continue
        if not task.not_by:
            yield (task.element_id, f"{attr} needs not_by: it names a field of that task's form",
                   f"{task_zh(attr)}須搭配{task_zh('not_by')}：它指的是該任務表單的欄位")
        elif asker is not None and value not in fields:
            yield (task.element_id, f"{attr} names no form field of the task '{task.not_by}': '{value}'",
                   f"{task_zh(attr)}所指的「{value}」不是任務「{task.not_by}」表單的欄位")
        elif attr == "adds_days" and asker is not None and fields[value].type != "integer":
            yield (task.element_id, f"adds_days names the field '{value}', which must be of type integer",
                   f"{task_zh(attr)}所指的欄位「{value}」的{FIELD_ZH['type']}須為「{FIELD_ZH['integer']}」")


def _keep_with_problems(meta: ProcessMeta, task: TaskMeta):
    """keep_with names a task of the process whose completer may be given this one."""
    if not task.keep_with:
        return
    if task.keep_with not in meta.tasks:
        yield (task.element_id, f"keep_with names no task of the process: '{task.keep_with}'",
               f"{task_zh('keep_with')}所指的「{task.keep_with}」不是本流程的任務")
    elif task.keep_with == task.not_by:   # given to the one person who may not do it
        yield (task.element_id, f"keep_with and not_by name the same task: '{task.keep_with}'",
               f"{task_zh('keep_with')}與{task_zh('not_by')}不可指向同一任務「{task.keep_with}」")


def _show_field_problems(meta: ProcessMeta, task: TaskMeta):
    named = {f.name for t in meta.tasks.values() for f in t.fields}
    for name in task.show_fields:
        if name not in named:
            yield (task.element_id, f"show_fields names no form field of the process: '{name}'",
                   f"{task_zh('show_fields')}所列的「{name}」不是本流程任何表單的欄位")
        elif identity.is_identity(name, meta):   # Art. 170: the panel's own row shows the person
            yield (task.element_id,
                   f"show_fields may not name the petitioner's identity field '{name}': the "
                   "case panel's petitioner row shows the person, hidden from whoever may not "
                   "see a confidential petitioner; remove it from show_fields",
                   f"{task_zh('show_fields')}不可列出陳情人（當事人）的身分欄位「{name}」：姓名與聯絡方式只在"
                   f"案件資料的陳情人欄顯示，保密案件不讓無權看的人看到；請自{task_zh('show_fields')}移除")


def _resource_kinds_zh() -> str:
    """car（車輛）、driver（駕駛）、room（會議室）: the value written, and what it is."""
    return "、".join(f"{k}（{RESOURCE_ZH[k]}）" for k in RESOURCE_KINDS)


def _lane_known(lane: dict, known: set[str]) -> bool:
    return all(v is None or v in known for v in (lane.get("agency"), lane.get("role")))


def _field_problems(task: TaskMeta):
    seen = set()
    for f in task.fields:
        if not f.name.isidentifier() or f.name.startswith("_"):
            yield task.element_id, f"form field name '{f.name}' is not a valid identifier", \
                f"表單欄位名稱「{f.name}」不合法"
        if f.type not in FIELD_TYPES:
            yield task.element_id, f"form field '{f.name}' has unknown type '{f.type}'", \
                f"表單欄位「{f.name}」的{FIELD_ZH['type']}「{f.type}」不明"
        if f.resource and f.resource not in RESOURCE_KINDS:
            yield task.element_id, f"field '{f.name}': resource is one of {', '.join(RESOURCE_KINDS)}", \
                f"欄位「{f.name}」的資源種類須為 {_resource_kinds_zh()}之一"
        if f.type in ("choice", "multichoice") and not f.choices and not f.resource:
            yield task.element_id, f"choice field '{f.name}' lists no choices", \
                f"選項欄位「{f.name}」沒有任何選項"
        yield from ((task.element_id, en, zh) for en, zh in _yes_no_problems(f))
        yield from ((task.element_id, en, zh) for en, zh in starting.problems(f))
        yield from ((task.element_id, en, zh) for en, zh in examples.problems(f))
        yield from ((task.element_id, en, zh) for en, zh in _bound_problems(f))
        if f.name in seen:
            yield task.element_id, f"form field '{f.name}' is declared twice", \
                f"表單欄位「{f.name}」重複宣告"
        seen.add(f.name)
    for en, zh in conditions.problems(task.fields):
        yield task.element_id, en, zh
