"""`civicflow demo`'s progress lines (engine/demo/progress.py's notes) in the
operator's language, as its closing words: zh-TW unless `--lang en`. Dates
as officials read them, processes by their names, never a bare code."""
from __future__ import annotations

from flask_babel import gettext as _

from engine.data.errors import Conflict, Forbidden, NotFound
from webapp.command_errors import command_error
from webapp.form_errors import field_error
from webapp.i18n import roc_date
from webapp.labels import process_title

from .demo_accounts import bracketed, marks


def counts(v) -> dict:
    return {"cases": v["cases"], "tasks": v["tasks"], "timers": v["timers"], "day": roc_date(v["day"])}


def models(v) -> str:
    return marks()["comma"].join(_("%(name)s version %(version)s", name=process_title(k), version=n)
                                 for k, n in v["models"])


def refusal(v) -> str:
    """Why the engine refused a demo step, never its English text: the
    fields' errors, a worded refusal, or what kind of refusal it was."""
    exc = v.get("error")
    errors = getattr(exc, "errors", None)
    if errors:
        return marks()["comma"].join(dict.fromkeys(field_error(e) for e in errors.values()))
    worded = command_error(exc) if exc is not None else None
    if worded and worded != getattr(exc, "message", None):
        return worded
    for kind, words in ((Forbidden, _("not allowed for the demo account")),
                        (Conflict, _("the case had changed meanwhile")),
                        (NotFound, _("the step or its case was not found"))):
        if isinstance(exc, kind):
            return words
    return _("refused by the process model or the engine")


WORDS = {
    "period": lambda v: _("Demo: %(cases)s cases over %(days)s days up to %(end)s",
                          cases=v["cases"], days=v["days"], end=roc_date(v["end"])),
    "reference": lambda v: _("Reference data: %(agencies)s agencies added, %(updated)s updated, "
                             "%(users)s accounts added, %(resources)s cars, drivers and rooms added",
                             agencies=v["agencies_added"], updated=v["agencies_updated"],
                             users=v["users_added"], resources=v["resources_added"]),
    "models": lambda v: _("Process models deployed: %(models)s", models=models(v)),
    "started": lambda v: "  " + _("%(day)s: %(started)s of %(total)s cases started; %(cases)s cases, "
                                  "%(tasks)s tasks done, %(timers)s timers fired",
                                  started=v["started"], total=v["total"], **counts(v)),
    "done": lambda v: "  " + _("%(day)s: done; %(cases)s cases, %(tasks)s tasks done, "
                               "%(timers)s timers fired", **counts(v)),
    "step_refused": lambda v: "  " + _("The step “%(name)s” of case %(case)s was refused",
                                       name=v.get("name") or "?", case=v["case"]) + bracketed(refusal(v)),
    "start_refused": lambda v: "  " + _("A case of %(process)s could not be started",
                                        process=process_title(v["process"])) + bracketed(refusal(v)),
    "tasks_shared": lambda v: "  " + _("%(tasks)s open tasks taken by their agencies' officers",
                                       tasks=v["tasks"]),
}


def words(note) -> str:
    """The note's line in the language forced around the call; a note of no
    known kind (a newer engine) as the engine words it."""
    say = WORDS.get(getattr(note, "key", None))
    return say(note.values) if say else str(note)
