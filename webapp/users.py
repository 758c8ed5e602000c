"""Officers as Flask-Login users, loaded from app_user; API tokens.

Tokens are random strings shown once; only their SHA-256 is stored, so a
leaked database does not leak usable tokens.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone

from flask_login import UserMixin
from sqlalchemy import insert, select
from werkzeug.security import check_password_hash, generate_password_hash

from engine.models.meta import ROLES
from engine.data.schema import agency, api_token, app_user


@dataclass(frozen=True)
class User(UserMixin):
    id: int
    username: str
    agency: str
    roles: frozenset
    display_name: str = ""
    locale: str = "zh_TW"

    def get_id(self) -> str:
        return str(self.id)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @classmethod
    def from_row(cls, row) -> "User":
        roles = frozenset(r.strip() for r in row.roles.split(",") if r.strip())
        return cls(row.id, row.username, row.agency_code, roles,
                   row.display_name or row.username, row.locale)


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
             display_name: str = "") -> int:
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
        roles=",".join(roles), created_at=datetime.now(timezone.utc),
    )).inserted_primary_key[0]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(conn, username: str, label: str = "") -> str:
    user_id = conn.execute(select(app_user.c.id).where(app_user.c.username == username)).scalar()
    if user_id is None:
        raise ValueError(f"unknown user '{username}'")
    token = "cf_" + secrets.token_urlsafe(32)
    conn.execute(insert(api_token).values(
        user_id=user_id, token_hash=token_hash(token), label=label,
        created_at=datetime.now(timezone.utc)))
    return token


def user_for_token(conn, token: str) -> User | None:
    row = conn.execute(
        select(app_user, api_token.c.id.label("token_id"))
        .join(api_token, api_token.c.user_id == app_user.c.id)
        .where(api_token.c.token_hash == token_hash(token),
               api_token.c.revoked.is_(False), app_user.c.active.is_(True))).first()
    return User.from_row(row) if row else None
