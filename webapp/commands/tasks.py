"""`civicflow tasks reassign --from USER --to USER [--agency CODE] [--as USER] [--lang zh_TW|en]`:
an officer leaves and their open tasks go to a colleague, from the command line.
`--as` names the supervisor who decided it: the audit records them, and the
engine's checks apply to them as in the browser.
The tasks run in batches through engine/cases/bulk.py (each task its own
transaction, audit row and conflict check) and a line per batch says how far
the run is; a task someone finished or took meanwhile is reported, not moved.
It speaks the operator's language from the web pages' catalogue: zh-TW unless
`--lang en` or DEFAULT_LOCALE=en (config.py)."""
import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from engine.cases import bulk
from engine.cases.actors import SYSTEM, Actor
from engine.data.errors import InvalidData
from engine.data.schema import task
from webapp import bulk_form
from webapp.extensions import db, runtime
from webapp.users import User, get_user

from .task_words import agency_words, counts_line, not_moved_lines, person

BATCH = 25
LANGS = ("zh_TW", "en")


class Refused(click.ClickException):
    """Said in the operator's language alone (click's own words are English)."""
    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file=None) -> None:
        click.echo(self.message, err=True)


def register(cli):
    cli.add_command(tasks_group)


@click.group("tasks")
def tasks_group():
    """Open tasks, in bulk."""


@tasks_group.command("reassign")
@click.option("--from", "from_user", required=True, help="username whose open tasks move")
@click.option("--to", "to_user", required=True, help="username who takes them over")
@click.option("--agency", "agency_code", default=None, help="only tasks of this agency, e.g. PWB")
@click.option("--as", "as_user", default=None,
              help="the supervisor deciding it (recorded in the audit; default: system)")
@click.option("--lang", type=click.Choice(LANGS), default=None,
              help="language of the messages (default: DEFAULT_LOCALE, else zh_TW)")
@with_appcontext
def reassign(from_user, to_user, agency_code, as_user, lang):
    """Give every open task FROM holds to TO; prints progress and a summary."""
    with force_locale(lang or _default_locale()):
        _reassign(from_user, to_user, agency_code, as_user)


def _default_locale() -> str:
    return "en" if str(current_app.config.get("BABEL_DEFAULT_LOCALE", "")).startswith("en") else "zh_TW"


def _reassign(from_user, to_user, agency_code, as_user):
    actor = _acting(as_user)
    items = _held(from_user, agency_code)
    if not items:
        click.echo(_("%(user)s holds no open tasks; nothing to do.", user=person(from_user))
                   if not agency_code else
                   _("%(user)s holds no open tasks at %(agency)s; nothing to do.",
                     user=person(from_user), agency=agency_words(agency_code)))
        return
    action = bulk.Action("reassign", officer=to_user)
    _check(action, actor, min(len(items), BATCH))   # a bad --to stops the run before it starts
    click.echo(_("Moving %(count)s open tasks of %(from)s to %(to)s, %(batch)s at a time.",
                 count=len(items), batch=BATCH, **{"from": person(from_user), "to": person(to_user)}))
    results = []
    for start in range(0, len(items), BATCH):
        results += _batch(action, items[start:start + BATCH], actor)
        click.echo(counts_line(results, len(items)))
    _summary(results, from_user, to_user)


def _acting(username: str | None) -> Actor:
    """The person the run acts as: an active supervisor (the engine lets only
    supervisors move tasks)."""
    if username is None:
        return SYSTEM
    with db().connect() as conn:
        row = get_user(conn, username)
    if row is None or not row.active:
        raise Refused(_("--as: there is no active user “%(user)s”.", user=username), 2)
    user = User.from_row(row)
    if not user.has_role("supervisor"):
        raise Refused(_("--as: %(user)s is not a supervisor.", user=person(username)), 2)
    return Actor(user.username, user.agency, user.roles)


def _held(username: str, agency_code) -> list:
    """The open tasks `username` holds, each expecting them as its holder."""
    q = select(task.c.id).where(task.c.state == "ready", task.c.assignee == username)
    if agency_code:
        q = q.where(task.c.candidate_agency == agency_code)
    with db().connect() as conn:
        return [bulk.Item(tid, username) for tid in conn.execute(q.order_by(task.c.id)).scalars()]


def _check(action: bulk.Action, actor: Actor, count: int) -> None:
    with db().connect() as conn:
        try:
            bulk.check(conn, action, actor, count)
        except InvalidData as exc:
            raise _refusal(exc) from None


def _batch(action: bulk.Action, items: list, actor: Actor = SYSTEM) -> list:
    try:
        return bulk.run(runtime(), action, items, actor)
    except InvalidData as exc:   # the arguments: the same for every batch, so stop at once
        raise _refusal(exc) from None


def _refusal(exc: InvalidData) -> Refused:
    problems = "; ".join(bulk_form.field_errors(exc.errors).values())
    return Refused(_("Nothing was moved: %(problems)s", problems=problems), 1)


def _summary(results, from_user, to_user) -> None:
    moved = sum(1 for r in results if r.status == "ok")
    click.echo(_("%(moved)s of %(total)s tasks of %(from)s now belong to %(to)s.",
                 moved=moved, total=len(results), **{"from": person(from_user), "to": person(to_user)}))
    for line in not_moved_lines(results):
        click.echo(line)
