"""The supervisors' deadline board: figures per agency, weekly trend, steps on
the BPMN diagram as a heat overlay, drill-down lists, CSV/XLSX export and
saved filters. The figures come from engine/board/figures.py; this module only
checks who may see what and shapes pages and files."""
from __future__ import annotations

import json
from urllib.parse import parse_qsl
from dataclasses import dataclass

from flask import (Blueprint, Response, abort, flash, redirect, render_template, request,
                   url_for)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from engine.board import figures, lists, processes as board_processes, rollup, saved as board_saved
from engine.authoring import drafts
from engine.cases import queries
from engine.board.query import BadFilter, parse_filter, to_query
from engine.board.scope import NotAllowed, agency_choices, board_scope
from engine.time.calendar import WorkingCalendar, local_date
from engine.data.errors import Forbidden, InvalidData
from engine.data.schema import agency

from .. import access, agency_groups, board_filter_words, board_rows, bulk_form, diagram_names
from ..access import roles_required
from ..export import Sheet, csv_response, xlsx_response
from ..extensions import clock, db
from ..i18n import current_locale, date_input
from ..labels import agency_label, agency_names, element_name
from ..people import known_names
from ..roc_dates import NotADate, parse_roc_date
from . import board_bulk

bp = Blueprint("board", __name__, url_prefix="/board")
ROLES = ("supervisor", "admin")


@dataclass
class Context:
    scope: object
    f: figures.BoardFilter
    agencies: list
    processes: list           # every deployed process (names rows of any case)
    names: dict
    process_choices: list     # those the viewer's agencies have cases in


@bp.errorhandler(BadFilter)
def _bad_filter(err):
    # Said in the viewer's language (webapp/board_filter_words.py).
    return render_template("board/invalid.html", message=board_filter_words.said(err)), 400


def _context(conn, args=None) -> Context:
    args = request.args if args is None else args
    try:
        scope = board_scope(conn, access.viewer())
    except NotAllowed:
        abort(403)
    agencies, processes = agency_groups.arrange(agency_choices(conn, scope)), queries.processes(conn)
    wanted = args.get("agency")
    if wanted and wanted not in {a.code for a in agencies} and _exists(conn, wanted):
        abort(403)
    f = parse_filter(_iso_dates(args), local_date(clock().now()), {a.code for a in agencies},
                     {p.key for p in processes})
    here = board_processes.with_cases(conn, scope, [p.key for p in processes])
    choices = [p for p in processes if p.key in here or p.key == f.process]
    return Context(scope, f, agencies, processes, {"agencies": agency_names(conn), "choices": {}},
                   choices)


def _iso_dates(args) -> dict:
    """The query with its week dates in ISO: the form's fields take ROC dates
    (115/03/02) as officials write them; saved filters and links keep ISO."""
    out = {k: args.get(k) for k in args}
    for name in ("from", "to"):
        try:
            day = parse_roc_date(out.get(name))
        except NotADate:
            raise BadFilter("not a date", "not_a_date", parameter=name,
                            value=out[name][:40]) from None   # said by board_filter_words
        if day is not None:
            out[name] = day.isoformat()
    return out


def step_definition(ctx: Context, process_key: str | None):
    """The latest deployed version of a process: its model names the steps."""
    return next((p.id for p in ctx.processes if p.key == process_key), None)


def _exists(conn, code) -> bool:
    return conn.execute(select(agency.c.code).where(agency.c.code == code)).first() is not None


def _figures(conn, ctx: Context, with_steps: bool = True):
    """Everything the page and the files show, for one filter (the CSV has no steps)."""
    step_process = ctx.f.process or _first_step_process(conn, ctx)
    step_filter = figures.BoardFilter(ctx.f.first_week, ctx.f.last_week, ctx.f.agency, step_process)
    steps = figures.step_figures(conn, ctx.scope, step_filter) if with_steps else []
    return figures.agency_board(conn, ctx.scope, ctx.f, clock().now()), step_process, steps


def _first_step_process(conn, ctx: Context) -> str | None:
    """The step table's process when the filter names none: of those the
    filter's agency (else the viewer's agencies) has cases in, the one with
    the most open tasks (工務局: its petitions, not a council resolution);
    the department's all-agency view keeps the first choice."""
    keys = [p.key for p in ctx.process_choices]
    if ctx.f.agency:
        here = board_processes.with_cases(conn, {ctx.f.agency}, keys)
        keys = [k for k in keys if k in here] or keys
    agencies = {ctx.f.agency} if ctx.f.agency else ctx.scope
    if keys and agencies is not None:
        keys = board_processes.busiest_first(conn, agencies, keys)
    return keys[0] if keys else None


