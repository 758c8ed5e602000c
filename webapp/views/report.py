"""The period report (定期報告) the department gives the city council: a
printable page in ROC dates and the same numbers as a spreadsheet.
Supervisors, analysts and administrators; an agency's supervisor sees their
agency's rows only (engine/report/period.py)."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from engine.report import period as engine_report
from engine.report.period import PRESETS, PeriodError

from .. import access, labels
from ..access import roles_required
from ..export import xlsx_response
from ..extensions import clock, db
from ..i18n import TAIPEI, current_locale, local_dt, roc_date
from ..report_tables import Words, sections, to_sheets

bp = Blueprint("report", __name__, url_prefix="/report")
ROLES = ("supervisor", "analyst", "admin")
DEPARTMENT = ("KCG", engine_report.DEPARTMENT)


def _period():
    """(start, end) from ?from=&to= or ?preset=; this half-year by default."""
    today = clock().now().astimezone(TAIPEI).date()
    args = request.args
    if args.get("from") or args.get("to"):
        return engine_report.parse_day(args.get("from")), engine_report.parse_day(args.get("to"))
    return engine_report.preset(args.get("preset") or "half", today)


def _build():
    start, end = _period()
    with db().connect() as conn:
        data = engine_report.period_report(conn, access.viewer(), start, end, clock().now())
        words = Words(engine_report.choice_words(conn), labels.agency_names(conn))
    return data, words


def roc_range(start, end) -> str:
    """民國115年1月1日–115年6月30日 (one 民國); ISO dates in English."""
    if current_locale() == "en":
        return f"{start.isoformat()} – {end.isoformat()}"
    return f"{roc_date(start)}–{roc_date(end).removeprefix('民國')}"


def _department(words: Words) -> str:
    names = [words.agency(code) for code in DEPARTMENT]
    return " ".join(names) if current_locale() == "en" else "".join(names)


@bp.route("/")
@roles_required(*ROLES)
def index():
    return _answer(_page)


@bp.route("/report.xlsx")
@roles_required(*ROLES)
def download():
    return _answer(_spreadsheet)


def _answer(respond):
    """Build the report for the asked period, or say why the period is refused."""
    try:
        data, words = _build()
    except PeriodError as exc:
        error = _(exc.message) + (f" ({exc.value})" if exc.value is not None else "")
        return render_template("report/index.html", error=error, presets=PRESETS,
                               args=request.args), 400
    return respond(data, words)


def _page(data, words):
    scope = data["scope"]["agency"]
    return render_template("report/index.html", data=data, secs=sections(data, words),
                           period=roc_range(data["period"]["start"], data["period"]["end"]),
                           department=_department(words), presets=PRESETS, args=request.args,
                           scope_name=words.agency(scope) if scope else None)


def _spreadsheet(data, words):
    p, scope = data["period"], data["scope"]["agency"]
    cover = [[_("Department"), _department(words)],
             [_("Period"), roc_range(p["start"], p["end"])],
             [_("From"), p["start"]], [_("To"), p["end"]], [_("Days"), p["days"]],
             [_("Agency"), words.agency(scope) if scope else _("All agencies")],
             [_("Generated"), local_dt(data["generated_at"])]]
    name = f"period-report-{p['start'].isoformat()}-{p['end'].isoformat()}.xlsx"
    return xlsx_response(name, to_sheets(sections(data, words), cover))
