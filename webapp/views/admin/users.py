"""/admin/users: list and search accounts, add one, change its agency and
roles, deactivate or reactivate it, reset its password. A supervisor sees
the accounts of their agencies and may only unlock one or reset its password
(scope.py)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length, Regexp, ValidationError

from ... import throttle, users
from ...extensions import clock, db
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


def _with_choices(form):
    with db().connect() as conn:
        form.agency.choices = agency_choices(conn)
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
    form = _with_choices(AddForm())
    if not form.validate_on_submit():
        return render_template("admin/user_form.html", form=form, row=None, full=True), \
            422 if form.is_submitted() else 200
    with db().begin() as conn:
        users.create_user(conn, form.username.data, form.agency.data, form.roles.data,
                          form.password.data, form.display_name.data, current_user.username)
    flash(_("Account %(user)s created.", user=form.username.data), "success")
    return redirect(url_for("admin.users_index"))


@bp.route("/users/<username>", methods=["GET", "POST"])
def user_edit(username):
    with db().connect() as conn:
        row = scope.require_user(conn, users.get_user(conn, username))
        locked_until = throttle.locked_until(conn, username, clock().now())
    if not scope.full():
        if request.method == "POST":
            abort(403)   # agency and roles are the administrators' to change
        return render_template("admin/user_form.html", form=None, row=row, full=False,
                               locked_until=locked_until, action_form=FlaskForm())
    form = EditForm(data={"display_name": row.display_name, "agency": row.agency_code,
                          "roles": row.roles.split(",")} if request.method == "GET" else None)
    _with_choices(form)
    form.editing = username
    if not form.validate_on_submit():
        return render_template("admin/user_form.html", form=form, row=row, full=True,
                               locked_until=locked_until, action_form=FlaskForm()), \
            422 if form.is_submitted() else 200
    with db().begin() as conn:
        users.update_user(conn, username, form.agency.data, form.roles.data,
                          form.display_name.data, current_user.username)
    flash(_("Account %(user)s saved.", user=username), "success")
    return redirect(url_for("admin.users_index"))


@bp.route("/users/<username>/active", methods=["POST"])
def user_active(username):
    FlaskForm().validate_on_submit() or abort(400)
    active = request.form.get("active") == "1"
    if not active and username == current_user.username:
        flash(_("You cannot deactivate your own account."), "error")
        return redirect(url_for("admin.user_edit", username=username))
    with db().begin() as conn:
        users.get_user(conn, username) or abort(404)
        users.set_active(conn, username, active, current_user.username)
    flash(_("%(user)s can sign in again. Old API tokens stay revoked: create new ones "
            "if needed.", user=username) if active else
          _("%(user)s is deactivated: open sessions ended and API tokens revoked for good.",
            user=username), "success")
    return redirect(url_for("admin.users_index"))


@bp.route("/users/<username>/password", methods=["POST"])
def user_reset(username):
    FlaskForm().validate_on_submit() or abort(400)
    with db().begin() as conn:
        scope.require_user(conn, users.get_user(conn, username))
        temporary = users.reset_password(conn, username, current_user.username)
    return render_template("admin/password_reset.html", username=username, temporary=temporary)


@bp.route("/users/<username>/unlock", methods=["POST"])
def user_unlock(username):
    FlaskForm().validate_on_submit() or abort(400)
    with db().begin() as conn:
        scope.require_user(conn, users.get_user(conn, username))
        throttle.unlock(conn, username, current_user.username)
    flash(_("%(user)s can sign in again at once.", user=username), "success")
    return redirect(url_for("admin.user_edit", username=username))
