"""/admin/agencies: the city's agencies with their parent and kind, by name;
add one, rename it, change its parent (refusing a cycle), deactivate or
reactivate it, say in which district it sits (a typhoon closure 停班 of that
district closes it; webapp/agencies.py writes each change with its audit row;
moving it to another district moves the open deadlines a closure changes,
engine/cases/district_moves.py, in the same transaction)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from engine.cases import district_moves
from engine.cases.actors import Actor
from engine.time import districts as kdistricts

from ... import agencies
from ...extensions import db, runtime
from ...i18n import current_locale
from ...labels import agency_name
from . import bp
from .forms import ChoiceField, agency_choices

CODE = r"^[A-Z0-9_-]+$"
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"   # the mail server is the real check
KIND_LABELS = {"government": _l("City government"), "bureau": _l("Bureau"),
               "office": _l("Office"), "commission": _l("Commission"),
               "committee": _l("Committee"), "district": _l("District office")}


class EditForm(FlaskForm):
    name_zh = StringField(_l("Name in Chinese"), validators=[
        DataRequired(_l("Enter the name in Chinese.")), Length(max=120, message=_l("At most 120 characters."))])
    name_en = StringField(_l("Name in English"), validators=[
        DataRequired(_l("Enter the name in English.")), Length(max=160, message=_l("At most 160 characters."))])
    kind = ChoiceField(_l("Kind"), _l("Choose one of the options."))
    parent_code = ChoiceField(_l("Parent agency"), _l("Choose an agency from the list."))
    email = EmailField(_l("E-mail"), validators=[
        Optional(), Regexp(EMAIL, message=_l("Enter a valid e-mail address.")), Length(max=200)])
    district = ChoiceField(_l("District where it sits"), _l("Choose the district from the list."),
                           default="")

    editing: str = ""   # the code of the agency edited, if any

    def validate_parent_code(self, field):
        if self.editing and field.data:
            with db().connect() as conn:
                if agencies.would_cycle(conn, self.editing, field.data):
                    raise ValidationError(_l("This agency is under the one you edit: "
                                             "an agency cannot be its own superior."))


class AddForm(EditForm):
    code = StringField(_l("Code"), validators=[
        DataRequired(_l("Enter a code.")), Length(max=32, message=_l("At most 32 characters.")),
        Regexp(CODE, message=_l("Use capital letters, digits, dash or underscore only."))])

    def validate_code(self, field):
        with db().connect() as conn:
            if agencies.get_agency(conn, field.data or ""):
                raise ValidationError(_l("This code is taken."))


def _with_choices(form, editing: str = "", parent: str | None = None):
    form.kind.choices = [(k, str(label)) for k, label in KIND_LABELS.items()]
    with db().connect() as conn:
        offered = agency_choices(conn, leave_out={editing})
    if parent and parent not in {c.value for c in offered}:
        offered.append(SelectChoice(parent, agency_name(parent)))   # a deactivated parent stays choosable
    form.parent_code.choices = [("", _("(none: the top of the hierarchy)"))] + offered
    form.district.choices = [("", _("(not set)"))] + district_choices()
    form.editing = editing
    return form


def district_choices() -> list[tuple[str, str]]:
    """Kaohsiung's districts as (code, name in the viewer's language), the city's order."""
    english = current_locale().startswith("en")
    return [(d.code, d.name_en if english else d.name_zh) for d in kdistricts.all_districts()]


def district_label(code) -> str:
    return dict(district_choices()).get(code, code or "")


def _values(form) -> dict:
    return {k: (getattr(form, k).data or "").strip() for k in agencies.FIELDS}


@bp.route("/agencies")
def agencies_index():
    with db().connect() as conn:
        rows = agencies.list_agencies(conn)
    return render_template("admin/agencies.html", rows=rows, action_form=FlaskForm(),
                           kind_label=lambda k: KIND_LABELS.get(k, k),
                           district_label=district_label)


@bp.route("/agencies/new", methods=["GET", "POST"])
def agency_new():
    form = _with_choices(AddForm())
    if not form.validate_on_submit():
        return render_template("admin/agency_form.html", form=form, row=None), \
            422 if form.is_submitted() else 200
    with db().begin() as conn:
        agencies.create_agency(conn, form.code.data, _values(form), current_user.username)
    flash(_("Agency %(name)s added.", name=form.name_zh.data), "success")
    return redirect(url_for("admin.agencies_index"))


@bp.route("/agencies/<code>", methods=["GET", "POST"])
def agency_edit(code):
    with db().connect() as conn:
        row = agencies.get_agency(conn, code) or abort(404)
    data = {k: getattr(row, k) or "" for k in agencies.FIELDS} if request.method == "GET" else None
    form = _with_choices(EditForm(data=data), editing=code, parent=row.parent_code)
    if not form.validate_on_submit():
        return render_template("admin/agency_form.html", form=form, row=row), \
            422 if form.is_submitted() else 200
    moves = district_moves.rehome(runtime(), code, _actor(), lambda conn: agencies.update_agency(
        conn, code, _values(form), current_user.username))
    flash(_saved_message(form.name_zh.data, moves), "success")
    return redirect(url_for("admin.agencies_index"))


def _actor() -> Actor:
    return Actor(current_user.username, current_user.agency, frozenset({"admin"}))


def _saved_message(name: str, moves) -> str:
    """Saved; after a change of district, how many open deadlines a typhoon
    closure (停班) of the old or the new district moved (the audit row says so)."""
    if moves.audit_id is None:
        return _("Agency %(name)s saved.", name=name)
    return _("Agency %(name)s saved. Open deadlines moved by a closure of its old or its "
             "new district: %(num)s.", name=name, num=moves.count)


@bp.route("/agencies/<code>/active", methods=["POST"])
def agency_active(code):
    FlaskForm().validate_on_submit() or abort(400)
    active = request.form.get("active") == "1"
    with db().begin() as conn:
        row = agencies.get_agency(conn, code) or abort(404)
        agencies.set_active(conn, code, active, current_user.username)
    flash(_("%(name)s is active again.", name=row.name_zh) if active else
          _("%(name)s is deactivated: it is no longer offered for accounts and parents.",
            name=row.name_zh), "success")
    return redirect(url_for("admin.agencies_index"))
