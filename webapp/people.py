"""People's names where a page would otherwise show an account code: who
claimed or finished a task, who did each step of the timeline, who wrote a
comment or attached a file. A clerk reads 工務局承辦人, not pwb.officer."""
from __future__ import annotations

from flask import g
from flask_babel import gettext as _

from engine.cases.people import display_names

from .extensions import db


def _special(username: str) -> str | None:
    # Actors that are not accounts: the engine, the citizen on the web form.
    return {"system": _("the system"), "citizen": _("the petitioner, online"),
            "petitioner": _("the petitioner"), "consumer": _("the consumer, online"),
            "cli": _("an administrator, on the server's command line"),
            "oidc": _("the city's single sign-on")}.get(username)


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
            known.update(display_names(conn, {username}))
    return known[username]


def known_names(conn, usernames) -> dict[str, str]:
    """{username: name} of many accounts, read in one query (engine/cases/people.py)
    for a page that names each row's holder or actor (the inbox, the audit
    trail, a bulk summary); person_name then reads none. Actors that are not
    accounts get their words, as person_name gives them."""
    known = g.setdefault("person_names", {})
    asked = {u for u in usernames if u}
    known.update(display_names(conn, {u for u in asked if u not in known and not _special(u)}))
    return {u: _special(u) or known[u] for u in asked}


def account_code(username) -> str | None:
    """The account code to show under its name (where codes are searched, as
    in the audit trail); None for actors that are not accounts and for an
    account whose name is its code."""
    if not username or _special(username) or person_name(username) == username:
        return None
    return username
