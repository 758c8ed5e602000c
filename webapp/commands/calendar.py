"""`civicflow calendar list|add|remove`: the government working calendar."""
from datetime import date, datetime

import click
from flask.cli import with_appcontext

from engine.cases import calendar_moves
from engine.cases.actors import Actor
from engine.data.errors import NotFound
from engine.time import districts as kdistricts
from engine.time.calendar import HOLIDAY, OVERRIDE_KINDS, WorkingCalendar, list_overrides
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
    for row in overrides.values():   # closures of some districts: the city works
        if row.districts:
            click.echo(f"{row.day.isoformat()} {row.day.strftime('%a')} off in "
                       f"{row.districts} [{row.reason} — {row.created_by}]")


def _districts(values) -> frozenset[str] | None:
    try:
        return frozenset(kdistricts.resolve(v) for v in values) or None
    except kdistricts.UnknownDistrict as err:
        raise click.BadParameter(f"{err.value!r} is not a Kaohsiung district "
                                 "(a code like LINGYA or a name like 苓雅區)",
                                 param_hint="--district") from None


@calendar_group.command("add")
@click.argument("day")
@click.option("--kind", type=click.Choice(OVERRIDE_KINDS),
              help="holiday: offices closed (e.g. 停班 for a typhoon); workday: an extra working day")
@click.option("--closed", is_flag=True, help="offices closed (停班): the same as --kind holiday")
@click.option("--district", "district_names", multiple=True, metavar="DISTRICT",
              help="close only this district (苓雅區, 苓雅 or LINGYA); repeat for several; "
                   "none: the whole city")
@click.option("--reason", default="", help="shown in the calendar and the audit of deadlines")
@click.option("--by", "created_by", default="cli", show_default=True, help="who decided it")
@with_appcontext
def add(day, kind, closed, district_names, reason, created_by):
    """Declare DAY (YYYY-MM-DD) a holiday or a workday, replacing any override."""
    d, kind = _day(day), _kind(kind, closed)
    scope = _districts(district_names)
    if scope and kind != HOLIDAY:
        raise click.UsageError("--district is for a closure (--closed): "
                               "an extra working day is for the whole city")
    moves = calendar_moves.declare(runtime(), calendar_moves.Change(d, kind, reason, scope),
                                   _admin(created_by))
    where = ",".join(sorted(moves.closure or scope)) if scope else "the whole city"
    click.echo(f"{d.isoformat()} is now a {kind} ({where}): {reason} "
               f"({moves.count} open deadlines moved)")
    for code, n in sorted(moves.per_agency().items()):
        click.echo(f"  {code}: {n}")


def _kind(kind: str | None, closed: bool) -> str:
    if closed and kind not in (None, HOLIDAY):
        raise click.UsageError("--closed means --kind holiday")
    if not (kind or closed):
        raise click.UsageError("say what happens: --closed (or --kind holiday|workday)")
    return HOLIDAY if closed else kind


@calendar_group.command("remove")
@click.argument("day")
@click.option("--district", "district_names", multiple=True, metavar="DISTRICT",
              help="reopen only this district of the day's closure; repeat for several")
@click.option("--by", default="cli", show_default=True, help="who decided it")
@with_appcontext
def remove(day, district_names, by):
    """Drop the override of DAY (the government calendar applies again), or
    with --district only those districts of its closure."""
    d, scope = _day(day), _districts(district_names)
    try:
        moves = calendar_moves.declare(runtime(), calendar_moves.Change(d, None, districts=scope),
                                       _admin(by))
    except NotFound:
        where = f" in {','.join(sorted(scope))}" if scope else ""
        raise click.ClickException(f"no closure{where} on {d.isoformat()}") from None
    if scope and moves.closure:
        click.echo(f"{','.join(sorted(scope))} reopened on {d.isoformat()}; still closed in "
                   f"{','.join(sorted(moves.closure))} ({moves.count} open deadlines moved)")
    else:
        click.echo(f"override of {d.isoformat()} removed ({moves.count} open deadlines moved)")


def _admin(username: str) -> Actor:
    # The command line is the operator's: it acts with the administrator's rights.
    return Actor(username, None, frozenset({"admin"}))
