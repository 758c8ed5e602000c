"""Recurring jobs: the daily reminder digest (08:30 Asia/Taipei on working
days), the yearly records-audit plan and the monthly progress round on
council resolutions.

Every scheduler process has the same cron jobs; a row in `scheduler_lock`
named after the run ("digest:2026-11-26") lets exactly one of them do it.
"""
from __future__ import annotations

import logging
from datetime import date, datetime, time

from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from . import outbox
from engine.models.task_names import row_name
from engine.time.calendar import TAIPEI, WorkingCalendar
from engine.time.deadlines import as_utc, end_of_day
from engine.data.schema import agency, case, message_wait, process_definition, scheduler_lock, task

log = logging.getLogger(__name__)
DIGEST_LINES = 30
AUDIT_PLAN_PROCESS, COUNCIL_PROCESS = "records_audit", "council_resolution"
PROGRESS_MESSAGE = "progress_report_due"


def add_jobs(sched) -> None:
    sched.aps.add_job(lambda: daily_digest(sched), CronTrigger(hour=8, minute=30, timezone=TAIPEI),
                      id="digest")
    sched.aps.add_job(lambda: yearly_audit_plan(sched),
                      CronTrigger(month=1, day=2, hour=9, timezone=TAIPEI), id="audit_plan")
    sched.aps.add_job(lambda: monthly_council_progress(sched),
                      CronTrigger(day=1, hour=9, timezone=TAIPEI), id="council_progress")


def take_lock(conn, name: str, holder: str, now: datetime) -> bool:
    """True for the one process that records `name` first.

    A SAVEPOINT keeps the caller's transaction usable after a lost race.
    """
    try:
        with conn.begin_nested():
            conn.execute(insert(scheduler_lock).values(name=name, holder=holder, at=now))
        return True
    except IntegrityError:
        return False


# ---- daily digest ------------------------------------------------------
def daily_digest(sched, today: date | None = None) -> int:
    """Queue one digest per agency with tasks due today or overdue.

    The lock and the notices commit together: a crash leaves neither.
    """
    now = sched.clock.now()
    today = today or now.astimezone(TAIPEI).date()
    with sched.db.begin() as conn:
        if not WorkingCalendar.load(conn).is_working_day(today):
            return 0
        if not take_lock(conn, f"digest:{today.isoformat()}", sched.worker, now):
            return 0
        return sum(_agency_digest(conn, code, email, today, now, name)
                   for code, email, name in _agencies_with_mail(conn))


def _agencies_with_mail(conn):
    return conn.execute(select(agency.c.code, agency.c.email, agency.c.name_zh).where(
        agency.c.active.is_(True), agency.c.email.is_not(None), agency.c.email != ""))


def _agency_digest(conn, code: str, email: str, today: date, now: datetime,
                   name: str | None = None) -> int:
    """The digest greets the agency by name, dates its day in ROC and names
    each step in Chinese (辦理並擬復, not the model's bilingual name)."""
    # Bound as UTC: SQLite stores instants as naive UTC text.
    start = as_utc(datetime.combine(today, datetime.min.time(), TAIPEI))
    end = as_utc(end_of_day(today))
    rows = conn.execute(
        select(case.c.number, task.c.name, task.c.element_id, task.c.due_at).join(case, case.c.id == task.c.case_id)
        .where(task.c.candidate_agency == code, task.c.state == "ready",
               task.c.due_at <= end)
        .order_by(task.c.due_at).limit(DIGEST_LINES)).all()
    if not rows:
        return 0
    overdue = _count(conn, code, task.c.due_at < start)
    due_today = _count(conn, code, task.c.due_at >= start, task.c.due_at <= end)
    lines = "\n".join(f"- {r.number} {row_name(r.name, r.element_id, 'zh_TW')}"
                      f"（{outbox.format_day(r.due_at, 'zh_TW')}）" for r in rows)
    day = datetime.combine(today, time(12), TAIPEI)
    outbox.enqueue(conn, case_id=None, kind="digest", recipient=email, locale="zh_TW",
                   params=dict(agency=name or code, date=outbox.format_day(day, "zh_TW"),
                               due_today=due_today,
                               overdue=overdue, lines=lines),
                   dedupe_key=f"digest:{code}:{today.isoformat()}", now=now)
    return 1


def _count(conn, code, *cond) -> int:
    return conn.execute(select(func.count()).select_from(task).where(
        task.c.candidate_agency == code, task.c.state == "ready", *cond)).scalar_one()


# ---- model-driven periodic work ----------------------------------------
def yearly_audit_plan(sched, year: int | None = None) -> int | None:
    """Start this year's records-management audit plan case, once."""
    now = sched.clock.now()
    year = year or now.astimezone(TAIPEI).year
    if not _deployed(sched.db, AUDIT_PLAN_PROCESS):
        return None
    with sched.db.begin() as conn:
        if not take_lock(conn, f"{AUDIT_PLAN_PROCESS}:{year}", sched.worker, now):
            return None
    # Started after the lock committed: a crash in between loses this year's
    # automatic start (logged), never starts it twice.
    started = sched.runtime.start_case(AUDIT_PLAN_PROCESS, {"plan_year": year})
    log.info("started audit plan %s for %s", started["number"], year)
    return started["id"]


def monthly_council_progress(sched, month: str | None = None) -> int:
    """Send the monthly progress-report message to every tracked resolution
    whose model waits for it (a message catch event named progress_report_due)."""
    now = sched.clock.now()
    month = month or now.astimezone(TAIPEI).strftime("%Y-%m")
    with sched.db.begin() as conn:
        if not take_lock(conn, f"{COUNCIL_PROCESS}:{month}", sched.worker, now):
            return 0
        case_ids = list(conn.execute(
            select(message_wait.c.case_id).distinct().join(case, case.c.id == message_wait.c.case_id)
            .where(message_wait.c.message == PROGRESS_MESSAGE, case.c.status == "open",
                   case.c.process_key == COUNCIL_PROCESS)).scalars())
    for case_id in case_ids:
        sched.runtime.send_message(case_id, PROGRESS_MESSAGE, {"period": month})
    return len(case_ids)


def _deployed(db, key: str) -> bool:
    with db.connect() as conn:
        return conn.execute(select(process_definition.c.id)
                            .where(process_definition.c.key == key).limit(1)).first() is not None
