"""/admin/timers: timers whose firing failed, with their error and model
element; put one or all back to fire again. A supervisor sees and retries
those of their agencies' cases only (scope.py)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm

import json

from sqlalchemy import select

from engine.data.schema import process_definition
from engine.models.task_names import pick, split_bilingual
from engine.models.xmlsafe import parse_xml
from engine.scheduling import timers

from ...extensions import clock, db, runtime
from ...i18n import current_locale
from . import bp, scope


@bp.route("/timers")
def timers_index():
    with db().connect() as conn:
        rows = scope.failed_timers(conn)
        names = {d: event_names(conn, d) for d in {r.definition_id for r in rows}}
    return render_template("admin/timers.html", rows=rows, action_form=FlaskForm(),
                           step=lambda r: names[r.definition_id].get(r.element_id))


def event_names(conn, definition_id: int) -> dict[str, str]:
    """{timer element id: '逾期（辦理並擬復）'}: the event's name in the viewer's
    language with the task it watches, read from the deployed BPMN."""
    sources = json.loads(conn.execute(select(process_definition.c.sources).where(
        process_definition.c.id == definition_id)).scalar() or "{}")
    elements = {}
    for name, xml in sources.items():
        if name.endswith(".bpmn"):
            elements.update({el.get("id"): el for el in parse_xml(xml, name).iter()
                             if el.get("id") and el.get("name")})
    def said(el):
        return pick(*split_bilingual(el.get("name")), current_locale()) if el is not None else ""
    shape = "{} ({})" if current_locale().startswith("en") else "{}（{}）"
    out = {}
    for key, el in elements.items():
        watched = said(elements.get(el.get("attachedToRef")))
        out[key] = shape.format(said(el), watched) if watched else said(el)
    return out


@bp.route("/timers/retry", methods=["POST"])
def timers_retry():
    FlaskForm().validate_on_submit() or abort(400)
    chosen = request.form.get("timer", type=int)
    if chosen is None and request.form.get("all") != "1":
        abort(400)   # neither one timer nor all: never retry everything by mistake
    now = clock().now()
    with db().begin() as conn:
        count = timers.retry_by(conn, current_user.username, now, _chosen(conn, chosen))
    _wake_scheduler(now)
    flash(ngettext("%(num)s timer is put back: the scheduler fires it again.",
                   "%(num)s timers are put back: the scheduler fires them again.", count), "success")
    return redirect(url_for("admin.timers_index"))


def _chosen(conn, chosen: int | None) -> list[int] | None:
    """The timer ids to retry: the one chosen or all (None); a supervisor's
    all is their agencies' failed timers, another agency's timer is refused."""
    if scope.full():
        return None if chosen is None else [chosen]
    mine = [r.id for r in scope.failed_timers(conn)]
    if chosen is None:
        return mine
    if chosen not in mine:
        abort(403)
    return [chosen]


def _wake_scheduler(now) -> None:
    # An embedded scheduler (civicflow serve) sleeps until its next due timer;
    # a retried timer is due now. Separate schedulers poll on their own.
    hook = runtime().on_timer
    if hook:
        hook(now)
