"""`civicflow calendar list|add|remove`: the government working calendar."""
from datetime import date, datetime

import click
from flask.cli import with_appcontext

from engine.cases import calendar_moves
from engine.cases.actors import Actor
from engine.data.errors import NotFound
from engine.time.calendar import OVERRIDE_KINDS, WorkingCalendar, list_overrides
from webapp.extensions import db, runtime


def register(cli):
    cli.add_command(calendar_group)


@click.group("calendar")
def calendar_group():
    """Holidays, make-up workdays and administrator overrides (typhoon closures)."""


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


@calendar_group.command("list")
@click.option("--year", type=int, default=lambda: datetime.now().year, show_default="this year")
@with_appcontext
def list_days(year):
    """Every day off on a weekday and every working weekend day of YEAR."""
    with db().connect() as conn:
        cal = WorkingCalendar.load(conn)
        overrides = {r.day: r for r in list_overrides(conn, year)}
    for day, reason in cal.days_off(year):
        state = "workday" if cal.is_working_day(day) else "off"
        row = overrides.get(day)
        note = f" [{row.reason} — {row.created_by}]" if row and row.reason else ""
        click.echo(f"{day.isoformat()} {day.strftime('%a')} {state:<7} {reason}{note}")


@calendar_group.command("add")
@click.argument("day")
@click.option("--kind", type=click.Choice(OVERRIDE_KINDS), required=True,
              help="holiday: offices closed (e.g. 停班 for a typhoon); workday: an extra working day")
@click.option("--reason", required=True, help="shown in the calendar and the audit of deadlines")
@click.option("--by", "created_by", default="cli", show_default=True, help="who decided it")
@with_appcontext
def add(day, kind, reason, created_by):
    """Declare DAY (YYYY-MM-DD) a holiday or a workday, replacing any override."""
    d = _day(day)
    moved = calendar_moves.apply(runtime(), calendar_moves.Change(d, kind, reason),
                                 _admin(created_by))
    click.echo(f"{d.isoformat()} is now a {kind}: {reason} ({moved} open deadlines moved)")


@calendar_group.command("remove")
@click.argument("day")
@click.option("--by", default="cli", show_default=True, help="who decided it")
@with_appcontext
def remove(day, by):
    """Drop the override of DAY; the government calendar applies again."""
    d = _day(day)
    try:
        moved = calendar_moves.apply(runtime(), calendar_moves.Change(d, None), _admin(by))
    except NotFound:
        raise click.ClickException(f"no override on {d.isoformat()}") from None
    click.echo(f"override of {d.isoformat()} removed ({moved} open deadlines moved)")


def _admin(username: str) -> Actor:
    # The command line is the operator's: it acts with the administrator's rights.
    return Actor(username, None, frozenset({"admin"}))
