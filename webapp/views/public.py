"""Pages for citizens: the petition form (rate-limited), the receipt, the
status page (case number + password) and the satisfaction rating."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from sqlalchemy import insert, select

from engine.data import audit
from engine.cases import queries
from engine.cases.actors import Actor
from engine.data.errors import InvalidData
from engine.data.schema import case, satisfaction, task

from .. import labels, petitions, taskform
from ..extensions import clock, db, runtime
from ..security import rate_limited

bp = Blueprint("public", __name__, url_prefix="/public")
PUBLIC_FIELDS = ("subject", "content", "category", "district", "confidential")
CITIZEN = Actor("citizen", None, frozenset())


def _public_fields(conn):
    by_name = {f.name: f for f in petitions.register_fields(conn)}
    return [by_name[n] for n in PUBLIC_FIELDS if n in by_name]


@bp.route("/petition", methods=["GET", "POST"])
@rate_limited("PUBLIC_RATE_LIMIT")
def petition():
    with db().connect() as conn:
        fields = _public_fields(conn)
    errors = {}
    if request.method == "POST":
        values = taskform.submitted(fields, request.form)
        person = {k: request.form.get(k, "").strip()[:200] for k in ("name", "email", "phone")}
        try:
            with db().connect() as conn:
                clean = petitions.validate_registration(conn, fields, values)
            errors = _person_errors(person)
            if not errors:
                receipt = petitions.start(runtime(), {**clean, "channel": "web"},
                                          actor=CITIZEN, person=person)
                session["public_receipt"] = {"number": receipt.number, "password": receipt.password}
                return redirect(url_for("public.receipt"))
        except InvalidData as exc:
            errors = exc.errors
        flash(_("Please correct the marked fields."), "error")
    return render_template("public/petition.html", fields=fields, errors=errors,
                           values=request.form if request.method == "POST" else {}), \
        (422 if errors else 200)


def _person_errors(person) -> dict:
    # Art. 173: without a real name and a way to reply the petition is not handled.
    errors = {}
    if not person["name"]:
        errors["name"] = _("Please give your name.")
    if not (person["email"] or person["phone"]):
        errors["email"] = _("Please give an e-mail address or a phone number.")
    return errors


@bp.route("/receipt")
def receipt():
    data = session.pop("public_receipt", None)
    if not data:
        return redirect(url_for("public.petition"))
    return render_template("public/receipt.html", receipt=data)


@bp.route("/status", methods=["GET", "POST"])
@rate_limited("PUBLIC_RATE_LIMIT")
def status():
    if request.method == "POST":
        number = (request.form.get("number") or "").strip()[:20]
        with db().connect() as conn:
            row = petitions.check_status_password(conn, number, request.form.get("password", ""))
        if row is not None:
            session["status_case"] = row.number
            return redirect(url_for("public.status_page"))
        flash(_("Case number or password is wrong."), "error")
    return render_template("public/status_form.html")


def _status_case(conn):
    number = session.get("status_case")
    if not number:
        return None
    return conn.execute(select(case).where(case.c.number == number)).first()


@bp.route("/status/case")
def status_page():
    with db().connect() as conn:
        c = _status_case(conn)
        if c is None:
            return redirect(url_for("public.status"))
        stages = conn.execute(select(task.c.name, task.c.candidate_agency, task.c.due_at).where(
            task.c.case_id == c.id, task.c.state == "ready")).all()
        rating = queries.satisfaction_of(conn, c.id)
        reply = queries.reply_of(conn, c)
        names = labels.for_case(conn, c.definition_id)
    return render_template("public/status.html", c=c, stages=stages, rating=rating, reply=reply,
                           labels=names)


@bp.route("/status/rate", methods=["POST"])
def rate():
    now = clock().now()
    with db().begin() as conn:
        c = _status_case(conn)
        if c is None:
            abort(403)
        rating = request.form.get("rating", "")
        if c.status != "completed" or queries.satisfaction_of(conn, c.id) or rating not in ("1", "2", "3", "4", "5"):
            flash(_("The rating could not be saved."), "error")
            return redirect(url_for("public.status_page"))
        conn.execute(insert(satisfaction).values(
            case_id=c.id, rating=int(rating), remark=(request.form.get("remark") or "")[:2000], at=now))
        audit.record(conn, case_id=c.id, at=now, actor="petitioner", action="rate", rating=int(rating))
    flash(_("Thank you for your rating."), "success")
    return redirect(url_for("public.status_page"))
