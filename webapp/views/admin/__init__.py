"""/admin: what an administrator looks after, one module per page.

`home` (what needs attention, whether mail goes out), `users`, `agencies`,
`calendar`, `timers`,
`outbox`, `tokens`, `audit`. Every page needs the admin role; every change
is one transaction with its audit record (the functions in webapp/users.py
and engine/scheduling write both)."""
from flask import Blueprint, abort
from flask_login import current_user, login_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def _admins_only():
    if not current_user.has_role("admin"):
        abort(403)


from . import agencies, audit, calendar, home, outbox, resources, timers, tokens, users  # noqa: E402,F401  (routes on bp)