@bp.route("/")
@roles_required(*ROLES)
def index():
    rollup.fold_if_pending(db())
    with db().connect() as conn:
        ctx = _context(conn)
        result, step_process, steps = _figures(conn, ctx)
        saved = board_saved.list_saved(conn, current_user.id)
    query = to_query(ctx.f)
    return render_template(
        "board/index.html", ctx=ctx, f=ctx.f, b=result, steps=steps, step_process=step_process,
        saved=saved, query=query, labels=ctx.names,
        **board_rows.table(result, ctx.names, query, ctx.f.agency),
        **board_rows.step_table(steps, query, None if ctx.f.process else step_process),
        step_definition=step_definition(ctx, step_process),
        last_day=ctx.f.last_day,
        weeks_json=json.dumps(_weeks_data(result.weeks)),
        steps_json=json.dumps({s.key: _step_data(s) for s in steps}))


def _weeks_data(weeks) -> dict:
    # Week labels as the viewer reads dates (115/03/02 in Chinese).
    return {"labels": [date_input(w.key) for w in weeks], "on_time": [w.on_time for w in weeks],
            "late": [w.late for w in weeks], "no_due": [w.completed - w.with_due for w in weeks],
            "rate": [w.on_time_rate for w in weeks],
            "names": {"on_time": _("On time"), "late": _("Late"), "no_due": _("No deadline"),
                      "rate": _("On-time rate (percent)")}}


def heat_level(s: figures.Figures) -> str:
    """The overlay colour of a step: by the share of its tasks done on time."""
    rate = s.on_time_rate
    if rate is None:
        return "none"
    return "ok" if rate >= 90 else "warn" if rate >= 70 else "bad"


def _step_data(s: figures.Figures) -> dict:
    return {"completed": s.completed, "median": s.median_days, "allowed": s.allowed_days,
            "rate": s.on_time_rate, "level": heat_level(s)}


@bp.route("/diagram/<key>.bpmn")
@roles_required(*ROLES)
def diagram(key):
    """The latest deployed version's BPMN of a process (for the heat overlay)."""
    with db().connect() as conn:
        found = drafts.deployed_files(conn, key)
    if found is None:
        abort(404)
    sources = found[1]
    xml = next((x for x in sources.values() if f'id="{key}"' in x), next(iter(sources.values())))
    # The shipped models name steps in both languages; the reader sees theirs.
    return Response(diagram_names.in_language(xml, current_locale()), mimetype="application/xml")


@bp.route("/list")
@roles_required(*ROLES)
def drill_down():
    return _drill_page(request.args)


def _drill_page(args, errors=None, values=None):
    """A figure's cases or tasks; a case list carries the bulk controls
    (webapp/views/board_bulk.py), with their errors beside the fields."""
    figure, element = args.get("figure", ""), args.get("element") or None
    if figure not in board_rows.FIGURES:
        raise BadFilter(f"unknown figure {figure[:40]!r}", "unknown_figure")
    with db().connect() as conn:
        ctx = _context(conn, args)
        now = clock().now()
        if figure in figures.OPEN_FIGURES:
            soon = figures.due_soon_limit(now, WorkingCalendar.load(conn))
            rows = lists.cases_for(conn, ctx.scope, ctx.f, figure, now, soon, lists.LIMIT,
                                   viewer=access.viewer())
            total = _total(rows, lambda: lists.count_cases(conn, ctx.scope, ctx.f, figure, now, soon))
            bulk_ctx = board_bulk.controls(conn, errors, values)
        else:
            rows = lists.tasks_for(conn, ctx.scope, ctx.f, figure, element, lists.LIMIT,
                                   viewer=access.viewer())
            total = _total(rows, lambda: lists.count_tasks(conn, ctx.scope, ctx.f, figure, element))
            bulk_ctx = None
            known_names(conn, [r.completed_by for r in rows])   # one read: person_name finds them
    step_process = ctx.f.process or args.get("process")
    element_label = element_name(step_definition(ctx, step_process), element) if element else None
    return render_template("board/list.html", rows=rows, figure=figure, f=ctx.f, element=element,
                           element_label=element_label, processes={p.key: p for p in ctx.processes},
                           tasks=figure in figures.COMPLETED_FIGURES, labels=ctx.names,
                           words=board_rows.words(),
                           query=to_query(ctx.f), total=total, now=now, bulk=bulk_ctx,
                           board_args={k: args.get(k) for k in board_bulk.BOARD_KEYS if args.get(k)})


def _total(rows, count) -> int:
    """How many the figure holds: the rows, or counted when the list stops at its limit."""
    return len(rows) if len(rows) < lists.LIMIT else count()


