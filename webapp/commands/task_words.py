"""What `civicflow tasks reassign` says, in the language forced around it
(flask_babel.force_locale): people by name and username, agencies by name,
each task not moved with the reason the web summary gives (bulk_form)."""
from types import SimpleNamespace

from flask_babel import gettext as _

from engine.cases.people import display_names
from webapp import bulk_form
from webapp.extensions import db
from webapp.i18n import current_locale
from webapp.labels import task_name


def person(username: str) -> str:
    """林怡君（doa.lin）: the name an operator knows and the username they typed."""
    with db().connect() as conn:
        name = display_names(conn, {username}).get(username)
    return f"{name}（{username}）" if name and name != username else username


def agency_words(code: str) -> str:
    with db().connect() as conn:
        return bulk_form.agency_name(conn, code, current_locale())


def counts_line(results: list, total: int) -> str:
    """How far the run is, after each batch."""
    n = {s: sum(1 for r in results if r.status == s) for s in ("ok", "conflict", "refused")}
    return "  " + _("%(done)s of %(total)s handled (%(percent)s%%): %(ok)s moved, %(conflict)s "
                    "handled by someone else, %(refused)s refused",
                    done=len(results), total=total, percent=100 * len(results) // max(total, 1),
                    ok=n["ok"], conflict=n["conflict"], refused=n["refused"])


def not_moved_lines(results: list) -> list[str]:
    """One line per task not moved: its case, its step and what happened."""
    missed = [r for r in results if r.status != "ok"]
    if not missed:
        return []
    with db().connect() as conn:
        names = display_names(conn, bulk_form.people_in(missed))
    return ["  " + _("Not moved: %(case)s %(task)s: %(why)s", case=r.number or r.id,
                     task=task_name(SimpleNamespace(name=r.task)) if r.task else "",
                     why=bulk_form.result_message(r, names))
            for r in missed]
