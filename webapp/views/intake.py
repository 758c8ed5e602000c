"""Clerk intake of counter, phone and letter petitions.

The clerk fills the model's registration form; the case is started and its
registration task completed in the clerk's name. For an oral petition the
model then asks for the read-back record (Administrative Procedure Act
Art. 169), which opens next.
"""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from engine.cases import queries
from engine.data.errors import EngineError, InvalidData

from .. import access, petitions, taskform
from ..access import roles_required
from ..extensions import clock, db, runtime
from ..roc_dates import NotADate, format_roc_datetime, parse_roc_datetime

bp = Blueprint("intake", __name__, url_prefix="/intake")
PERSON = ("name", "phone", "email", "address")


@bp.route("/new", methods=["GET", "POST"])
@roles_required("intake", "admin")
def new():
    with db().connect() as conn:
        fields = petitions.register_fields(conn)
        agencies = taskform.agency_choices(conn)
    errors = {}
    if request.method == "POST":
        result = _register(fields)
        if not isinstance(result, dict):
            return result
        errors = result
        flash(_("Please correct the marked fields."), "error")
    values = request.form if request.method == "POST" else {
        **taskform.defaults(fields), "received_at": format_roc_datetime(clock().now())}
    return render_template("intake/new.html", fields=fields, agencies=agencies, values=values,
                           errors=errors), (422 if errors else 200)


def _register(fields):
    """Start and register the case; return field errors or a redirect."""
    values = taskform.submitted(fields, request.form)
    person = {k: request.form.get(f"person_{k}", "").strip()[:200] for k in PERSON}
    for key, value in petitions.person_fields(fields, person).items():
        values.setdefault(key, value)
    try:
        received = _received_at(request.form.get("received_at", ""))
        with db().connect() as conn:
            clean = petitions.validate_registration(conn, fields, values)
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
    return redirect(url_for("intake.receipt"))


def _received_at(text: str) -> datetime:
    try:
        return parse_roc_datetime(text)
    except NotADate:
        raise InvalidData("bad received date", {"received_at": _(
            "Give the date and time received, e.g. 115/03/02 08:45.")}) from None


@bp.route("/receipt")
@roles_required("intake", "admin")
def receipt():
    data = session.pop("receipt", None)
    if not data:
        return redirect(url_for("intake.new"))
    with db().connect() as conn:
        c = queries.visible_case(conn, access.viewer(), number=data["number"])
        next_task = petitions.ready_task(conn, c.id) if c else None
    return render_template("intake/receipt.html", receipt=data, case=c, next_task=next_task)
