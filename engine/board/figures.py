"""The supervisors' deadline board: per responsible agency, the open work now
(open, due within 2 working days, overdue, extended, escalated cases) and the
work completed in a range of weeks (tasks completed, on-time rate, median
handling time). Definitions are in docs/board.md.

Open figures come from the case table through ix_case_board (an index-only
count); the cases waiting on their petitioner (補正, the clock stopped) are
counted apart as 待補正 through ix_case_clock_stopped and taken out of
overdue and due soon, their deadlines standing still; completed figures
from the weekly rollup (engine/board/rollup.py), so the cost follows the
number of agencies and weeks, not of cases.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import BigInteger, and_, cast, func, select

from . import median as board_median, rollup
from .scope import in_scope
from engine.time.calendar import WorkingCalendar, local_date
from engine.time.deadlines import end_of_day
from engine.data import agency_order
from engine.data.schema import case
from engine.data.tally import count_if

DUE_SOON_WORKING_DAYS = 2
INDEX_FIGURES = ("open", "due_soon", "overdue", "extended", "escalated")   # ix_case_board's
# The board's figures in its columns' order (the page, its links, CSV and XLSX):
# the open work now (each lists its cases), the work completed in the weeks
# (each lists its tasks), then the rates.
OPEN_FIGURES = ("open", "due_soon", "overdue", "paused", "extended", "escalated")
COMPLETED_FIGURES = ("completed", "on_time", "late")
RATES = ("on_time_rate", "median_days")
RUNNING_ONLY = ("due_soon", "overdue")   # a waiting case's deadline stands still
SUMS = ("completed", "on_time", "with_due", "taken_secs", "allowed_secs")


@dataclass(frozen=True)
class BoardFilter:
    first_week: date          # Monday of the first week (Asia/Taipei)
    last_week: date           # Monday of the last week, included
    agency: str | None = None
    process: str | None = None

    @property
    def weeks(self) -> list[date]:
        n = (self.last_week - self.first_week).days // 7
        return [self.first_week + timedelta(weeks=i) for i in range(n + 1)]

    @property
    def last_day(self) -> date:
        """The Sunday ending the last week: the last day whose completions count
        (the board, its drill-down and lists.weeks_bounds say the same period)."""
        return self.last_week + timedelta(days=6)


@dataclass
class Figures:
    """One board row: an agency's, a step's, a week's or the total."""
    key: str
    open: int = 0
    due_soon: int = 0
    overdue: int = 0
    paused: int = 0           # 待補正: waiting on the petitioner, in open only
    extended: int = 0
    escalated: int = 0
    completed: int = 0
    on_time: int = 0
    with_due: int = 0
    taken_secs: int = 0
    allowed_secs: int = 0
    median_days: float | None = None   # handling days, from engine/board/median.py

    @property
    def late(self) -> int:
        return self.with_due - self.on_time

    @property
    def on_time_rate(self) -> float | None:
        """Percent of the completed tasks that had a deadline and met it."""
        return round(100.0 * self.on_time / self.with_due, 1) if self.with_due else None

    @property
    def allowed_days(self) -> float | None:
        """Mean time allowed (due minus created) of the tasks that had a deadline."""
        return round(self.allowed_secs / self.with_due / 86400, 1) if self.with_due else None

    def add(self, row) -> None:
        """Add the sums of one grouped rollup row."""
        self.completed += row.completed
        self.on_time += row.on_time
        self.with_due += row.with_due
        self.taken_secs += row.taken_secs
        self.allowed_secs += row.allowed_secs


def week_of(d: date) -> date:
    return d - timedelta(days=d.weekday())


def due_soon_limit(now: datetime, cal: WorkingCalendar) -> datetime:
    """End of the 2nd working day after today: 'due within 2 working days'."""
    return end_of_day(cal.add_working_days(local_date(now), DUE_SOON_WORKING_DAYS))


def agencies_of(scope, f: BoardFilter):
    """The agencies the figures cover: the filter's one, or the whole scope."""
    if f.agency:
        if not in_scope(scope, f.agency):
            raise PermissionError(f"agency {f.agency} is outside the viewer's scope")
        return {f.agency}
    return scope


def case_condition(figure: str, now, soon):
    """The open cases a figure counts (None: all of them)."""
    c = case.c
    if figure == "paused":
        return c.clock_stopped_at.is_not(None)
    cond = _board_condition(figure, now, soon)
    return and_(cond, c.clock_stopped_at.is_(None)) if figure in RUNNING_ONLY else cond


