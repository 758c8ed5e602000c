"""/admin/calendar: the year's days off and make-up working days as the
working calendar computes them, and the administrator's overrides (a typhoon
closure 停班, an extra working day). Declaring or removing one moves the open
deadlines it falls in (engine/cases/calendar_moves.py does it, in one
transaction with its audit rows); the page says how many moved and which.

A closure (停班) may cover the whole city or only the districts ticked: then
only the tasks of the agencies sitting in them move (agency.district)."""
from __future__ import annotations

from collections import Counter
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date, ngettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from engine.cases import calendar_moves
from engine.cases.actors import Actor
from engine.data import agency_order
from engine.data.errors import NotFound
from engine.time import districts as kdistricts
from engine.time.calendar import HOLIDAY, WORKDAY, WorkingCalendar, list_overrides

from ...extensions import clock, db, runtime
from ...i18n import current_locale
from . import bp
from .forms import CheckboxesField, ChoiceField, DayField

FIRST_YEAR, LAST_YEAR = 2000, 2100   # the years the holiday tables are trusted for
KINDS = [(HOLIDAY, _l("Offices closed (停班, e.g. a typhoon)")),
         (WORKDAY, _l("Extra working day"))]


class DistrictsField(CheckboxesField):
    """Kaohsiung's districts as checkboxes; none ticked is the whole city."""

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.type = "CheckboxesField"   # drawn as a fieldset of checkboxes (admin/_form.html)

    def pre_validate(self, form):
        allowed = {value for value, _ in self.choices}
        if any(value not in allowed for value in self.data or []):
            raise ValidationError(_l("Choose the districts from the list."))


class OverrideForm(FlaskForm):
    day = DayField(_l("Day"), validators=[InputRequired(_l("Enter a valid date."))])
    kind = ChoiceField(_l("What happens that day"), _l("Choose one of the options."))
    districts = DistrictsField(_l("Where offices close"))
    reason = StringField(_l("Reason"), validators=[
        DataRequired(_l("Enter the reason, as the announcement says it.")),
        Length(max=200, message=_l("At most 200 characters."))])

    def validate_day(self, field):
        if field.data is None:
            return
        if not FIRST_YEAR <= field.data.year <= LAST_YEAR:
            raise ValidationError(_l("Enter a valid date."))
        with db().connect() as conn:
            working = WorkingCalendar.load(conn).is_working_day(field.data)
        if self.kind.data == HOLIDAY and not working:
            raise ValidationError(_l("This day is already a day off."))
        if self.kind.data == WORKDAY and working:
            raise ValidationError(_l("This day is already a working day."))
        # A closure of more districts on a day closed in others extends it (calendar_moves).

    def validate_districts(self, field):
        if field.data and self.kind.data == WORKDAY:
            raise ValidationError(_l("An extra working day is for the whole city: "
                                     "leave the districts unticked."))


def _form():
    form = OverrideForm()
    form.kind.choices = [(k, str(label)) for k, label in KINDS]
    form.districts.choices = [(d.code, _district_name(d)) for d in kdistricts.all_districts()]
    return form


def _district_name(d) -> str:
    return d.name_en if current_locale().startswith("en") else d.name_zh


@bp.route("/calendar", methods=["GET", "POST"])
def calendar_index():
    form = _form()
    if form.validate_on_submit():
        change = calendar_moves.Change(form.day.data, form.kind.data, form.reason.data.strip(),
                                       frozenset(form.districts.data or ()) or None)
        moves = calendar_moves.declare(runtime(), change, _actor())
        extended = change.districts and moves.closure and moves.closure != change.districts
        flash(_extended_message(moves) if extended else _moved_message(moves.count), "success")
        return redirect(url_for("admin.calendar_index", year=form.day.data.year,
                                moved=moves.audit_id, _anchor="moved-title"))
    year = request.args.get("year", type=int) or clock().now().year
    if not FIRST_YEAR <= year <= LAST_YEAR:
        abort(404)
    return render_template("admin/calendar.html", form=form, year=year, **_year(year),
                           moved=_moved(request.args.get("moved", type=int)),
                           action_form=FlaskForm()), 422 if form.is_submitted() else 200


