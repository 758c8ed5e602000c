"""The current user's access scope for views: role checks and the Viewer
that every engine query takes."""
from __future__ import annotations

from functools import wraps

from flask import abort, g
from flask_login import current_user, login_required

from engine.cases.actors import Actor
from engine.cases.queries import Viewer


def viewer() -> Viewer:
    user = getattr(g, "api_user", None) or current_user
    return Viewer(user.username, user.agency, user.roles)


def actor():
    """The engine's Actor for the current user."""
    user = getattr(g, "api_user", None) or current_user
    return Actor(user.username, user.agency, frozenset(user.roles))


def roles_required(*roles: str):
    """Log in first; then the user needs one of `roles` (else 403)."""
    def decorate(view):
        @wraps(view)
        @login_required
        def wrapper(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)
        return wrapper
    return decorate

