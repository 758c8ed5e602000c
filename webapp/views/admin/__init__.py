"""/admin: what an administrator looks after, one module per page.

`home` (what needs attention, whether mail goes out), `users`, `agencies`,
`calendar`, `timers`,
`outbox`, `tokens`, `audit`. Every page needs the admin role, except the
agency-scoped ones a supervisor may use (scope.py); every change is one
transaction with its audit record (the functions in webapp/users.py and
engine/scheduling write both)."""
from flask import Blueprint, abort, request
from flask_login import current_user, login_required

from . import scope

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def _admins_or_supervisors_in_scope():
    if not scope.may_open(request.endpoint):
        abort(403)


@bp.app_context_processor
def _admin_area():
    # The navigation (base.html, admin/_nav.html) links only what the viewer may open.
    def admin_may_open(endpoint: str = "admin.home") -> bool:
        return current_user.is_authenticated and scope.may_open(endpoint)
    return {"admin_may_open": admin_may_open}


from . import agencies, audit, calendar, connections, home, outbox, resources, timers, tokens, users  # noqa: E402,F401  (routes on bp)
