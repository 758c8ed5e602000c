"""Officers as Flask-Login users, loaded from app_user; API tokens; what an
administrator does to them (webapp/views/admin, `civicflow user|token`).

Tokens are random strings shown once; only their SHA-256 is stored, so a
leaked database does not leak usable tokens. A deactivated user is refused
by `load` (every request of a browser session) and `user_for_token`, so
deactivation takes effect on the next request. Each administrative change
is written with its audit record in the caller's transaction.

Every instant stamped here (created, password changed, token created and
last used, deactivated, signed in) is the `now` the caller passes: the
app's clock (webapp/extensions.clock, a test's FrozenClock), never the
machine's. Left out, it is the running command's clock
(engine.time.clock.current_now: the app's while a request runs).
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from flask_login import UserMixin
from sqlalchemy import bindparam, func, insert, or_, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from engine.cases import handover
from engine.data import audit
from engine.models.meta import ROLES
from engine.time.clock import current_now
from engine.data.schema import agency, api_token, app_user


@dataclass(frozen=True)
class User(UserMixin):
    id: int
    username: str
    agency: str
    roles: frozenset
    display_name: str = ""
    locale: str = "zh_TW"
    must_change_password: bool = False
    session_epoch: int = 0      # the session cookie must carry this (end_sessions)

    def get_id(self) -> str:
        return str(self.id)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @classmethod
    def from_row(cls, row) -> "User":
        roles = frozenset(r.strip() for r in row.roles.split(",") if r.strip())
        return cls(row.id, row.username, row.agency_code, roles,
                   row.display_name or row.username, row.locale,
                   bool(getattr(row, "must_change_password", False)),
                   int(getattr(row, "session_epoch", 0) or 0))


def load(conn, user_id: int) -> User | None:
    row = conn.execute(select(app_user).where(
        app_user.c.id == user_id, app_user.c.active.is_(True))).first()
    return User.from_row(row) if row else None


def authenticate(conn, username: str, password: str) -> User | None:
    row = conn.execute(select(app_user).where(
        app_user.c.username == username, app_user.c.active.is_(True))).first()
    if row is None:
        # Hash anyway so a wrong username costs as long as a wrong password.
        check_password_hash(_DUMMY_HASH, password)
        return None
    return User.from_row(row) if check_password_hash(row.password_hash, password) else None


_DUMMY_HASH = generate_password_hash("not a password")


def add_user(conn, username: str, agency_code: str, roles: list[str], password: str,
             display_name: str = "", now: datetime | None = None) -> int:
    bad = [r for r in roles if r not in ROLES]
    if bad:
        raise ValueError(f"unknown role(s): {', '.join(bad)}; known: {', '.join(ROLES)}")
    if conn.execute(select(agency.c.code).where(agency.c.code == agency_code)).first() is None:
        raise ValueError(f"unknown agency '{agency_code}'")
    if conn.execute(select(app_user.c.id).where(app_user.c.username == username)).first():
        raise ValueError(f"user '{username}' exists already")
    return conn.execute(insert(app_user).values(
        username=username, password_hash=generate_password_hash(password),
        display_name=display_name or username, agency_code=agency_code,
        roles=",".join(roles), created_at=_utc(_now(now)),
    )).inserted_primary_key[0]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(conn, username: str, label: str = "", expires_at: datetime | None = None,
                 actor: str | None = None, now: datetime | None = None) -> str:
    """A new token (returned once). With `actor` the creation is audited."""
    user_id = conn.execute(select(app_user.c.id).where(app_user.c.username == username)).scalar()
    if user_id is None:
        raise ValueError(f"unknown user '{username}'")
    token = "cf_" + secrets.token_urlsafe(32)
    now = _now(now)
    token_id = conn.execute(insert(api_token).values(
        user_id=user_id, token_hash=token_hash(token), label=label,
        created_at=_utc(now), expires_at=_utc(expires_at))).inserted_primary_key[0]
    if actor:
        audit.record(conn, case_id=None, at=now, actor=actor, action="token_created",
                     user=username, token=token_id, label=label, expires_at=expires_at)
    return token


def _now(now: datetime | None) -> datetime:
    return now if now is not None else current_now()


def _utc(instant: datetime | None) -> datetime | None:
    # SQLite keeps an instant's wall time as text: store every instant in UTC.
    return instant.astimezone(timezone.utc) if instant is not None else None


# Built once: every API request checks its token (SQLAlchemy then finds the
# compiled form in its cache instead of building and keying a new statement).
TOKEN_USER = (
    select(app_user, api_token.c.id.label("token_id"),
           api_token.c.last_used_at.label("token_last_used_at"))
    .join(api_token, api_token.c.user_id == app_user.c.id)
    .where(api_token.c.token_hash == bindparam("token_hash"),
           api_token.c.revoked.is_(False), app_user.c.active.is_(True),
           or_(api_token.c.expires_at.is_(None),
               api_token.c.expires_at > bindparam("now", type_=api_token.c.expires_at.type))))


def user_for_token(conn, token: str, now: datetime | None = None) -> User | None:
    """The token's user while it is valid at `now` (the app's clock)."""
    row = token_row(conn, token, now)
    return User.from_row(row) if row else None


def token_row(conn, token: str, now: datetime | None = None):
    """The valid token's user row with its `token_id`, else None."""
    return conn.execute(TOKEN_USER, {"token_hash": token_hash(token),
                                     "now": _utc(_now(now))}).first()


