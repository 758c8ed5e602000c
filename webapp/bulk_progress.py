"""A long bulk run in batches, so the page can show progress
(webapp/static/js/bulk-progress.js): the page first asks for the plan (the
selection resolved to its items, capped like the one-request run), then
posts the items a batch at a time. Each answer is JSON; an item is sent once,
so a conflict is reported, never retried. No table keeps the run: what was
done is in the audit trail."""
from __future__ import annotations

from flask import jsonify, render_template

from engine.cases import bulk
from engine.cases.assignment import ANY
from engine.data.errors import InvalidData
from engine.models.forms import FieldError

from . import bulk_form

BATCH_MAX = 100   # items one batch request may carry (the script sends 25)


def plan_answer(action: bulk.Action, items: list[str], back: str, settled=(), field="task"):
    """The run's items (as the batch form posts them, in `field`), the summary's first
    sentence with %n for the count done, and the items settled up front
    (e.g. a case with no open task of the agency) as rows and counts; `also`
    links to what a reassigned officer now holds, shown once something moved."""
    settled = list(settled)
    parts = bulk_form.summary_parts(action, settled)
    lead = render_template("inbox/_bulk_lead.html", action=action, n="%n",
                           total=len(items) + len(settled), officer=parts["officer"],
                           agency=parts["agency"])
    return jsonify(items=items, field=field, total=len(items) + len(settled), lead=" ".join(lead.split()),
                   back=back, **_counts(settled), rows=_rows(parts["missed"]),
                   also=" ".join(render_template("inbox/_bulk_see_officer.html", action=action,
                                                 officer=parts["officer"]).split()))


def batch_answer(action: bulk.Action, results: list):
    """One batch's outcome: counts, and a summary row per item not done."""
    parts = bulk_form.summary_parts(action, results)
    return jsonify(**_counts(results), rows=_rows(parts["missed"]),
                   results=[{"id": str(r.id), "status": r.status} for r in results])


def run_batch(engine, action: bulk.Action, items: list[bulk.Item], actor):
    """One batch request's answer: each item its own command, at most
    BATCH_MAX of them; a bad action or selection answered field by field.
    bulk.Forbidden propagates (the view answers 403)."""
    try:
        if len(items) > BATCH_MAX:
            raise InvalidData("too many", {"ids": FieldError("too many", "too_many",
                                                             {"max": BATCH_MAX})})
        results = bulk.run(engine, action, items, actor)
    except InvalidData as exc:
        return fields_answer(exc.errors)
    return batch_answer(action, results)


def fields_answer(errors: dict, status: int = 422):
    """The form's fields in error, in the viewer's language."""
    return jsonify(fields=bulk_form.field_errors(errors)), status


def _counts(results) -> dict:
    return {key: sum(1 for r in results if r.status == status)
            for key, status in (("done", "ok"), ("conflicts", "conflict"), ("refused", "refused"))}


def _rows(missed) -> str:
    return render_template("inbox/_bulk_missed_rows.html", missed=missed) if missed else ""


def item_values(items: list[bulk.Item]) -> list[str]:
    """Task items as the batch posts them: "id|assignee seen" (bulk_form.seen_items)."""
    return [str(i.id) if i.expected is ANY else f"{i.id}{bulk_form.SEEN_SEP}{i.expected or ''}"
            for i in items]
