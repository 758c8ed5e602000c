"""A task someone got to first, said as the officer reads it on the task
page: who holds it now, or who completed it and when, and that what he
filled in was not sent. The engine's Conflict says it in English, for the API."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from engine.data.schema import task

from .i18n import current_locale, local_dt
from .people import known_names


def words(conn, task_id: str, sending: bool) -> str:
    """Why a claim (`sending` False) or a completion (True) of the task found
    it taken; the case and the task are the viewer's to see."""
    row = conn.execute(select(task.c.state, task.c.assignee, task.c.completed_by,
                              task.c.completed_at).where(task.c.id == str(task_id))).first()
    if row is None:
        return _("Already handled by someone else.")
    me = current_user.username
    if row.state == "completed":
        return _completed(conn, row, me)
    if row.state == "ready" and row.assignee == me:   # still his: the case moved under him
        return _("The case changed while you filled in the form: check it and send the form again.") \
            if sending else _("You have already claimed this task.")
    said = _("Already handled by someone else.")
    if row.state == "ready" and row.assignee:
        said = _("%(who)s claimed this task first; it is theirs now.",
                 who=known_names(conn, [row.assignee])[row.assignee])
    return _not_sent(said) if sending else said


def _completed(conn, row, me) -> str:
    when = local_dt(row.completed_at)
    if row.completed_by == me:
        return _("You completed this task on %(when)s (in another window or tab); "
                 "what you filled in this time was not sent.", when=when)
    who = known_names(conn, [row.completed_by])[row.completed_by] if row.completed_by else ""
    return _not_sent(_("Already handled by someone else: completed by %(who)s on %(when)s.",
                       who=who, when=when))


def _not_sent(said: str) -> str:
    gap = " " if current_locale().startswith("en") else ""   # Chinese sentences run on
    return f"{said}{gap}{_('What you filled in was not sent.')}"
