"""Who may post service requests: the API key of a registered Open311 client
(a service account named in OPEN311_CLIENTS) or of an intake clerk. Any other
token (an officer's, a supervisor's) is refused, as on the REST API; each key
is limited to OPEN311_RATE_LIMIT posts."""
from __future__ import annotations

from flask import current_app

from .. import users
from ..extensions import clock, db
from ..form_limits import key_within_limit

POSTERS = ("intake",)   # roles whose own tokens may post, as POST /api/v1/cases allows


def registered(username: str) -> bool:
    names = current_app.config.get("OPEN311_CLIENTS") or ""
    if isinstance(names, str):
        names = names.split(",")
    return username in {n.strip() for n in names if n.strip()}


def poster(conn, key: str):
    """The user a key posts for, or None when the key may not post."""
    user = users.token_user(db(), conn, key, clock().now()) if key else None
    if user is None or not (registered(user.username) or user.has_role(*POSTERS)):
        return None
    return user


def within_limit(key: str) -> bool:
    return key_within_limit("open311", key, "OPEN311_RATE_LIMIT")
