"""The period report (定期報告) the department gives the city council: a
printable page in ROC dates and the same numbers as a spreadsheet.
Supervisors, analysts and administrators, and the staff of the department
and of 研考會 who write the council's report; an agency's supervisor sees their
agency's rows only (engine/report/period.py), issued in the agency's own name,
and gets them as a Word document for their director (the council's document
stays its writers')."""
from __future__ import annotations

from functools import wraps
from urllib.parse import quote

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale, gettext as _
from flask_login import current_user, login_required

from engine.board import scope as board_scope
from engine.report import layout, placeholders, prose
from engine.report import period as engine_report
from engine.report.period import PRESETS, Period, PeriodError

from .. import access, labels
from ..export import XLSX_TYPE, xlsx_bytes
from ..extensions import clock, db
from ..i18n import TAIPEI, current_locale, local_dt, roc_date
from ..labels import _pick
from ..report_docx import build as build_docx, build_period, placeholder_texts, roc_period
from ..report_sections import sections
from ..report_tables import Words, to_sheets
from ..roc_dates import NotADate, parse_roc_date

bp = Blueprint("report", __name__, url_prefix="/report")
ROLES = ("supervisor", "analyst", "admin")


def may_read() -> bool:
    """Supervisors, analysts and administrators (an agency's own rows), and
    the staff of the council report's writers (the department, 研考會)."""
    return current_user.is_authenticated and (
        current_user.has_role(*ROLES) or board_scope.reads_city_report(access.viewer()))


def readers_only(view):
    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        return view(*args, **kwargs) if may_read() else abort(403)
    return wrapper


@bp.app_context_processor
def _navigation():
    return {"may_read_report": may_read}
CITY = "KCG"
# What a file holds, in its Chinese name and its ASCII fallback.
KINDS = {"period": ("定期報告", "period-report"), "council": ("業務報告", "council-report")}


def _period():
    """(start, end) from ?from=&to= or ?preset=; this half-year by default."""
    today = clock().now().astimezone(TAIPEI).date()
    args = request.args
    if args.get("from") or args.get("to"):
        return _day(args.get("from")), _day(args.get("to"))
    return engine_report.preset(args.get("preset") or "half", today)


def _day(text):
    """A bound as the form's field gives it: 115/07/01 (or an ISO date, as links carry)."""
    try:
        day = parse_roc_date(text)
    except NotADate:
        day = None
    if day is None:
        raise PeriodError("not a date (115/07/01 or YYYY-MM-DD)", text or "")
    return day


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


def _issuer(words: Words, agency: str | None) -> str:
    """Who issues the report: the department for the whole city's, else the
    agency whose rows it holds (高雄市政府工務局). A district office is the
    city's, not its government's: 高雄市鹽埕區公所."""
    code, city = agency or board_scope.DEPARTMENT, words.agency(CITY)
    if code.startswith("D-"):
        city = city.removesuffix("政府").removesuffix(" Government")
    name = words.agency(code)
    return f"{city} {name}" if current_locale() == "en" else city + name


def _file_names(data: dict, words: Words, kind: str, ext: str) -> tuple[str, str]:
    """(工務局定期報告_115年11月.xlsx, PWB-period-report-1151101-1151130.xlsx):
    the agency's name and the ROC period as officials file it, whatever the
    reader's language; the ASCII name (ROC yyymmdd) for clients without RFC 6266."""
    p, code = data["period"], data["scope"]["agency"] or board_scope.DEPARTMENT
    zh, en = KINDS[kind]
    agency = (words.agencies.get(code) or (code,))[0] or code
    when = roc_period(p["start"], p["end"]).removeprefix("中華民國")
    digits = f"{_roc_digits(p['start'])}-{_roc_digits(p['end'])}"
    return f"{agency}{zh}_{when}.{ext}", f"{code}-{en}-{digits}.{ext}"


def _roc_digits(day) -> str:
    return f"{day.year - 1911:03d}{day.month:02d}{day.day:02d}"


def _attachment(body: bytes, mimetype: str, names: tuple[str, str]) -> Response:
    name, fallback = names
    resp = Response(body, mimetype=mimetype)
    # RFC 6266: browsers keep the UTF-8 name, older clients the ASCII one.
    resp.headers["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}")
    return resp


@bp.route("/")
@readers_only
def index():
    return _answer(_page)


@bp.route("/report.xlsx")
@readers_only
def download():
    return _answer(_spreadsheet)


def _answer(respond):
    """Build the report for the asked period, or say why the period is refused."""
    try:
        data, words = _build()
    except PeriodError as exc:
        return _refused(exc)
    return respond(data, words)


