"""People's names where a page would otherwise show an account code: who
claimed or finished a task, who did each step of the timeline, who wrote a
comment or attached a file. A clerk reads 工務局承辦人, not pwb.officer."""
from __future__ import annotations

from flask import g
from flask_babel import gettext as _
from sqlalchemy import select

from engine.data.schema import app_user

from .extensions import db


def _special(username: str) -> str | None:
    # Actors that are not accounts: the engine, the citizen on the web form.
    return {"system": _("the system"), "citizen": _("the petitioner, online"),
            "petitioner": _("the petitioner"), "consumer": _("the consumer, online")}.get(username)


def person_name(username) -> str:
    """The account's display name (read once per request and name), else the code as it is."""
    if not username:
        return ""
    special = _special(username)
    if special:
        return special
    known = g.setdefault("person_names", {})
    if username not in known:
        with db().connect() as conn:
            known[username] = conn.execute(select(app_user.c.display_name).where(
                app_user.c.username == username)).scalar() or username
    return known[username]


def known_names(conn, usernames) -> None:
    """Read the display names of many accounts in one query, for a page that
    names each row's actor (the audit trail): person_name then reads none."""
    known = g.setdefault("person_names", {})
    wanted = sorted({u for u in usernames if u and u not in known and not _special(u)})
    if wanted:
        found = dict(conn.execute(select(app_user.c.username, app_user.c.display_name)
                                  .where(app_user.c.username.in_(wanted))).all())
        known.update({u: found.get(u) or u for u in wanted})


def account_code(username) -> str | None:
    """The account code to show under its name (where codes are searched, as
    in the audit trail); None for actors that are not accounts and for an
    account whose name is its code."""
    if not username or _special(username) or person_name(username) == username:
        return None
    return username