USE_STAMPED_EVERY = timedelta(minutes=1)


def use_is_stale(row, now: datetime) -> bool:
    """Whether the token's last use (token_row's) is worth stamping again:
    at most once a minute, so a busy client's requests do not each write."""
    last = row.token_last_used_at
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=timezone.utc)   # SQLite gives wall time back
    return last is None or last <= _utc(now) - USE_STAMPED_EVERY


def record_token_use(conn, token_id: int, now: datetime) -> None:
    """Stamp the token's last use at `now` (the app's clock)."""
    conn.execute(update(api_token).where(api_token.c.id == token_id)
                 .values(last_used_at=_utc(now)))


def token_user(eng, conn, token: str, now: datetime) -> User | None:
    """The valid token's user read on `conn`; its use stamped (when stale) in
    a short transaction of its own on `eng`, the read staying a read."""
    row = token_row(conn, token, now)
    if row is None:
        return None
    if use_is_stale(row, now):
        with eng.begin() as writer:
            record_token_use(writer, row.token_id, now)
    return User.from_row(row)


# --- administration ---------------------------------------------------------

def list_users(conn, search: str = "") -> list:
    """Every account, by username; `search` matches username, name or e-mail."""
    query = select(app_user).order_by(app_user.c.username)
    if search.strip():
        like = f"%{search.strip().lower()}%"
        query = query.where(or_(func.lower(app_user.c.username).like(like),
                                func.lower(app_user.c.display_name).like(like),
                                func.lower(app_user.c.email).like(like)))
    return conn.execute(query).all()


def get_user(conn, username: str):
    return conn.execute(select(app_user).where(app_user.c.username == username)).first()


def _known(conn, username: str):
    row = get_user(conn, username)
    if row is None:
        raise ValueError(f"unknown user '{username}'")
    return row


def create_user(conn, username: str, agency_code: str, roles: list[str], password: str,
                display_name: str, actor: str, must_change: bool = False,
                now: datetime | None = None) -> int:
    """`must_change`: the password was chosen by someone else (an administrator),
    so the person chooses their own at the first sign-in."""
    now = _now(now)
    user_id = add_user(conn, username, agency_code, roles, password, display_name, now=now)
    if must_change:
        conn.execute(update(app_user).where(app_user.c.id == user_id)
                     .values(must_change_password=True))
    audit.record(conn, case_id=None, at=now, actor=actor,
                 action="user_created", user=username, agency=agency_code, roles=roles)
    return user_id


def update_user(conn, username: str, agency_code: str, roles: list[str], display_name: str,
                actor: str, now: datetime | None = None) -> dict[str | None, int]:
    """Change an account's agency, roles and name (audited with before and after).
    Moved to another agency, the person's open tasks in the old one go back to
    its queue (they no longer work there); returns {old agency: tasks returned}."""
    row = _known(conn, username)
    if not roles or any(r not in ROLES for r in roles):
        raise ValueError(f"roles must be some of: {', '.join(ROLES)}")
    now = _now(now)
    conn.execute(update(app_user).where(app_user.c.id == row.id).values(
        agency_code=agency_code, roles=",".join(roles), display_name=display_name or username))
    audit.record(conn, case_id=None, at=now, actor=actor,
                 action="user_changed", user=username,
                 before={"agency": row.agency_code, "roles": row.roles},
                 after={"agency": agency_code, "roles": ",".join(roles)})
    if agency_code == row.agency_code:
        return {}
    return handover.release(conn, username, actor, now, agency=row.agency_code)


def set_active(conn, username: str, active: bool, actor: str, now: datetime | None = None) -> bool:
    """Deactivate or reactivate; False when it already was so (nothing recorded)."""
    return change_active(conn, username, active, actor, now) is not None


