"""Log in (a password, throttled across all workers; or the city's single
sign-on, webapp/oidc.py), log out everywhere, switch language."""
import math

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from engine.data import audit

from .. import language_switch, oidc, throttle, users
from ..extensions import clock, db, login_manager
from ..landing import landing_url
from ..security import safe_next, start_session

bp = Blueprint("auth", __name__)
bp.register_blueprint(oidc.bp)   # /login/sso: endpoints auth.oidc.*


@bp.record_once
def _say_it_in_their_language(_state):
    # Flask-Login flashes its own English sentence when a page needs a
    # signed-in user; this one is translated at flash time (localize_callback).
    login_manager.login_message = "Please sign in to see this page."
    login_manager.login_message_category = "info"
    login_manager.localize_callback = _


class LoginForm(FlaskForm):
    username = StringField("username", validators=[DataRequired(), Length(max=64)])
    password = PasswordField("password", validators=[DataRequired(), Length(max=200)])


@bp.route("/login", methods=["GET", "POST"])
@throttle.limiter.limit(throttle.login_rate_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(landing_url(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user, refused = _check_password(form.username.data, form.password.data)
        if user:
            start_session(user)   # `next` (the page they asked for) wins over their first screen
            return redirect(safe_next(request.args.get("next")) or landing_url(user))
        if refused:
            flash(_refusal_message(refused), "error")
            return render_template("auth/login.html", form=form, sso=oidc.enabled()), 429
        flash(_("Wrong username or password."), "error")
    return render_template("auth/login.html", form=form, sso=oidc.enabled())


def _check_password(username: str, password: str):
    """(user, None) when right; (None, Refusal) when throttled; else (None, None),
    the failure counted in the database that every worker shares. Check, password
    and count are one transaction serialised per account (throttle.guarded)."""
    address, now = throttle.client_address(), clock().now()
    with db().begin() as conn:
        return throttle.guarded(conn, username, address, now,
                                lambda: users.authenticate(conn, username, password))


def _refusal_message(refused) -> str:
    minutes = max(1, math.ceil((refused.until - clock().now()).total_seconds() / 60))
    if refused.reason == "account":
        return _("This account is locked after too many wrong passwords. Try again in "
                 "%(minutes)d minutes, or ask an administrator to unlock it.", minutes=minutes)
    return _("Too many wrong passwords from this computer. Try again in %(minutes)d minutes.",
             minutes=minutes)


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        # Out everywhere: cookies saved by any browser of this user stop working.
        with db().begin() as conn:
            users.end_sessions(conn, current_user.id)
            audit.record(conn, case_id=None, at=clock().now(), actor=current_user.username,
                         action="signed_out")
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


@bp.route("/lang/<code>", methods=["POST"])
def set_language(code):
    language_switch.choose(code)
    return redirect(_safe_next(request.form.get("next")))


def _safe_next(target: str | None) -> str:
    """Only same-site paths (security.safe_next), else the person's first screen."""
    if safe_next(target):
        return safe_next(target)
    return landing_url(current_user) if current_user.is_authenticated else url_for("inbox.index")
