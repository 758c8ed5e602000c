"""/admin/tokens: API tokens with a name and an expiry; the secret is shown
once, at creation, and never again; revoke."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import StringField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from engine.data.schema import app_user
from engine.time.clock import TAIPEI

from ... import users
from ...extensions import clock, db
from . import bp
from .forms import ChoiceField, DayField

DEFAULT_DAYS = 90


class TokenForm(FlaskForm):
    username = ChoiceField(_l("For the account"), _l("Choose an account from the list."))
    label = StringField(_l("Name (what the token is for)"), validators=[
        DataRequired(_l("Name the token, e.g. the system that uses it.")),
        Length(max=120, message=_l("At most 120 characters."))])
    expires = DayField(_l("Valid until (inclusive)"), validators=[
        InputRequired(_l("Enter the last day the token works."))])

    def validate_expires(self, field):
        if field.data and field.data <= _today():
            raise ValidationError(_l("Choose a day after today."))


def _today():
    # The app's clock, as users.user_for_token measures expiry against.
    return clock().now().astimezone(TAIPEI).date()


def _form():
    form = TokenForm()
    with db().connect() as conn:
        names = conn.execute(select(app_user.c.username, app_user.c.display_name)
                             .where(app_user.c.active.is_(True))
                             .order_by(app_user.c.username)).all()
    form.username.choices = [(r.username, f"{r.display_name} ({r.username})") for r in names]
    if not form.is_submitted():
        form.expires.data = _today() + timedelta(DEFAULT_DAYS)
    return form


def _page(form, secret=None, status=200):
    with db().connect() as conn:
        rows = users.list_tokens(conn)
    return render_template("admin/tokens.html", form=form, rows=rows, secret=secret,
                           now=clock().now(), last_day=_last_day,
                           action_form=FlaskForm()), status


def _last_day(expires_at):
    # A token stored as expiring at 00:00 works through the day before.
    return expires_at - timedelta(microseconds=1)


@bp.route("/tokens")
def tokens_index():
    return _page(_form())


@bp.route("/tokens", methods=["POST"])
def token_create():
    form = _form()
    if not form.validate_on_submit():
        return _page(form, status=422)
    # The token works through the whole chosen day, Taipei time.
    until = datetime.combine(form.expires.data + timedelta(days=1), time(), TAIPEI)
    with db().begin() as conn:
        secret = users.create_token(conn, form.username.data, form.label.data, until,
                                    actor=current_user.username, now=clock().now())
    flash(_("Token created. Copy it now: it is not shown again."), "success")
    return _page(_form(), secret=secret)


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
def token_revoke(token_id):
    FlaskForm().validate_on_submit() or abort(400)
    with db().begin() as conn:
        done = users.revoke_token(conn, token_id, current_user.username, now=clock().now())
    flash(_("Token revoked: it no longer works.") if done else
          _("This token was revoked already."), "success" if done else "error")
    return redirect(url_for("admin.tokens_index"))