@bp.route("/calendar/<day>/remove", methods=["POST"])
def calendar_remove(day):
    """Remove the day's override, or with `district` only that district of its closure."""
    FlaskForm().validate_on_submit() or abort(400)
    district = request.form.get("district") or None
    if district is not None and district not in kdistricts.by_code():
        abort(404)
    try:
        when = date.fromisoformat(day)
        moves = calendar_moves.declare(runtime(), calendar_moves.Change(
            when, None, districts=frozenset({district}) if district else None), _actor())
    except (ValueError, NotFound):
        abort(404)
    flash(_reopened_message(district, moves) if district and moves.closure
          else _moved_message(moves.count, removed=True), "success")
    return redirect(url_for("admin.calendar_index", year=when.year, moved=moves.audit_id,
                            _anchor="moved-title"))


def _actor() -> Actor:
    return Actor(current_user.username, current_user.agency, frozenset({"admin"}))


def _moved_message(moved: int, removed: bool = False) -> str:
    if removed:
        return ngettext("Override removed: %(num)s open deadline moved.",
                        "Override removed: %(num)s open deadlines moved.", moved)
    return ngettext("Saved in the calendar: %(num)s open deadline moved.",
                    "Saved in the calendar: %(num)s open deadlines moved.", moved)


def _reopened_message(district: str, moves) -> str:
    return ngettext("Offices in %(district)s open again that day (still closed in %(where)s): "
                    "%(num)s open deadline moved.",
                    "Offices in %(district)s open again that day (still closed in %(where)s): "
                    "%(num)s open deadlines moved.", moves.count,
                    district=_scope([district]), where=_scope(moves.closure))


def _extended_message(moves) -> str:
    return ngettext("Closure extended: offices now close in %(where)s; "
                    "%(num)s open deadline moved.",
                    "Closure extended: offices now close in %(where)s; "
                    "%(num)s open deadlines moved.", moves.count, where=_scope(moves.closure))


def _moved(audit_id: int | None) -> dict | None:
    """The tasks a change moved (its audit row says which), for the table
    shown after saving; None without a change to show."""
    if audit_id is None:
        return None
    with db().connect() as conn:
        found = calendar_moves.recorded(conn, audit_id)
    if found is None:
        return None
    detail, tasks = found
    per_agency = Counter(t.agency or "" for t in tasks)
    return {"day": date.fromisoformat(detail["day"]), "removed": not detail.get("kind"),
            "scope": _scope(detail.get("districts")), "tasks": tasks,
            "per_agency": sorted(per_agency.items(),
                                 key=lambda kv: (-kv[1], agency_order.key(kv[0])))}


def _scope(codes) -> str:
    """全市, or the districts' names joined: what the lists show as "where"."""
    if not codes:
        return str(_l("Whole city"))
    chosen = set(codes)   # in the city's order (苓雅區 before 鳳山區), not the codes'
    return "、".join(_district_name(d) for d in kdistricts.all_districts() if d.code in chosen)


def _year(year: int) -> dict:
    """The overrides and every special day of `year`, each with what a clerk reads."""
    with db().connect() as conn:
        cal = WorkingCalendar.load(conn)
        overrides = {r.day: r for r in list_overrides(conn, year)}
    days = []
    for day, _reason in cal.days_off(year):
        working, row = cal.is_working_day(day), overrides.get(day)
        why = row.reason if row is not None else (
            _l("Make-up working day (補班)") if working else cal.holiday_name(day) or _l("Day off"))
        days.append({"day": day, "weekday": format_date(day, "EEEE"), "working": working,
                     "why": why, "override": row is not None})
    return {"days": days, "overrides": list(overrides.values()),
            "weekday": lambda d: format_date(d, "EEEE"),
            "scope": lambda row: _scope(sorted(kdistricts.decode(row.districts) or ())),
            "closed_in": _closed_in}


def _closed_in(row) -> list[tuple[str, str]]:
    """The districts a closure covers as (code, name), the city's order; none for the city."""
    chosen = kdistricts.decode(row.districts) or ()
    return [(d.code, _district_name(d)) for d in kdistricts.all_districts() if d.code in chosen]
