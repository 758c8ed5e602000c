"""Throttling password sign-in, so that guessing holds across every worker and host.

Two layers:
- Flask-Limiter caps the sign-in POSTs per address (LOGIN_RATE_LIMIT) in the
  storage named by RATELIMIT_STORAGE_URI. The `limits` library keeps counters
  only in memory, Redis, Memcached or MongoDB; production sets one of the
  shared ones (README), the default `memory://` is per process.
- Failed sign-ins are rows of `login_failure` in the application's own
  database, which every process shares even without extra services: an
  account with LOGIN_MAX_FAILURES failures within LOGIN_LOCK_MINUTES is
  locked until they age out or an administrator unlocks it (`unlock`,
  `civicflow user unlock`); an address with LOGIN_MAX_ADDRESS_FAILURES
  within the same window is refused whichever account it tries.
`guarded` checks, verifies the password and records the outcome in one
transaction serialised per account (PostgreSQL: a transaction advisory lock
on a hash of the name; SQLite: the engine's BEGIN IMMEDIATE), so concurrent
guesses at one account cannot slip past its limit. The address is not locked
on PostgreSQL: a city office signs in from one NAT address, and its people
must not queue behind each other's password hashing; concurrent guesses from
one address at many accounts may overshoot the address limit by the number in
flight.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from sqlalchemy import delete, func, insert, select, text

from engine.data import audit
from engine.data.schema import login_failure
from engine.time.clock import current_now

# Limits apply only where a view asks for them (the sign-in form).
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def init_app(app: Flask) -> None:
    limiter.init_app(app)


@limiter.request_filter
def _machine_request() -> bool:
    """The machine APIs have no Flask-Limiter limits (Open311 counts its keys
    itself): their requests skip the per-request limit resolution."""
    from .machine_paths import machine_request
    return machine_request()


def login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@dataclass(frozen=True)
class Refusal:
    """Why a sign-in is refused before its password is even checked."""
    reason: str            # "account" (locked) or "address" (too many failures from there)
    until: datetime


def _window() -> timedelta:
    return timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])


def _key(username: str) -> str:
    # The typed name, so unknown names lock too and reveal nothing.
    return username.strip().lower()[:64]


def _failures(conn, column, value: str, now: datetime) -> tuple[int, datetime | None]:
    """How many failures of this account or address are in the window, and the oldest."""
    return tuple(conn.execute(
        select(func.count(), func.min(login_failure.c.at))
        .where(column == value, login_failure.c.at > _utc(now - _window()))).one())


def refusal(conn, username: str, address: str, now: datetime) -> Refusal | None:
    """A Refusal when the account is locked or the address has failed too often:
    it lifts when the oldest failure in the window ages out."""
    for column, value, limit, reason in (
            (login_failure.c.username, _key(username), "LOGIN_MAX_FAILURES", "account"),
            (login_failure.c.address, address, "LOGIN_MAX_ADDRESS_FAILURES", "address")):
        count, oldest = _failures(conn, column, value, now)
        if count >= current_app.config[limit]:
            return Refusal(reason, _aware(oldest) + _window())
    return None


def guarded(conn, username: str, address: str, now: datetime, verify):
    """(user, None) when `verify()` (the password check) returns a user; (None,
    Refusal) when locked, without calling it; else (None, None), the failure
    counted. `conn` is in a transaction: nobody else checks this account
    until it commits, so each check sees every earlier failure."""
    _serialise(conn, username)
    refused = refusal(conn, username, address, now)
    if refused:
        return None, refused
    user = verify()
    if user:
        forget_failures(conn, username)
    else:
        record_failure(conn, username, address, now)
    return user, None


def _serialise(conn, username: str) -> None:
    # SQLite: BEGIN IMMEDIATE (engine/data/db.py) already holds the write lock.
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"),
                     {"k": _lock_id(f"login-user:{_key(username)}")})


def _lock_id(name: str) -> int:
    """A signed 64-bit advisory lock key from a name."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def record_failure(conn, username: str, address: str, now: datetime) -> None:
    """Count a wrong password; the failure that locks the account is audited."""
    conn.execute(insert(login_failure).values(
        username=_key(username), address=address[:64], at=_utc(now)))
    count, oldest = _failures(conn, login_failure.c.username, _key(username), now)
    if count == current_app.config["LOGIN_MAX_FAILURES"]:
        audit.record(conn, case_id=None, at=now, actor="system", action="account_locked",
                     user=_key(username), address=address, until=_aware(oldest) + _window())


def forget_failures(conn, username: str) -> None:
    """A right password: the account's earlier failures no longer count."""
    conn.execute(delete(login_failure).where(login_failure.c.username == _key(username)))


def locked_until(conn, username: str, now: datetime | None = None) -> datetime | None:
    """When the account's lock lifts by itself, or None when it is not locked
    (for the admin pages). Needs an app context for the configured limits."""
    count, oldest = _failures(conn, login_failure.c.username, _key(username),
                              now or current_now())
    return _aware(oldest) + _window() if count >= current_app.config["LOGIN_MAX_FAILURES"] else None


def locked_accounts(conn, now: datetime | None = None) -> dict[str, datetime]:
    """{username key: when its lock lifts} of every locked account, in one
    query (the admin pages). Needs an app context for the configured limits."""
    now = now or current_now()
    rows = conn.execute(
        select(login_failure.c.username, func.min(login_failure.c.at))
        .where(login_failure.c.at > _utc(now - _window()))
        .group_by(login_failure.c.username)
        .having(func.count() >= current_app.config["LOGIN_MAX_FAILURES"])).all()
    return {name: _aware(first) + _window() for name, first in rows}


def unlock(conn, username: str, actor: str = "system", now: datetime | None = None) -> bool:
    """An administrator lifts the lock now; False when there were no failures to forget."""
    gone = conn.execute(delete(login_failure).where(
        login_failure.c.username == _key(username))).rowcount
    if gone:
        audit.record(conn, case_id=None, at=now or current_now(), actor=actor,
                     action="account_unlocked", user=_key(username))
    return bool(gone)


def client_address() -> str:
    return (request.remote_addr or "unknown")[:64]


def _utc(instant: datetime) -> datetime:
    # SQLite keeps an instant's wall time as text: store and compare in UTC.
    return instant.astimezone(timezone.utc)


def _aware(instant: datetime) -> datetime:
    return instant if instant.tzinfo else instant.replace(tzinfo=timezone.utc)
