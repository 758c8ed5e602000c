"""The period report (定期報告) the department gives the city council: a
printable page in ROC dates and the same numbers as a spreadsheet.
Supervisors, analysts and administrators, and the staff of the department
and of 研考會 who write the council's report. `?agency=` chooses whose rows
(engine/report/scope.py): the writers any agency or the whole city, a
supervisor one of the agencies the deadline board shows him or all of them
(the board's link carries its filter); an agency's report is issued in its
own name, and comes as a Word document for its director (the council's
document is the whole city's, its writers'). An agency the viewer may not
read is refused beside the choice, never replaced by his own."""
from __future__ import annotations

from functools import wraps
from urllib.parse import quote

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale, gettext as _
from flask_login import current_user, login_required

from engine.board import scope as board_scope
from engine.report import layout, placeholders, prose
from engine.report import period as engine_report
from engine.report import scope as report_scope
from engine.report.period import PRESETS, Period, PeriodError

from .. import access, agency_groups, labels, report_headings
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
        data = engine_report.period_report(conn, access.viewer(), start, end, clock().now(),
                                           request.args.get("agency"))
        words = Words(engine_report.choice_words(conn), labels.agency_names(conn))
    return data, words


def _choices() -> list:
    """The agencies the viewer may choose, as every agency list reads (webapp/agency_groups)."""
    with db().connect() as conn:
        codes = report_scope.readable(conn, access.viewer())
        return agency_groups.arrange(board_scope.agency_choices(conn, codes))


def _covers(words: Words, scope: dict) -> str | None:
    """What the report covers beyond its issuer: every agency (the city's),
    or the issuer and the agencies under it (a supervisor's all); None: its own."""
    if scope["agency"] is None:
        return _("All agencies")
    under = len(scope["agencies"]) - 1
    if not under:
        return None
    return _("%(agency)s and the %(count)s agencies under it",
             agency=words.agency(scope["agency"]), count=under)


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
    """Build the report for the asked period and agency, or say why either is refused."""
    try:
        data, words = _build()
    except PeriodError as exc:
        return _refused(exc)
    except report_scope.NotReadable as exc:
        return _not_readable(exc)
    return respond(data, words)


def _refused(exc: PeriodError):
    error = _(exc.message) + (f" ({exc.value})" if exc.value is not None else "")
    return _render(error=error), 400


def _not_readable(exc):
    """403 for an agency outside the viewer's reach, named as he knows it;
    400 for no such agency. The choice stays beside the error, or, when he
    reads one agency only, the way to its report; the period asked is kept."""
    choices, start, end = _choices(), *_period()
    if exc.known:
        with db().connect() as conn:
            name = Words({}, labels.agency_names(conn)).agency(exc.code)
        error = _("%(agency)s is not an agency whose report you may read.", agency=name)
    else:
        error = _("There is no agency “%(code)s”.", code=exc.code[:40])
    return (_render(agency_error=error, choices=choices, days=(start, end)),
            403 if exc.known else 400)


def _page(data, words):
    council = data["scope"]["agency"] is None
    return _render(data=data, secs=sections(data, words), council=council,
                   period=roc_range(data["period"]["start"], data["period"]["end"]),
                   issuer=_issuer(words, data["scope"]["agency"]), covers=_covers(words, data["scope"]),
                   can_edit=council)   # only the council report's writers read the whole city


def _render(**page):
    """The page with its controls: the period's, and the agencies to choose
    from (the whole city first for the council report's writers)."""
    page.setdefault("choices", _choices())
    return render_template("report/index.html", whole_city=writes_city_report(),
                           presets=PRESETS, args=request.args, **page)


def _spreadsheet(data, words):
    p, scope = data["period"], data["scope"]["agency"]
    # One agency: the issuer; the city's and a supervisor's all say what they cover.
    covered = _covers(words, data["scope"])
    cover = [[_("Agency"), _issuer(words, scope)], *([[_("Covers"), covered]] if covered else []),
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
    # The council's document is the whole city's (only its writers read that);
    # an agency's report, whoever chose it, is the page's own figures.
    return _answer(lambda data, words: (_document if data["scope"]["agency"] is None
                                        else _agency_document)(data, words))


def _document(data, words):
    p = data["period"]
    period = Period(p["start"], p["end"])
    title = roc_period(p["start"], p["end"])
    with db().connect() as conn:
        texts = prose.texts(conn, period)
    with force_locale("zh_TW"):   # the council's document is in Chinese, whoever downloads it
        tables = {t.key: t for sec in sections(data, words) for t in sec.tables}
        as_at = _as_at(data)
    body = build_docx(tables, texts, placeholder_texts(placeholders.values(data), title), title, [as_at])
    return _attachment(body, DOCX, _file_names(data, words, "council", "docx"))


def _agency_document(data, words):
    """An agency's period report for its director: the page's sections as a document."""
    scope, p = data["scope"]["agency"], data["period"]
    with force_locale("zh_TW"):   # filed in Chinese, whoever downloads it
        title = _issuer(words, scope) + _("Period report")
        generated = _as_at(data)
        covered = _covers(words, data["scope"])
        lines = [f"{_('Covers')}：{covered}", generated] if covered else [generated]
        secs = sections(data, words)
    body = build_period(title, roc_period(p["start"], p["end"]), lines, secs)
    return _attachment(body, DOCX, _file_names(data, words, "period", "docx"))


def _as_at(data) -> str:
    """When the figures were computed, and, for a period not yet over, that
    they hold its days only up to then (a half-year's report made on 12/03)."""
    made = data["generated_at"]
    line = f"{_('Figures computed from the case records on')} {local_dt(made)}"
    p = data["period"]
    if made < Period(p["start"], p["end"]).bounds[1]:
        line += _("; the period had not ended then, so the figures cover it only up to that time.")
    return line


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
                           pick=_pick, headings=report_headings,
                           figures_in=prose.named), 400 if errors else 200


def _save_prose(period, posted) -> dict:
    """{section: zh-TW message} when refused, else {} (saved with its audit row)."""
    try:
        with db().begin() as conn:
            prose.save(conn, period, posted, current_user.username, clock().now())
    except prose.ProseRefused as refused:
        return {key: _(PROSE_ERRORS[code], **params) for key, (code, params) in refused.problems.items()}
    return {}