def change_active(conn, username: str, active: bool, actor: str,
                  now: datetime | None = None) -> dict[str | None, int] | None:
    """Deactivate or reactivate; None when it already was so (nothing recorded),
    else {agency: open tasks returned to its queue} (a deactivation's: nobody
    signs in to finish them). Deactivation revokes the account's API tokens for
    good: a reactivated account gets new tokens, the old ones stay dead."""
    row = _known(conn, username)
    if bool(row.active) == active:
        return None
    now = _now(now)
    conn.execute(update(app_user).where(app_user.c.id == row.id).values(active=active))
    end_sessions(conn, row.id)
    audit.record(conn, case_id=None, at=now, actor=actor,
                 action="user_reactivated" if active else "user_deactivated", user=username)
    if active:
        return {}
    revoke_tokens_of(conn, row.id, username, actor, now)
    return handover.release(conn, username, actor, now)


def revoke_tokens_of(conn, user_id: int, username: str, actor: str,
                     now: datetime | None = None) -> int:
    """Revoke every token of the account still valid, one audit row each."""
    ids = conn.execute(select(api_token.c.id).where(
        api_token.c.user_id == user_id, api_token.c.revoked.is_(False))
        .order_by(api_token.c.id)).scalars().all()
    now = _now(now)
    for token_id in ids:
        conn.execute(update(api_token).where(api_token.c.id == token_id).values(revoked=True))
        audit.record(conn, case_id=None, at=now, actor=actor,
                     action="token_revoked", token=token_id, user=username)
    return len(ids)


def reset_password(conn, username: str, actor: str, now: datetime | None = None) -> str:
    """A one-time password for the admin to hand over; the user must replace it
    at the next sign-in. Returns it (never stored in clear, never audited)."""
    row = _known(conn, username)
    temporary = secrets.token_urlsafe(9)
    conn.execute(update(app_user).where(app_user.c.id == row.id).values(
        password_hash=generate_password_hash(temporary), must_change_password=True))
    end_sessions(conn, row.id)
    audit.record(conn, case_id=None, at=_now(now), actor=actor,
                 action="password_reset", user=username)
    return temporary


def change_password(conn, user_id: int, new_password: str, now: datetime | None = None) -> int:
    """The user's own new password; ends a reset's obligation and every session
    of the user; returns the new session epoch for the browser that changed it."""
    row = conn.execute(select(app_user.c.username).where(app_user.c.id == user_id)).one()
    conn.execute(update(app_user).where(app_user.c.id == user_id).values(
        password_hash=generate_password_hash(new_password), must_change_password=False))
    audit.record(conn, case_id=None, at=_now(now), actor=row.username,
                 action="password_changed", user=row.username)
    return end_sessions(conn, user_id)


def end_sessions(conn, user_id: int) -> int:
    """Every session cookie of the user stops opening pages (the request's check
    in webapp/security.py compares epochs); returns the new epoch."""
    conn.execute(update(app_user).where(app_user.c.id == user_id)
                 .values(session_epoch=app_user.c.session_epoch + 1))
    return conn.execute(select(app_user.c.session_epoch).where(app_user.c.id == user_id)).scalar()


def check_password(conn, user_id: int, password: str) -> bool:
    found = conn.execute(select(app_user.c.password_hash).where(app_user.c.id == user_id)).scalar()
    return bool(found) and check_password_hash(found, password)


def record_sign_in(conn, user_id: int, now: datetime | None = None) -> None:
    now = _now(now)
    row = conn.execute(select(app_user.c.username).where(app_user.c.id == user_id)).one()
    conn.execute(update(app_user).where(app_user.c.id == user_id).values(last_login_at=_utc(now)))
    audit.record(conn, case_id=None, at=now, actor=row.username, action="signed_in")


def list_tokens(conn, username: str | None = None) -> list:
    """Tokens without their secret: id, user, label, created, expiry, last use, revoked."""
    query = (select(api_token.c.id, app_user.c.username, api_token.c.label,
                    api_token.c.created_at, api_token.c.expires_at, api_token.c.last_used_at,
                    api_token.c.revoked)
             .join(app_user, app_user.c.id == api_token.c.user_id)
             .order_by(api_token.c.revoked, api_token.c.id.desc()))
    if username:
        query = query.where(app_user.c.username == username)
    return conn.execute(query).all()


def revoke_token(conn, token_id: int, actor: str, now: datetime | None = None) -> bool:
    """False when there is no such token or it was revoked already."""
    res = conn.execute(update(api_token).where(api_token.c.id == token_id,
                                               api_token.c.revoked.is_(False))
                       .values(revoked=True))
    if res.rowcount != 1:
        return False
    audit.record(conn, case_id=None, at=_now(now), actor=actor,
                 action="token_revoked", token=token_id)
    return True


def counts(conn) -> dict:
    """Accounts that need an administrator's eye, for the first admin screen."""
    def count(*where):
        return conn.execute(select(func.count()).select_from(app_user).where(*where)).scalar()
    return {"inactive": count(app_user.c.active.is_(False)),
            "must_change": count(app_user.c.active.is_(True),
                                 app_user.c.must_change_password.is_(True))}
