"""`civicflow tasks reassign --from USER --to USER [--agency CODE]`: an
officer leaves and their open tasks go to a colleague, from the command line.
The tasks run in batches through engine/cases/bulk.py (each task its own
transaction, audit row and conflict check) and a line per batch says how far
the run is; a task someone finished or took meanwhile is reported, not moved."""
import click
from flask.cli import with_appcontext
from sqlalchemy import select

from engine.cases import bulk
from engine.cases.actors import SYSTEM
from engine.data.errors import InvalidData
from engine.data.schema import task
from webapp.extensions import db, runtime

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
@with_appcontext
def reassign(from_user, to_user, agency_code):
    """Give every open task FROM holds to TO; prints progress and a summary."""
    items = _held(from_user, agency_code)
    if not items:
        click.echo(f"{from_user} holds no open tasks{_at(agency_code)}; nothing to do.")
        return
    action = bulk.Action("reassign", officer=to_user)
    results = []
    for start in range(0, len(items), BATCH):
        results += _batch(action, items[start:start + BATCH])
        click.echo(f"  {len(results)} of {len(items)} handled: {_counts(results)}")
    _summary(results, from_user, to_user)


def _held(username: str, agency_code) -> list:
    """The open tasks `username` holds, each expecting them as its holder."""
    q = select(task.c.id).where(task.c.state == "ready", task.c.assignee == username)
    if agency_code:
        q = q.where(task.c.candidate_agency == agency_code)
    with db().connect() as conn:
        return [bulk.Item(tid, username) for tid in conn.execute(q.order_by(task.c.id)).scalars()]


def _batch(action: bulk.Action, items: list) -> list:
    try:
        return bulk.run(runtime(), action, items, SYSTEM)
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