def _board_condition(figure: str, now, soon):
    """The part of a figure's condition ix_case_board holds."""
    c = case.c
    return {"open": None, "due_soon": c.due_at.between(now, soon), "overdue": c.due_at < now,
            "extended": c.extended.is_(True), "escalated": c.escalation_level > 0}[figure]


def open_figures(conn, agencies, process, now, soon) -> dict[str, Figures]:
    """Open cases per responsible agency, counted on ix_case_board; then the
    waiting ones (ix_case_clock_stopped) moved out of overdue and due soon."""
    c = case.c
    q = _scoped(select(c.responsible_agency, func.count(),
                       *[count_if(_board_condition(k, now, soon)) for k in INDEX_FIGURES[1:]])
                .where(c.status == "open").group_by(c.responsible_agency), agencies, process)
    out = {}
    for agency, *values in conn.execute(q):
        key = agency or ""
        out[key] = Figures(key, **dict(zip(INDEX_FIGURES, (int(v or 0) for v in values))))
    _take_out_waiting(conn, out, agencies, process, now, soon)
    return out


def _take_out_waiting(conn, out: dict, agencies, process, now, soon) -> None:
    c = case.c
    q = _scoped(select(c.responsible_agency, func.count(),
                       *[count_if(_board_condition(k, now, soon)) for k in RUNNING_ONLY])
                .where(c.status == "open", case_condition("paused", now, soon))
                .group_by(c.responsible_agency), agencies, process)
    for agency, waiting, *running_only in conn.execute(q):
        row = out.setdefault(agency or "", Figures(agency or ""))
        row.paused = int(waiting)
        for k, n in zip(RUNNING_ONLY, running_only):   # max: a case closed between the reads
            setattr(row, k, max(0, getattr(row, k) - int(n or 0)))


def _scoped(q, agencies, process):
    c = case.c
    if agencies is not None:
        q = q.where(c.responsible_agency.in_(sorted(agencies)))
    return q.where(c.process_key == process) if process else q


def completed_figures(conn, agencies, f: BoardFilter, by: str | None,
                      median: bool = True, src=None) -> dict[str, Figures]:
    """Completed-task figures grouped by `by` (agency, element_id or week;
    None: one overall row under the key ''); `src`: the rollup rows, if built."""
    if src is None:
        src = rollup.rows(f.first_week, f.last_week, agencies, f.process)
    keys = [src.c[by]] if by else []
    # bigint sums: PostgreSQL's sum(bigint) is numeric, which the driver turns into Decimal
    q = select(*keys, *[cast(func.sum(src.c[k]), BigInteger).label(k) for k in SUMS]
               ).group_by(*keys)
    out: dict = {}
    for row in conn.execute(q):
        if row.completed:
            key = row[0] if by else ""
            out.setdefault(key, Figures(str(key))).add(row)
    if median and out:
        for key, value in board_median.medians(conn, src, by).items():
            out[key].median_days = value
    return out


@dataclass
class Board:
    rows: list[Figures]
    total: Figures
    weeks: list[Figures]
    soon: datetime


def agency_board(conn, scope, f: BoardFilter, now: datetime) -> Board:
    """The board: one row per agency with any figure, the total and the weekly trend."""
    agencies = agencies_of(scope, f)
    soon = due_soon_limit(now, WorkingCalendar.load(conn))
    rows = open_figures(conn, agencies, f.process, now, soon)
    src = rollup.rows(f.first_week, f.last_week, agencies, f.process)
    for key, done in completed_figures(conn, agencies, f, "agency", src=src).items():
        merged = rows.setdefault(key, Figures(key))
        for k in (*SUMS, "median_days"):
            setattr(merged, k, getattr(done, k))
    # The most pressing first; ties in the city's listing of its agencies.
    ordered = sorted(rows.values(),
                     key=lambda r: (-r.overdue, -r.due_soon, agency_order.key(r.key)))
    by_week = completed_figures(conn, agencies, f, "week", median=False, src=src)
    weeks = [by_week.get(w) or Figures(w.isoformat()) for w in f.weeks]
    total = total_of(ordered)
    total.median_days = board_median.medians(conn, src, None).get("")
    return Board(ordered, total, weeks, soon)


def total_of(rows: list[Figures]) -> Figures:
    total = Figures("")
    for r in rows:
        for k in (*OPEN_FIGURES, *SUMS):
            setattr(total, k, getattr(total, k) + getattr(r, k))
    return total


def step_figures(conn, scope, f: BoardFilter) -> list[Figures]:
    """Per step (element_id) of f.process: completed tasks, median handling
    days against the mean time allowed, on-time rate."""
    if not f.process:
        return []
    by_step = completed_figures(conn, agencies_of(scope, f), f, "element_id")
    return sorted(by_step.values(), key=lambda r: r.key)
