"""Clerk intake of counter, phone and letter petitions.

The clerk fills the model's registration form; the case is started and its
registration task completed in the clerk's name. For an oral petition the
model then asks for the read-back record (Administrative Procedure Act
Art. 169), which opens next, claimed for her.

While she types, the form shows the lead agency the model's routing table
suggests (`route_hint`, fetched by js/intake-route.js), which she may
overrule with the form's `routed_agency`. The receipt names the lead agency
and the earlier cases of the same matter or the same petitioner, and stays
(reload, print) until she registers the next petition.
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta

from flask import Blueprint, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from engine.cases import masked, queries, routing_hint
from engine.cases.variables import FUTURE_LEEWAY
from engine.data.errors import EngineError, InvalidData

from .. import access, lead_agency, petitions, taskform
from ..access import roles_required
from ..extensions import clock, db, runtime
from ..labels import agency_name
from ..roc_dates import NotADate, format_roc_datetime, parse_roc_date, parse_roc_datetime

bp = Blueprint("intake", __name__, url_prefix="/intake")
PERSON = ("name", "phone", "email", "address")
# The session keeps the forms registered in the last minutes (a digest of what
# was sent) with their case numbers: the same form sent again (back and 登記,
# a second click, a reload) is that case, not a new one. Not a key in the form
# nor the time received: back shows the form anew from the server, the time
# received reset to now (autocomplete=off is not restored), the rest as typed.
FORMS_SENT, FORMS_KEPT, SENT_FOR = "intake_forms_sent", 10, timedelta(minutes=10)


@bp.route("/new", methods=["GET", "POST"])
@roles_required("intake", "admin")
def new():
    with db().connect() as conn:
        fields = petitions.register_fields(conn)
        agencies = taskform.agency_choices(conn)
    errors = {}
    if request.method == "POST":
        key = _digest(request.form)
        again = _registered_before(key)
        if again is not None:
            return again
        session.pop("receipt", None)   # the last receipt (and its password) ends here
        result = _register(fields, key)
        if not isinstance(result, dict):
            return result
        errors = result
        flash(_("Please correct the marked fields."), "error")
    values = request.form if request.method == "POST" else {
        **taskform.defaults(fields), "received_at": format_roc_datetime(clock().now())}
    return render_template("intake/new.html", fields=fields, agencies=agencies, values=values,
                           errors=errors, route_hint=_form_hint(fields, values)), \
        (422 if errors else 200)


def _digest(form) -> str:
    sent = sorted((k, v) for k, v in form.items(multi=True) if k not in ("csrf_token", "received_at"))
    return hashlib.sha256(json.dumps(sent, ensure_ascii=False).encode()).hexdigest()[:24]


def _registered_before(key: str):
    """A form sent again is the case it made, not a second one: its receipt
    while it is the last one registered, else the case."""
    number, at = session.get(FORMS_SENT, {}).get(key, (None, None))
    if number is None or clock().now() - datetime.fromisoformat(at) > SENT_FOR:
        return None
    flash(_("This petition was already registered as case %(number)s; it was not registered again.",
            number=number), "info")
    if session.get("receipt", {}).get("number") == number:
        return redirect(url_for("intake.receipt"))
    return redirect(url_for("cases.show", number=number))


def _remember_sent(key: str, number: str) -> None:
    kept = list(session.get(FORMS_SENT, {}).items())[-(FORMS_KEPT - 1):]
    session[FORMS_SENT] = dict(kept + [(key, (number, clock().now().isoformat()))])


def _register(fields, digest: str):
    """Start and register the case (`digest`: the form's, remembered once
    registered); return field errors or a redirect."""
    values = taskform.submitted(fields, request.form)
    person = {k: request.form.get(f"person_{k}", "").strip()[:200] for k in PERSON}
    for key, value in petitions.person_fields(fields, person).items():
        values.setdefault(key, value)
    try:
        received, clean = _checked(fields, values)
        receipt = petitions.start(runtime(), clean, actor=access.actor(),
                                  received_at=received, person=person)
        with db().connect() as conn:
            reg = petitions.ready_task(conn, receipt.case_id, petitions.REGISTER)
        if reg is not None:
            runtime().claim(reg.id, access.actor())
            runtime().complete(reg.id, access.actor(), clean)
    except InvalidData as exc:
        return exc.errors
    except EngineError as exc:
        flash(_("Not done: %(reason)s", reason=exc.message), "error")
        return redirect(url_for("intake.new"))
    session["receipt"] = {"number": receipt.number, "password": receipt.password}
    _remember_sent(digest, receipt.number)
    return redirect(url_for("intake.receipt"))


def _checked(fields, values) -> tuple:
    """(time received, clean values), or InvalidData naming every field
    wrong at once: a bad date must not hide the empty fields behind it."""
    errors, received, clean = {}, None, None
    try:
        received = _received_at(request.form.get("received_at", ""))
    except InvalidData as exc:
        errors.update(exc.errors)
    try:
        with db().connect() as conn:
            clean = petitions.validate_registration(conn, fields, values)
    except InvalidData as exc:
        errors.update(exc.errors)
    if errors:
        raise InvalidData("registration refused", errors)
    return received, clean


def _received_at(text: str) -> datetime:
    try:
        received = parse_roc_datetime(text)
    except NotADate:
        raise InvalidData("bad received date", {"received_at": _received_error(text)}) from None
    # A mistyped day (115/03/05 for 115/03/02) is said with the other fields,
    # in her words: the engine's own check (same leeway) would refuse it only later.
    now = clock().now()
    if received > now + FUTURE_LEEWAY:
        raise InvalidData("received date in the future", {"received_at": _(
            "The time received may not be later than now (%(now)s): check the date and time.",
            now=format_roc_datetime(now))})
    return received


def _received_error(text: str) -> str:
    """An empty box asks for the date; a typed one that is no date and time
    (115/13/45, 昨天) says it could not be read, not that the box is empty;
    a day without its time asks for the time."""
    if not text.strip():
        return _("Give the date and time received, e.g. 115/03/02 08:45.")
    try:
        day_only = parse_roc_date(text) is not None
    except NotADate:
        day_only = False
    if day_only:
        return _("Add the time received, e.g. 115/03/02 08:45.")
    return _("The date and time received could not be read: enter them like 115/03/02 08:45.")


@bp.route("/receipt")
@roles_required("intake", "admin")
def receipt():
    # Kept (not popped): a reload or the print dialog shows it again, until the next registration.
    data = session.get("receipt")
    if not data:
        return redirect(url_for("intake.new"))
    viewer = access.viewer()
    with db().connect() as conn:
        c = queries.visible_case(conn, viewer, number=data["number"])
        next_task = petitions.ready_task(conn, c.id) if c else None
        lead = _lead_agency(conn, c) if c else None
        earlier = _earlier_cases(conn, viewer, c) if c else []
    return render_template("intake/receipt.html", receipt=data, case=c, next_task=next_task,
                           lead=lead, earlier=earlier)


@bp.route("/tasks/<task_id>/read-back", methods=["POST"])
@roles_required("intake", "admin")
def read_back(task_id):
    """宣讀紀錄 from the receipt: the step opens claimed for the clerk when
    nobody holds it and she may work it; else it opens as it is (the task
    page says who holds it). A POST: a GET must not claim anything."""
    with db().connect() as conn:
        step = queries.visible_task(conn, access.viewer(), task_id)
    if step is None:
        return redirect(url_for("intake.new"))
    if step.element_id == "read_back" and step.state == "ready" and step.assignee is None:
        try:
            runtime().claim(step.id, access.actor())
        except EngineError as exc:
            flash(_("Not done: %(reason)s", reason=exc.message), "error")
    return redirect(url_for("inbox.task_page", task_id=step.id))


@bp.route("/route-hint")
@roles_required("intake", "admin")
def route_hint():
    """The routing table's lead agency for the form's category and district
    (GET ?category=&district=): JSON for js/intake-route.js."""
    with db().connect() as conn:
        fields = petitions.register_fields(conn)
    answers = {k: request.args.get(k, "") for k in ("category", "district")}
    if not _answered(fields, answers):
        return jsonify(error=_("Choose a category and a district from the form.")), 400
    hint = _suggest(answers)
    if hint is None:
        return jsonify(agency=None, co_agencies=[], text="")
    return jsonify(agency=hint.agency, co_agencies=hint.co_agencies, text=_hint_text(hint))


def _form_hint(fields, values) -> str:
    """The suggestion on a form shown again with its answers (script or not)."""
    answers = {k: values.get(k, "") for k in ("category", "district")}
    hint = _suggest(answers) if _answered(fields, answers) else None
    return _hint_text(hint) if hint else ""


def _suggest(answers: dict):
    with db().connect() as conn:
        return routing_hint.suggest(runtime(), conn, answers, process_key=petitions.PROCESS)


def _answered(fields, answers: dict) -> bool:
    """Each answer is one of its field's choices (the query string is anyone's)."""
    by_name = {f.name: f for f in fields}
    return all(_is_choice(by_name.get(k), v) for k, v in answers.items())


def _is_choice(f, value: str) -> bool:
    return f is not None and value in {c[0] for c in f.choices}


def _hint_text(hint) -> str:
    text = _("Lead agency suggested by the routing rules: %(agency)s",
             agency=agency_name(hint.agency))
    if hint.co_agencies:
        text += " " + _("Co-handling agencies: %(agencies)s",
                        agencies="、".join(agency_name(a) for a in hint.co_agencies))
    return text


def _lead_agency(conn, c) -> dict | None:
    """Who handles the case and why: the clerk's choice, else the routing
    table's (webapp/lead_agency.py)."""
    lead = lead_agency.of_case(conn, c, queries.known_data(conn, c))
    if lead is None:
        return None
    return {"agency": agency_name(lead.agency), "chosen": lead.chosen,
            "co": "、".join(agency_name(a) for a in lead.co_agencies)}


def _earlier_cases(conn, viewer, c) -> list[dict]:
    """Possible earlier cases, each once, with why: the same petitioner
    (phone or e-mail) and/or the same matter (category and place)."""
    found: dict[int, dict] = {}
    # Same person: only cases whose identity the viewer may see. Same matter:
    # a confidential one's title as the viewer may read it (Art. 170).
    similar = masked.Titles(viewer).rows(conn, queries.similar_cases(conn, viewer, c))
    for why, rows in (("person", queries.same_petitioner(conn, viewer, c)), ("matter", similar)):
        for r in rows:
            found.setdefault(r.id, {"row": r, "why": []})["why"].append(why)
    return sorted(found.values(), key=lambda e: e["row"].received_at, reverse=True)
