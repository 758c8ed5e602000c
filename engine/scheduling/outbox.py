"""Notices through an outbox: written with the state change, delivered later.

`enqueue` renders a template into the `outbox` table inside the caller's
transaction, so a notice exists if and only if the change that caused it was
committed. `deliver_batch` (run by the scheduler) claims due rows, sends them
over SMTP and marks them sent.

Delivery guarantee: at least once, and exactly once under normal operation.
A row is marked sent in its own short transaction right after the SMTP server
accepted it. The one window for a duplicate is a process that dies (or loses
the database) between the server's "250 OK" and that commit: the row stays
'sending' and is reclaimed after the lease, then sent again. Each message
carries a Message-ID derived from the outbox id, so a duplicate is the same
message to the receiving side.
"""
from __future__ import annotations

import functools
import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from engine.data import audit
from engine.data.masking import mask_address, person_columns, split_person
from engine.time.calendar import TAIPEI
from .leases import claim
from engine.time.deadlines import as_utc
from engine.data.schema import outbox, petitioner
from engine.data.schema import case as case_table

log = logging.getLogger(__name__)
TEMPLATES = Path(__file__).parent / "templates"
KINDS = ("transfer", "extension", "reply", "reminder", "escalation", "digest", "receipt",
         "cancellation", "supplement", "supplement_answered", "repeat")
LOCALES = ("zh_TW", "en")
SENDER = {"zh_TW": "高雄市政府", "en": "Kaohsiung City Government"}
BATCH = 50   # notices claimed per delivery round


def normalize_locale(locale: str | None) -> str:
    """'zh-TW', 'zh_TW', None -> 'zh_TW'; any English tag -> 'en'."""
    return "en" if (locale or "").lower().startswith("en") else "zh_TW"


@functools.lru_cache(maxsize=None)
def _template(kind: str, locale: str) -> str:
    """Templates ship with the code: read once per process."""
    return (TEMPLATES / f"{kind}.{locale}.txt").read_text(encoding="utf-8")


def render(kind: str, locale: str, params: dict) -> tuple[str, str]:
    """(subject, body) of a notice; a missing parameter is an error, never a blank."""
    if kind not in KINDS:
        raise ValueError(f"unknown notice kind {kind!r}")
    locale = normalize_locale(locale)
    text = _template(kind, locale)
    values = {"sender": SENDER[locale], **params}
    try:
        filled = text.format_map(values)
    except KeyError as exc:
        raise ValueError(f"notice {kind}.{locale} needs parameter {exc}") from None
    head, _, body = filled.partition("\n\n")
    return head.removeprefix("Subject: ").strip()[:300], body.strip() + "\n"


def enqueue(conn: Connection, *, case_id: int | None, kind: str, recipient: str,
            locale: str, params: dict, dedupe_key: str, now: datetime) -> int | None:
    """Queue a notice in the caller's transaction.

    Returns the outbox id, or None when `dedupe_key` was queued before (a
    retried command must not mail twice).
    """
    subject, body = render(kind, locale, params)
    now = as_utc(now)
    values = dict(case_id=case_id, kind=kind, recipient=recipient,
                  locale=normalize_locale(locale), subject=subject, body=body,
                  dedupe_key=dedupe_key, status="pending", attempts=0,
                  created_at=now, next_attempt_at=now)
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = (dialect.insert(outbox).values(**values)
            .on_conflict_do_nothing(index_elements=["dedupe_key"])
            .returning(outbox.c.id))
    return conn.execute(stmt).scalar()


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 25
    user: str = ""
    password: str = ""
    starttls: bool = False
    sender: str = "civicflow@localhost"
    timeout: float = 30.0
    # The password was saved under another SECRET_KEY and cannot be read:
    # signing in without it would fail every notice, so none is sent.
    unreadable: bool = False

    @classmethod
    def from_config(cls, cfg: dict) -> "SmtpSettings":
        return cls(host=cfg.get("SMTP_HOST", ""), port=int(cfg.get("SMTP_PORT", 25)),
                   user=cfg.get("SMTP_USER", ""), password=cfg.get("SMTP_PASSWORD", ""),
                   starttls=bool(cfg.get("SMTP_STARTTLS", False)),
                   sender=cfg.get("MAIL_FROM", "civicflow@localhost"))

    @property
    def enabled(self) -> bool:
        return bool(self.host)

    @property
    def usable(self) -> bool:
        return self.enabled and not self.unreadable


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 8
    base_delay: timedelta = timedelta(minutes=1)
    max_delay: timedelta = timedelta(hours=6)
    # A row 'sending' for longer than this belongs to a dead worker.
    lease: timedelta = timedelta(minutes=5)

    def delay(self, attempts: int) -> timedelta:
        """Exponential backoff: base, 2 base, 4 base ... capped."""
        return min(self.base_delay * (2 ** max(0, attempts - 1)), self.max_delay)


