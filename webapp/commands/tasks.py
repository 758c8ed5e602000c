"""`civicflow tasks reassign --from USER --to USER [--agency CODE] [--as USER]`:
an officer leaves and their open tasks go to a colleague, from the command line.
`--as` names the supervisor who decided it: the audit records them, and the
engine's checks apply to them as in the browser.
The tasks run in batches through engine/cases/bulk.py (each task its own
transaction, audit row and conflict check) and a line per batch says how far
the run is; a task someone finished or took meanwhile is reported, not moved."""
import click
from flask.cli import with_appcontext
from sqlalchemy import select

from engine.cases import bulk
from engine.cases.actors import SYSTEM, Actor
from engine.data.errors import InvalidData
from engine.data.schema import task
from webapp.extensions import db, runtime
from webapp.users import User, get_user

BATCH = 25


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
@with_appcontext
def reassign(from_user, to_user, agency_code, as_user):
    """Give every open task FROM holds to TO; prints progress and a summary."""
    actor = _acting(as_user)
    items = _held(from_user, agency_code)
    if not items:
        click.echo(f"{from_user} holds no open tasks{_at(agency_code)}; nothing to do.")
        return
    action = bulk.Action("reassign", officer=to_user)
    results = []
    for start in range(0, len(items), BATCH):
        results += _batch(action, items[start:start + BATCH], actor)
        click.echo(f"  {len(results)} of {len(items)} handled: {_counts(results)}")
    _summary(results, from_user, to_user)


def _acting(username: str | None) -> Actor:
    """The person the run acts as: an active supervisor (the engine lets only
    supervisors move tasks)."""
    if username is None:
        return SYSTEM
    with db().connect() as conn:
        row = get_user(conn, username)
    if row is None or not row.active:
        raise click.BadParameter(f"no active user '{username}'", param_hint="--as")
    user = User.from_row(row)
    if not user.has_role("supervisor"):
        raise click.BadParameter(f"'{username}' is not a supervisor",
                                 param_hint="--as")
    return Actor(user.username, user.agency, user.roles)


def _held(username: str, agency_code) -> list:
    """The open tasks `username` holds, each expecting them as its holder."""
    q = select(task.c.id).where(task.c.state == "ready", task.c.assignee == username)
    if agency_code:
        q = q.where(task.c.candidate_agency == agency_code)
    with db().connect() as conn:
        return [bulk.Item(tid, username) for tid in conn.execute(q.order_by(task.c.id)).scalars()]


def _batch(action: bulk.Action, items: list, actor: Actor = SYSTEM) -> list:
    try:
        return bulk.run(runtime(), action, items, actor)
    except InvalidData as exc:   # the arguments: the same for every batch, so stop at once
        problems = ", ".join(f"{name}: {getattr(err, 'code', err)}" for name, err in exc.errors.items())
        raise click.ClickException(f"cannot reassign ({problems})") from None


def _counts(results) -> str:
    n = {s: sum(1 for r in results if r.status == s) for s in ("ok", "conflict", "refused")}
    return f"{n['ok']} moved, {n['conflict']} handled by someone else, {n['refused']} refused"


def _summary(results, from_user, to_user) -> None:
    moved = sum(1 for r in results if r.status == "ok")
    click.echo(f"{moved} of {len(results)} tasks of {from_user} now belong to {to_user}.")
    for r in results:
        if r.status != "ok":
            click.echo(f"  not moved: {r.number or r.id} {r.task or ''}: {_why(r)}")


def _why(r) -> str:
    """What happened to a task not moved, as far as the database knows."""
    p = r.params
    who = f" by {p['by']} at {p['at']}" if p.get("by") else ""
    if r.status == "conflict":
        return f"already handled by someone else ({p.get('state') or 'changed'}{who})"
    return f"refused ({r.code})"


def _at(agency_code) -> str:
    return f" at {agency_code}" if agency_code else ""
