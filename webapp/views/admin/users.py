"""/admin/users: list and search accounts, add one, change its agency and
roles, deactivate or reactivate it, reset its password. A supervisor sees
the accounts of their agencies and may only unlock one or reset its password
(scope.py). The account page counts the open tasks the person holds; moved to
another agency or deactivated, they go back to the agency's queue in the same
transaction (engine/cases/handover.py) and the message says how many."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length, Regexp, ValidationError

from engine.cases import handover

from ... import throttle, users
from ...extensions import clock, db
from ...labels import agency_name
from . import bp, scope
from .forms import agency_choices, agency_field, role_choices, roles_field

USERNAME = r"^[A-Za-z0-9._-]+$"


class EditForm(FlaskForm):
    display_name = StringField(_l("Display name"), validators=[Length(max=120)])
    agency = agency_field()
    roles = roles_field()

    editing: str = ""   # the username of the account edited, if any

    def validate_roles(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one role."))
        if self.editing == current_user.username and "admin" not in field.data:
            # Nobody locks themselves out of administration by a slip.
            raise ValidationError(_l("You cannot remove your own administrator role."))


class AddForm(EditForm):
    username = StringField(_l("Username"), validators=[
        DataRequired(_l("Enter a username.")), Length(max=64, message=_l("At most 64 characters.")),
        Regexp(USERNAME, message=_l("Use letters, digits, dot, dash or underscore only."))])
    password = PasswordField(_l("First password"), validators=[
        DataRequired(_l("Enter a first password.")),
        Length(min=10, max=200, message=_l("Between 10 and 200 characters."))])

    def validate_username(self, field):
        with db().connect() as conn:
            if users.get_user(conn, field.data or ""):
                raise ValidationError(_l("This username is taken."))

    def validate_agency(self, field):
        # The list starts with an empty choice: a new account's agency is chosen, never defaulted.
        if not field.data:
            raise ValidationError(_l("Choose the person's agency."))


def _with_choices(form, blank: bool = False):
    with db().connect() as conn:
        form.agency.choices = ([("", _("Choose an agency"))] if blank else []) \
            + agency_choices(conn)
    form.roles.choices = role_choices()
    return form


@bp.route("/users")
def users_index():
    q = request.args.get("q", "")[:100]
    state = request.args.get("state", "")
    with db().connect() as conn:
        locked = throttle.locked_accounts(conn, clock().now())
        rows = [r for r in users.list_users(conn, q)
                if STATES.get(state, _any)(r, locked) and scope.user_allowed(conn, r)]
    return render_template("admin/users.html", rows=rows, q=q, state=state,
                           locked=_lock_of(locked), action_form=FlaskForm(), full=scope.full())


def _any(_row, _locked):
    return True


def _lock_of(locked: dict):
    """username -> when its lock lifts, or None (the throttle keys by lower case)."""
    return lambda username: locked.get(username.strip().lower())


# The first screen links to these lists.
STATES = {"active": lambda r, _: r.active, "inactive": lambda r, _: not r.active,
          "must_change": lambda r, _: r.active and r.must_change_password,
          "locked": lambda r, locked: r.username.strip().lower() in locked}


@bp.route("/users/new", methods=["GET", "POST"])
def user_new():
    form = _with_choices(AddForm(), blank=True)
    if not form.validate_on_submit():
        return render_template("admin/user_form.html", form=form, row=None, full=True), \
            422 if form.is_submitted() else 200
    with db().begin() as conn:
        users.create_user(conn, form.username.data, form.agency.data, form.roles.data,
                          form.password.data, form.display_name.data, current_user.username,
                          must_change=True,   # the administrator knows the first password
                          now=clock().now())
    flash(_("Account %(user)s created.", user=form.username.data), "success")
    return redirect(url_for("admin.users_index"))


@bp.route("/users/<username>", methods=["GET", "POST"])
def user_edit(username):
    with db().connect() as conn:
        row = scope.require_user(conn, users.get_user(conn, username))
        locked_until = throttle.locked_until(conn, username, clock().now())
        held = handover.held(conn, username, clock().now())
    shown = dict(row=row, locked_until=locked_until, action_form=FlaskForm(), held=held,
                 held_here=sum(h.count for h in held if h.agency == row.agency_code))
    if not scope.full():
        if request.method == "POST":
            abort(403)   # agency and roles are the administrators' to change
        return render_template("admin/user_form.html", form=None, full=False, **shown)
    form = EditForm(data={"display_name": row.display_name, "agency": row.agency_code,
                          "roles": row.roles.split(",")} if request.method == "GET" else None)
    _with_choices(form)
    form.editing = username
    if not form.validate_on_submit():
        return render_template("admin/user_form.html", form=form, full=True, **shown), \
            422 if form.is_submitted() else 200
    with db().begin() as conn:   # the account and its released tasks commit together
        released = users.update_user(conn, username, form.agency.data, form.roles.data,
                                     form.display_name.data, current_user.username, now=clock().now())
    flash(_saved(username, released), "success")
    return redirect(url_for("admin.users_index"))


def _saved(username: str, released: dict) -> str:
    """The save's flash, saying how many tasks went back to the old agency's queue."""
    num = sum(released.values())
    if not num:
        return _("Account %(user)s saved.", user=username)
    return ngettext("Account %(user)s saved, and the %(num)s open task they held at "
                    "%(agency)s went back to its queue.",
                    "Account %(user)s saved, and the %(num)s open tasks they held at "
                    "%(agency)s went back to its queue.",
                    num, user=username, agency=_agencies(released))


def _agencies(released: dict) -> str:
    """The agencies tasks went back to, by name ("the shared queue" for none)."""
    return "、".join(agency_name(code) or _("the shared queue") for code in released)


@bp.route("/users/<username>/active", methods=["POST"])
def user_active(username):
    FlaskForm().validate_on_submit() or abort(400)
    active = request.form.get("active") == "1"
    if not active and username == current_user.username:
        flash(_("You cannot deactivate your own account."), "error")
        return redirect(url_for("admin.user_edit", username=username))
    with db().begin() as conn:   # the account and its released tasks commit together
        users.get_user(conn, username) or abort(404)
        released = users.change_active(conn, username, active, current_user.username,
                                       now=clock().now()) or {}
    flash(_("%(user)s can sign in again. Old API tokens stay revoked: create new ones "
            "if needed.", user=username) if active else _deactivated(username, released),
          "success")
    return redirect(url_for("admin.users_index"))


def _deactivated(username: str, released: dict) -> str:
    num = sum(released.values())
    if not num:
        return _("%(user)s is deactivated: open sessions ended and API tokens revoked for good.",
                 user=username)
    return ngettext("%(user)s is deactivated: open sessions ended, API tokens revoked for good, "
                    "and the %(num)s open task they held at %(agency)s went back to its queue.",
                    "%(user)s is deactivated: open sessions ended, API tokens revoked for good, "
                    "and the %(num)s open tasks they held at %(agency)s went back to the queue.",
                    num, user=username, agency=_agencies(released))


@bp.route("/users/<username>/password", methods=["POST"])
def user_reset(username):
    FlaskForm().validate_on_submit() or abort(400)
    with db().begin() as conn:
        scope.require_user(conn, users.get_user(conn, username))
        temporary = users.reset_password(conn, username, current_user.username, now=clock().now())
    return render_template("admin/password_reset.html", username=username, temporary=temporary)


@bp.route("/users/<username>/unlock", methods=["POST"])
def user_unlock(username):
    FlaskForm().validate_on_submit() or abort(400)
    with db().begin() as conn:
        scope.require_user(conn, users.get_user(conn, username))
        throttle.unlock(conn, username, current_user.username, now=clock().now())
    flash(_("%(user)s can sign in again at once.", user=username), "success")
    return redirect(url_for("admin.user_edit", username=username))