@dataclass
class DeliveryReport:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    dead: int = 0


def deliver_batch(db_engine: Engine, smtp: SmtpSettings, now: datetime, worker: str,
                  limit: int = BATCH, policy: RetryPolicy = RetryPolicy()) -> DeliveryReport:
    """Claim up to `limit` due notices, send them, record the outcome."""
    now = as_utc(now)  # SQLite compares instants as naive UTC text
    with db_engine.begin() as conn:
        rows = _claim(conn, now, limit, policy)
    report = DeliveryReport(claimed=len(rows))
    if not rows:
        return report
    log.debug("%s claimed %d notices", worker, len(rows))
    settled: set[int] = set()
    try:
        with _connect(smtp) as client:
            for row in rows:
                _send_one(db_engine, client, smtp, row, now, policy, report)
                settled.add(row.id)
    except (OSError, smtplib.SMTPException) as exc:
        # The server went away: every row not yet settled is retried later.
        log.warning("SMTP delivery failed: %s", exc)
        for row in rows:
            if row.id not in settled:
                _settle_failure(db_engine, row, now, policy, report, exc, permanent=False)
    return report


def _claim(conn, now, limit, policy):
    due = and_(outbox.c.status == "pending", outbox.c.next_attempt_at <= now)
    abandoned = and_(outbox.c.status == "sending", outbox.c.claimed_at <= now - policy.lease)
    return claim(conn, outbox, where=or_(due, abandoned), order_by=outbox.c.next_attempt_at,
                 limit=limit, values=dict(status="sending", claimed_at=now,
                                          attempts=outbox.c.attempts + 1),
                 returning=(outbox.c.id, outbox.c.recipient, outbox.c.subject,
                            outbox.c.body, outbox.c.attempts))


def _connect(smtp: SmtpSettings) -> smtplib.SMTP:
    client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
    if smtp.starttls:
        client.starttls()
    if smtp.user:
        client.login(smtp.user, smtp.password)
    return client


def _message(smtp: SmtpSettings, row, now: datetime) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = smtp.sender
    msg["To"] = row.recipient
    msg["Subject"] = row.subject
    msg["Date"] = format_datetime(now)
    domain = smtp.sender.rpartition("@")[2] or "localhost"
    msg["Message-ID"] = f"<outbox-{row.id}@{domain}>"
    msg.set_content(row.body)
    return msg


def _send_one(db_engine, client, smtp, row, now, policy, report) -> None:
    try:
        client.send_message(_message(smtp, row, now))
    except smtplib.SMTPRecipientsRefused as exc:
        _settle_failure(db_engine, row, now, policy, report, exc, _permanent(exc))
        return
    except smtplib.SMTPResponseException as exc:
        _settle_failure(db_engine, row, now, policy, report, exc, exc.smtp_code >= 500)
        return
    _settle(db_engine, row, status="sent", sent_at=now, last_error=None)
    report.sent += 1


def _permanent(exc: smtplib.SMTPRecipientsRefused) -> bool:
    return all(code >= 500 for code, _ in exc.recipients.values())


def _settle_failure(db_engine, row, now, policy, report, exc, permanent: bool) -> None:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    if permanent or row.attempts >= policy.max_attempts:
        _settle(db_engine, row, status="dead", last_error=error)
        report.dead += 1
        log.warning("notice %s is dead after %d attempts: %s", row.id, row.attempts, error)
    else:
        _settle(db_engine, row, status="pending", last_error=error,
                next_attempt_at=now + policy.delay(row.attempts))
        report.retried += 1


def _settle(db_engine, row, **values) -> None:
    """Record an outcome, only if the row is still ours (same claim attempt):
    a row reclaimed by another worker after our lease ran out is theirs now."""
    with db_engine.begin() as conn:
        conn.execute(update(outbox).where(
            outbox.c.id == row.id, outbox.c.status == "sending",
            outbox.c.attempts == row.attempts).values(**values))


