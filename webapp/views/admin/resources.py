"""/admin/resources: the official cars, drivers and meeting rooms the car
dispatch and venue booking models reserve (engine/resources): list them by
kind with their next booking, add one, edit it (with its upcoming
reservations), deactivate or reactivate it. A deactivated one is no longer
offered or reservable; its past and held bookings stay."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from engine.resources import catalogue, reservations

from ...extensions import clock, db
from ...resource_fields import booking_range
from . import bp
from .forms import ChoiceField

CODE = r"^[A-Z0-9-]+$"
KIND_LABELS = {"car": _l("Official cars and vans"), "driver": _l("Drivers"),
               "room": _l("Meeting rooms and venues")}
KIND_ONE = {"car": _l("Car"), "driver": _l("Driver"), "room": _l("Room or venue")}
# The code the administrator typed, in its own labelled column (a car's is its plate).
KIND_CODE = {"car": _l("Plate number"), "driver": _l("Driver number"), "room": _l("Room code")}
CENTRE_LABELS = {"sihwei": _l("Sihwei Administrative Centre"),
                 "fengshan": _l("Fengshan Administrative Centre")}


class CountField(IntegerField):
    """A whole number, or a message in the catalogue's words (not WTForms' own)."""
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(_l("Enter a whole number.")) from None


class EditForm(FlaskForm):
    name_zh = StringField(_l("Name in Chinese"), validators=[
        DataRequired(_l("Enter the name in Chinese.")), Length(max=120, message=_l("At most 120 characters."))])
    name_en = StringField(_l("Name in English"), validators=[
        DataRequired(_l("Enter the name in English.")), Length(max=160, message=_l("At most 160 characters."))])
    centre = ChoiceField(_l("Administrative centre"), _l("Choose one of the options."))
    capacity = CountField(_l("Capacity"), validators=[
        Optional(), NumberRange(min=1, max=2000, message=_l("Between 1 and 2000."))])

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.centre.choices = [("", _("(none)"))] + [(k, str(v)) for k, v in CENTRE_LABELS.items()]


class AddForm(EditForm):
    kind = ChoiceField(_l("Kind"), _l("Choose one of the options."))
    code = StringField(_l("Code"), validators=[
        DataRequired(_l("Enter a code.")), Length(max=32, message=_l("At most 32 characters.")),
        Regexp(CODE, message=_l("Use capital letters, digits and dashes only, e.g. RBK-2101."))])

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.kind.choices = [(k, str(v)) for k, v in KIND_ONE.items()]

    def validate_code(self, field):
        with db().connect() as conn:
            if catalogue.get(conn, field.data or ""):
                raise ValidationError(_l("This code is taken by another car, driver or room."))


def _values(form, kind: str) -> dict:
    return {"kind": kind, "name_zh": form.name_zh.data.strip(), "name_en": form.name_en.data.strip(),
            "centre": form.centre.data or "", "capacity": form.capacity.data}


def _labels() -> dict:
    return {"kind_labels": KIND_LABELS, "kind_one": KIND_ONE, "kind_code": KIND_CODE,
            "centre_labels": CENTRE_LABELS,
            "booking_range": booking_range}


@bp.route("/resources")
def resources_index():
    now = clock().now()
    with db().connect() as conn:
        rows = catalogue.list_resources(conn)
        upcoming = {r.id: reservations.upcoming(conn, r.id, now, limit=1) for r in rows}
    groups = [(kind, [r for r in rows if r.kind == kind]) for kind in catalogue.KINDS]
    return render_template("admin/resources.html", groups=groups, upcoming=upcoming,
                           action_form=FlaskForm(), **_labels())


@bp.route("/resources/new", methods=["GET", "POST"])
def resource_new():
    form = AddForm(data={"kind": request.args.get("kind", "car")} if request.method == "GET" else None)
    if not form.validate_on_submit():
        return render_template("admin/resource_form.html", form=form, row=None, bookings=[],
                               **_labels()), 422 if form.is_submitted() else 200
    with db().begin() as conn:
        catalogue.create(conn, form.code.data, _values(form, form.kind.data),
                         current_user.username, clock().now())
    flash(_("%(name)s added.", name=form.name_zh.data), "success")
    return redirect(url_for("admin.resources_index"))


@bp.route("/resources/<code>", methods=["GET", "POST"])
def resource_edit(code):
    with db().connect() as conn:
        row = catalogue.get(conn, code) or abort(404)
        bookings = reservations.upcoming(conn, row.id, clock().now(), limit=50)
    data = {k: getattr(row, k) for k in ("name_zh", "name_en", "centre", "capacity")} \
        if request.method == "GET" else None
    form = EditForm(data=data)
    if not form.validate_on_submit():
        return render_template("admin/resource_form.html", form=form, row=row, bookings=bookings,
                               **_labels()), 422 if form.is_submitted() else 200
    with db().begin() as conn:
        catalogue.update_resource(conn, code, _values(form, row.kind), current_user.username,
                                  clock().now())
    flash(_("%(name)s saved.", name=form.name_zh.data), "success")
    return redirect(url_for("admin.resources_index"))


@bp.route("/resources/<code>/active", methods=["POST"])
def resource_active(code):
    FlaskForm().validate_on_submit() or abort(400)
    active = request.form.get("active") == "1"
    with db().begin() as conn:
        row = catalogue.get(conn, code) or abort(404)
        catalogue.set_active(conn, code, active, current_user.username, clock().now())
    flash(_("%(name)s is in service again.", name=row.name_zh) if active else
          _("%(name)s is out of service: it is no longer offered or reserved. "
            "Its bookings stay.", name=row.name_zh), "success")
    return redirect(url_for("admin.resources_index"))
