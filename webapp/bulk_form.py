"""What the bulk-action pages and the API share: reading the action and the
chosen items from a form, and saying the engine's codes (engine/cases/bulk.py)
in the viewer's language: a field's error beside the field, each item's
result on the summary page."""
from __future__ import annotations

from types import SimpleNamespace

from flask import render_template
from flask_babel import gettext as _
from sqlalchemy import select

from engine.cases import bulk
from engine.cases.assignment import ANY
from engine.data.schema import agency
from engine.time.clock import parse_iso

from .command_errors import command_error
from .extensions import db
from .i18n import current_locale, local_dt
from .labels import task_name
from .people import known_names

SEEN_SEP = "|"   # a checkbox's value: task id | the assignee the page showed


def action_from(values) -> bulk.Action:
    """The Action a form or JSON body asks for (unchecked: engine.bulk.check)."""
    def text(name):
        value = values.get(name)
        return value.strip() if isinstance(value, str) else ""
    return bulk.Action(kind=text("action"), officer=text("officer") or None,
                       agency=text("agency") or None, reason=text("reason"))


def seen_items(values: list[str]) -> list[bulk.Item]:
    """Checkbox values "id|assignee" (assignee empty: the queue) as Items; a
    bare id expects nothing. Duplicates are dropped, the order kept."""
    out, known = [], set()
    for value in values:
        tid, sep, holder = value.partition(SEEN_SEP)
        tid = tid.strip()[:64]
        if tid and tid not in known:
            known.add(tid)
            out.append(bulk.Item(tid, (holder or None) if sep else ANY))
    return out


def field_errors(errors: dict) -> dict:
    """{field: message} in the viewer's language for the engine's FieldErrors."""
    return {name: _field_message(name, getattr(err, "code", "invalid"),
                                 getattr(err, "params", {}) or {})
            for name, err in errors.items()}


def _field_message(name: str, code: str, params: dict) -> str:
    required = {"action": _("Choose what to do with the selected items."),
                "officer": _("Choose the officer who takes the tasks over."),
                "agency": _("Choose the agency the cases go to."),
                "reason": _("Write the reason; the petitioner reads it."),
                "ids": _("Select at least one item first.")}
    other = {"unknown_officer": _("This officer is not an active user."),
             "unknown_agency": _("Choose an agency from the list."),
             "own_agency": _("These tasks are already at your agency; choose the agency "
                             "they are transferred to."),
             "too_long": _("At most %(max)s characters.", max=params.get("max")),
             "too_many": _("At most %(max)s items at a time; narrow the filter.",
                           max=params.get("max")),
             "choice": _("Choose one of the actions offered.")}
    if code == "required":
        return required.get(name, _("Required"))
    return other.get(code, _("This value cannot be used."))


def result_message(r: bulk.Result, names: dict) -> str:
    """Why an item was not done, for the summary page."""
    p = r.params
    who = names.get(p.get("by"), p.get("by") or "")
    when = _when(p.get("at"))
    if r.code == "handled_by_other":
        if p.get("state") == "completed":
            return _("Already handled by someone else: completed by %(who)s on %(when)s.",
                     who=who, when=when)
        if p.get("state") == "cancelled":
            return _("Already handled by someone else: closed by %(who)s on %(when)s.",
                     who=who, when=when)
        if who:
            return _("Already handled by someone else: changed by %(who)s on %(when)s; it is "
                     "now with %(holder)s.", who=who, when=when,
                     holder=names.get(p.get("assignee"), p.get("assignee") or _("the queue")))
        return _("Already handled by someone else.")
    return _refusal(r.code, p, names)


def _refusal(code, p, names) -> str:
    messages = {
        "not_supervisor": _("You are not a supervisor of the agency this task belongs to."),
        "not_admin": _("Only an administrator may cancel cases."),
        "not_found": _("This item no longer exists."),
        "not_allowed": _("You may not change this item."),
        "officer_cannot_work": _("%(name)s cannot work on this task (another agency or role).",
                                 name=names.get(p.get("officer"), p.get("officer") or "")),
        "no_transfer": _("This step cannot be transferred; open the case to handle it."),
        "same_agency": _("The case is already at this agency."),
        "unknown_agency": _("Choose an agency from the list."),
        "failed": _("This item could not be done; try again or tell the administrator."),
        "no_open_task": _("Your agency holds no open task of this case."),
    }
    if code in messages:
        return messages[code]
    return command_error(_Coded(code, p)) if code else _("Not done.")


class _Coded:
    """An engine refusal code as command_error reads it (e.g. own_request)."""
    def __init__(self, code, params):
        self.detail, self.message = {"code": code, **params}, _("Not done.")


def _when(text) -> str:
    try:
        return local_dt(parse_iso(text)) if text else ""
    except (TypeError, ValueError):
        return ""


def agency_name(conn, code, locale: str) -> str:
    row = conn.execute(select(agency.c.name_zh, agency.c.name_en)
                       .where(agency.c.code == code)).first()
    if row is None:
        return code or ""
    return row.name_en if locale == "en" else row.name_zh


def people_in(results) -> set:
    return {v for r in results for k, v in r.params.items()
            if k in ("by", "assignee", "officer") and isinstance(v, str)}


def summary_parts(action: bulk.Action, results: list) -> dict:
    """What a summary says beside the counts: each item not done (with its
    task name and what happened), the officer's and the agency's names."""
    with db().connect() as conn:
        names = known_names(conn, people_in(results) | {action.officer})
        target = agency_name(conn, action.agency, current_locale()) if action.agency else ""
    missed = [(r, task_name(SimpleNamespace(name=r.task, element_id=r.element_id)) if r.task else "",
               result_message(r, names)) for r in results if r.status != "ok"]
    return dict(missed=missed, officer=names.get(action.officer, action.officer), agency=target)


def render_summary(action: bulk.Action, results: list, back: str):
    """The page after a bulk run: how many were done, and each item not done
    by its case number with what happened."""
    done = [r for r in results if r.status == "ok"]
    return render_template("inbox/bulk_done.html", action=action, done=done,
                           total=len(results), back=back, **summary_parts(action, results))