def _refused(exc: PeriodError):
    error = _(exc.message) + (f" ({exc.value})" if exc.value is not None else "")
    return render_template("report/index.html", error=error, presets=PRESETS, args=request.args), 400


def _page(data, words):
    return render_template("report/index.html", data=data, secs=sections(data, words),
                           period=roc_range(data["period"]["start"], data["period"]["end"]),
                           issuer=_issuer(words, data["scope"]["agency"]), presets=PRESETS,
                           args=request.args, can_edit=writes_city_report())


def _spreadsheet(data, words):
    p, scope = data["period"], data["scope"]["agency"]
    # One agency row: the issuer; the department's report says it covers every agency.
    covers = [] if scope else [[_("Covers"), _("All agencies")]]
    cover = [[_("Agency"), _issuer(words, scope)], *covers,
             [_("Period"), roc_range(p["start"], p["end"])],
             [_("From"), roc_date(p["start"])], [_("To"), roc_date(p["end"])], [_("Days"), p["days"]],
             [_("Generated"), local_dt(data["generated_at"])]]
    body = xlsx_bytes(to_sheets(sections(data, words), cover))
    return _attachment(body, XLSX_TYPE, _file_names(data, words, "period", "xlsx"))


# ---- the document for the city council, and its prose -------------------------
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PROSE_ERRORS = {"unknown_placeholder": "Unknown placeholder: %(names)s. Use only the figures listed.",
                "too_long": "At most %(max)s characters (this text has %(length)s)."}


def writes_city_report() -> bool:
    """Those who write the council's report: the whole city's document and its wording."""
    return board_scope.reads_city_report(access.viewer())


@bp.route("/report.docx")
@readers_only
def document():
    # The council's document covers every agency: its writers'. Anyone else
    # gets the page's own figures, scoped as the page is (period.Scope).
    return _answer(_document if writes_city_report() else _agency_document)


def _document(data, words):
    p = data["period"]
    period = Period(p["start"], p["end"])
    with force_locale("zh_TW"):   # the council's document is in Chinese, whoever downloads it
        tables = {t.key: t for sec in sections(data, words) for t in sec.tables}
    title = roc_period(p["start"], p["end"])
    with db().connect() as conn:
        texts = prose.texts(conn, period)
    body = build_docx(tables, texts, placeholder_texts(placeholders.values(data), title), title)
    return _attachment(body, DOCX, _file_names(data, words, "council", "docx"))


def _agency_document(data, words):
    """An agency's period report for its director: the page's sections as a document."""
    scope, p = data["scope"]["agency"], data["period"]
    if scope is None:
        abort(403)   # the whole city's figures go out as the council's document only
    with force_locale("zh_TW"):   # filed in Chinese, whoever downloads it
        title = _issuer(words, scope) + _("Period report")
        generated = f"{_('Figures computed from the case records on')} {local_dt(data['generated_at'])}"
        secs = sections(data, words)
    body = build_period(title, roc_period(p["start"], p["end"]), generated, secs)
    return _attachment(body, DOCX, _file_names(data, words, "period", "docx"))


@bp.route("/prose", methods=["GET", "POST"])
@readers_only
def prose_page():
    if not writes_city_report():
        abort(403)
    try:
        start, end = _period()
        period = Period(start, end)
    except PeriodError as exc:
        return _refused(exc)
    errors, posted = {}, None
    if request.method == "POST":
        posted = {s.key: request.form[f"prose-{s.key}"] for s in layout.sections()
                  if f"prose-{s.key}" in request.form}
        errors = _save_prose(period, posted)
        if not errors:
            flash(_("The report's wording for this period is saved."), "success")
            return redirect(url_for("report.prose_page", **{"from": start.isoformat(), "to": end.isoformat()}))
    with db().connect() as conn:
        kept, texts = prose.load(conn, period), prose.texts(conn, period)
    return render_template("report/prose.html", chapters=layout.CHAPTERS, layout=layout,
                           texts={**texts, **(posted or {})}, kept=kept, errors=errors, start=start, end=end,
                           period=roc_range(start, end), meanings=placeholders.MEANINGS,
                           pick=_pick), 400 if errors else 200


def _save_prose(period, posted) -> dict:
    """{section: zh-TW message} when refused, else {} (saved with its audit row)."""
    try:
        with db().begin() as conn:
            prose.save(conn, period, posted, current_user.username, clock().now())
    except prose.ProseRefused as refused:
        return {key: _(PROSE_ERRORS[code], **params) for key, (code, params) in refused.problems.items()}
    return {}