def _bulk_selection():
    """The posted board filter and the cases of its figure the form chose."""
    args = board_bulk.board_args(request.form)
    with db().connect() as conn:
        ctx = _context(conn, args)
        if args.get("figure") not in figures.OPEN_FIGURES:
            raise BadFilter("unknown figure", "unknown_figure")
        return args, board_bulk.chosen_cases(conn, ctx, request.form, args["figure"], clock().now())


@bp.route("/list/bulk", methods=["POST"])
@roles_required(*ROLES)
def bulk_action():
    """The selected cases (or all the figure lists): their open tasks of the
    supervisor's agency reassigned, returned or transferred; or, by an
    administrator, the cases cancelled. Then the summary, item by item."""
    args, chosen = _bulk_selection()
    try:
        action, results = board_bulk.run(request.form, chosen)
    except InvalidData as exc:
        flash(_("Please correct the marked fields."), "error")
        return _drill_page(args, errors=bulk_form.field_errors(exc.errors), values=request.form), 422
    except Forbidden:
        abort(403)
    return board_bulk.summary(action, results, url_for("board.drill_down", **args))


@bp.route("/list/bulk/plan", methods=["POST"])
@roles_required(*ROLES)
def bulk_plan():
    """The selection resolved for the progress script (webapp/views/board_bulk.py)."""
    args, chosen = _bulk_selection()
    return board_bulk.plan(request.form, chosen, url_for("board.drill_down", **args))


@bp.route("/list/bulk/batch", methods=["POST"])
@roles_required(*ROLES)
def bulk_batch():
    """One batch of the run, answered in JSON."""
    return board_bulk.batch(request.form)


# -- export ------------------------------------------------------------------
def _sheets(ctx: Context, result, steps) -> list[Sheet]:
    words = board_rows.words()

    def head(first, columns):
        return [*first, *(words[k] for k in columns)]
    rows = [[r.key, agency_label(ctx.names, r.key) if r.key else _("Not yet assigned to an agency"),
             *_values(r)] for r in result.rows]
    rows.append(["", _("Total"), *_values(result.total)])
    weeks = [[w.key, *_values(w, WEEK_COLUMNS)] for w in result.weeks]
    step_rows = [[s.key, *_values(s, STEP_COLUMNS)] for s in steps]
    return [Sheet(_("Agencies"), head([_("Agency code"), _("Agency")], AGENCY_COLUMNS), rows),
            Sheet(_("Weeks"), head([_("Week")], WEEK_COLUMNS), weeks),
            Sheet(_("Steps"), head([_("Step")], STEP_COLUMNS), step_rows)]


# The sheets' columns, as the page's (engine/board/figures.py names their order).
AGENCY_COLUMNS = board_rows.COLUMNS   # the page's columns, in its order
WEEK_COLUMNS = (*figures.COMPLETED_FIGURES, "on_time_rate")
STEP_COLUMNS = board_rows.STEP_COLUMNS   # the page's step table, in its order


def _values(r: figures.Figures, columns=AGENCY_COLUMNS) -> list:
    return [getattr(r, k) for k in columns]


def _export(kind: str):
    with db().connect() as conn:
        ctx = _context(conn)
        result, _process, steps = _figures(conn, ctx, with_steps=kind != "csv")
    sheets = _sheets(ctx, result, steps)
    name = f"board-{ctx.f.agency or 'all'}-{ctx.f.first_week}-{ctx.f.last_week}"
    if kind == "csv":
        return csv_response(f"{name}.csv", sheets[0])
    return xlsx_response(f"{name}.xlsx", sheets)


@bp.route("/export.csv")
@roles_required(*ROLES)
def export_csv():
    return _export("csv")


@bp.route("/export.xlsx")
@roles_required(*ROLES)
def export_xlsx():
    return _export("xlsx")


# -- saved filters -----------------------------------------------------------
@bp.route("/filters", methods=["POST"])
@roles_required(*ROLES)
def save_filter():
    with db().begin() as conn:   # the query is checked as the page would check it
        ctx = _context(conn, dict(parse_qsl(request.form.get("query", ""))))
        try:
            board_saved.save(conn, current_user.id, request.form.get("name", ""), to_query(ctx.f))
        except ValueError:
            flash(_("A filter name has 1 to 120 characters."), "error")
            return redirect(url_for("board.index") + "?" + to_query(ctx.f))
    flash(_("Filter saved."), "success")
    return redirect(url_for("board.index") + "?" + to_query(ctx.f))


@bp.route("/filters/<int:filter_id>/delete", methods=["POST"])
@roles_required(*ROLES)
def delete_filter(filter_id):
    with db().begin() as conn:
        if not board_saved.remove(conn, current_user.id, filter_id):
            abort(404)
    flash(_("Filter deleted."), "success")
    return redirect(url_for("board.index"))
