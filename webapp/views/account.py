"""The signed-in user's own account: choosing a new password, which a user
whose password an administrator reset must do before any other page; and
the last sign-in, recorded when Flask-Login signs someone in."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, user_logged_in
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from .. import users
from ..extensions import clock, db
from ..landing import landing_url
from ..security import EPOCH

bp = Blueprint("account", __name__)
# Pages a user who must change the password may still reach.
OPEN_ENDPOINTS = {"account.password", "auth.logout", "auth.set_language", "static"}


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[
        DataRequired(_l("Enter your current password."))])
    new = PasswordField(_l("New password"), validators=[
        DataRequired(_l("Enter a new password.")),
        Length(min=10, max=200, message=_l("Between 10 and 200 characters."))])
    repeat = PasswordField(_l("New password again"), validators=[
        EqualTo("new", message=_l("The two new passwords differ."))])

    def validate_current(self, field):
        with db().connect() as conn:
            if not users.check_password(conn, current_user.id, field.data or ""):
                raise ValidationError(_l("This is not your current password."))

    def validate_new(self, field):
        if field.data and field.data == self.current.data:
            raise ValidationError(_l("Choose a password different from the current one."))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    form = PasswordForm()
    if not form.validate_on_submit():
        return render_template("account/password.html", form=form), \
            422 if form.is_submitted() else 200
    with db().begin() as conn:
        epoch = users.change_password(conn, current_user.id, form.new.data, now=clock().now())
    session[EPOCH] = epoch   # this browser stays signed in; every other session ends
    flash(_("Your new password is saved."), "success")
    return redirect(landing_url(current_user))


@bp.before_app_request
def _must_change_password():
    # The cheap path test first: it spares a machine API request loading the user.
    if (not _is_api() and current_user.is_authenticated
            and getattr(current_user, "must_change_password", False)
            and request.endpoint not in OPEN_ENDPOINTS):
        # A new account and a reset one alike: the administrator knows the password.
        flash(_("An administrator set your password: choose your own to continue."), "info")
        return redirect(url_for("account.password"))
    return None


def _is_api() -> bool:
    # Bearer-token clients have no browser to change a password in.
    return request.path.startswith(("/api/", "/open311/"))


@user_logged_in.connect
def _record_sign_in(app, user, **_extra):
    with app.extensions["civicflow.db"].begin() as conn:
        users.record_sign_in(conn, int(user.get_id()), now=clock().now())