def format_day(instant: datetime, locale: str) -> str:
    """The Taipei date of an instant as a notice shows it: ROC year in Chinese
    (民國114年2月10日), '10 February 2025' in English."""
    local = as_utc(instant).astimezone(TAIPEI)
    if normalize_locale(locale) == "zh_TW":
        return f"民國{local.year - 1911}年{local.month}月{local.day}日"
    return f"{local.day} {local.strftime('%B %Y')}"


# --- what an administrator sees and does (webapp/views/admin/outbox.py) --------

STATUSES = ("pending", "sending", "sent", "dead")   # 'dead': failed for good


def status_counts(conn: Connection) -> dict[str, int]:
    """{status: number of notices} with every status present."""
    rows = conn.execute(select(outbox.c.status, func.count()).group_by(outbox.c.status)).all()
    return {**dict.fromkeys(STATUSES, 0), **{status: n for status, n in rows}}


def notices(conn: Connection, status: str | None = None, limit: int = 100,
            offset: int = 0, agencies=None) -> list:
    """Notices newest first (without their body), optionally of one status and
    of the cases of some responsible `agencies` (a supervisor's scope),
    masked as `shown` masks."""
    query = (_joined(select(*_columns())).order_by(outbox.c.id.desc()).limit(limit).offset(offset))
    if status:
        query = query.where(outbox.c.status == status)
    if agencies is not None:
        query = query.where(case_table.c.responsible_agency.in_(sorted(agencies)))
    return [shown(r) for r in conn.execute(query)]


def notice(conn: Connection, outbox_id: int):
    """One notice with its body and its case's number (the administrator's
    page of one message), masked as `shown` masks; None when there is none."""
    row = conn.execute(_joined(select(*_columns(), outbox.c.body, outbox.c.locale,
                                      case_table.c.number.label("case_number")))
                       .where(outbox.c.id == outbox_id)).first()
    return shown(row) if row is not None else None


def _joined(query):
    return (query.outerjoin(case_table, case_table.c.id == outbox.c.case_id)
            .outerjoin(petitioner, petitioner.c.case_id == outbox.c.case_id))


def _columns() -> list:
    """A notice as staff see it, with what `shown` needs to mask it."""
    return [outbox.c.id, outbox.c.case_id, outbox.c.kind, outbox.c.recipient,
            outbox.c.subject, outbox.c.status, outbox.c.attempts, outbox.c.created_at,
            outbox.c.next_attempt_at, outbox.c.sent_at, outbox.c.last_error,
            func.coalesce(case_table.c.confidential, False).label("confidential"),
            *person_columns()]


def shown(row) -> SimpleNamespace:
    """Art. 170: a confidential case's notice without its petitioner's
    identity: the recipient masked (c***@example.tw), the name, addresses,
    e-mail and phone masked in the error and the body. The stored row stays
    whole: a resend reads it, not this."""
    values, person = split_person(row)
    values["confidential"] = bool(values["confidential"])
    if not values["confidential"]:
        return SimpleNamespace(**values)
    identity = person.also(row.recipient)
    values.update(recipient=mask_address(row.recipient), subject=identity.redact(row.subject),
                  last_error=identity.redact(row.last_error))
    if "body" in values:
        values["body"] = identity.redact(values["body"])
    return SimpleNamespace(**values)


def resend(conn: Connection, outbox_id: int, actor: str, now: datetime) -> bool:
    """Put a dead notice back to pending, due now, attempts reset; audited on
    its case. False when the notice is not dead (nothing to resend)."""
    now = as_utc(now)
    row = conn.execute(select(outbox.c.case_id, outbox.c.recipient, outbox.c.kind)
                       .where(outbox.c.id == outbox_id, outbox.c.status == "dead")).first()
    if row is None:
        return False
    conn.execute(update(outbox).where(outbox.c.id == outbox_id, outbox.c.status == "dead")
                 .values(status="pending", attempts=0, next_attempt_at=now, claimed_at=None))
    audit.record(conn, case_id=row.case_id, at=now, actor=actor, action="notice_resent",
                 notice=outbox_id, kind=row.kind, recipient=row.recipient)
    return True
