"""/admin/audit: the audit trail searched by case number, user, action and
date range (Taipei days); the same search as CSV."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from engine.data import audit_search
from engine.data.audit_search import AuditFilter
from engine.time.clock import TAIPEI
from engine.time.deadlines import as_utc

from ...export import Sheet, csv_response
from ...extensions import db
from ...i18n import taipei_dt
from . import bp
from .actions import action_name, actor_account, actor_name, record_action
from .audit_words import DetailWords
from .forms import DayField


class AuditForm(FlaskForm):
    class Meta:
        csrf = False   # a GET search changes nothing

    case_number = StringField(_l("Case number"), validators=[Optional(), Length(max=20)])
    actor = StringField(_l("User (username)"), validators=[Optional(), Length(max=64)])
    action = SelectField(_l("Action"), choices=[], validate_choice=False)
    since = DayField(_l("From (date)"), validators=[Optional()])
    until = DayField(_l("To (date, inclusive)"), validators=[Optional()])

    def validate_until(self, field):
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("The end date is before the start date."))


def _filter(form: AuditForm) -> AuditFilter:
    def start(day):
        return as_utc(datetime.combine(day, time(), TAIPEI)) if day else None
    return AuditFilter(form.case_number.data or "", form.actor.data or "", form.action.data or "",
                       start(form.since.data),
                       start(form.until.data + timedelta(days=1)) if form.until.data else None)


def _form(conn) -> AuditForm:
    form = AuditForm(request.args)
    form.action.choices = [("", _("Any action"))] + sorted(
        ((a, action_name(a)) for a in audit_search.actions(conn)), key=lambda pair: pair[1])
    return form


@bp.route("/audit")
def audit_index():
    with db().connect() as conn:
        form = _form(conn)
        valid = form.validate()
        rows = audit_search.search(conn, _filter(form)) if valid else []
        detail = DetailWords(conn, rows)   # reads the page's names in one query
    return render_template("admin/audit.html", form=form, rows=rows, limit=audit_search.PAGE,
                           detail=detail, record_action=record_action,
                           actor_name=actor_name, actor_account=actor_account), 200 if valid else 422


@bp.route("/audit.csv")
def audit_csv():
    with db().connect() as conn:
        form = _form(conn)
        if not form.validate():
            return audit_index()
        rows = audit_search.search(conn, _filter(form), audit_search.EXPORT_LIMIT)
        detail = DetailWords(conn, rows, listed=True)   # and each task a record moved
    sheet = Sheet(_("Audit trail"), [_("No."), _("Time"), _("User"), _("Account"), _("Action"),
                                     _("Case number"), _("Details")],
                  [[r.id, taipei_dt(r.at), actor_name(r.actor), actor_account(r.actor) or "",
                    record_action(r.action, r.detail), r.case_number or "",
                    detail(r.detail, r.case_number, r.actor, r.action)]
                   for r in rows])
    return csv_response("audit.csv", sheet)

