"""`civicflow demo`: reference data, the shipped models and a period of cases."""
import click
from flask.cli import with_appcontext

from engine.demo.generate import has_cases, run_demo
from engine.demo.reference import demo_password
from webapp.extensions import db


def register(cli):
    cli.add_command(demo)


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="do nothing when the database already has cases")
@click.option("--cases", default=2500, show_default=True, help="cases to start")
@click.option("--days", default=120, show_default=True, help="length of the period, ending now")
@click.option("--seed", default=2020, show_default=True, help="random seed (same seed, same cases)")
@with_appcontext
def demo(if_empty, cases, days, seed):
    """Load the city's agencies, demo users, the models and demo cases."""
    engine = db()
    if if_empty and has_cases(engine):
        click.echo("demo: the database already has cases; nothing loaded")
        return
    stats = run_demo(engine, cases=cases, days=days, seed=seed, progress=click.echo)
    click.echo(f"demo: {stats.completed_tasks} tasks completed, {stats.timers_fired} timers fired, "
               f"{stats.errors} steps refused")
    click.echo(f"demo accounts: <agency code>.officer / .supervisor / .intake (e.g. pwb.officer), "
               f"analyst, admin; password: {demo_password()}")
