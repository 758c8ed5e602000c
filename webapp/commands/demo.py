"""`civicflow demo`: reference data, the shipped models and a period of cases.
Its progress and closing words (what was done, every account to sign in with) speak the
operator's language: zh-TW unless `--lang en` or DEFAULT_LOCALE=en."""
import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale
from flask_babel import gettext as _

from engine.demo.generate import has_cases, run_demo
from webapp.extensions import db

from .demo_accounts import account_lines
from .demo_progress import words as progress_words

LANGS = ("zh_TW", "en")


def register(cli):
    cli.add_command(demo)


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="do nothing when the database already has cases")
@click.option("--cases", default=2500, show_default=True, help="cases to start")
@click.option("--days", default=120, show_default=True, help="length of the period, ending now")
@click.option("--seed", default=2020, show_default=True, help="random seed (same seed, same cases)")
@click.option("--lang", type=click.Choice(LANGS), default=None,
              help="language of the closing message (default: DEFAULT_LOCALE, else zh_TW)")
@with_appcontext
def demo(if_empty, cases, days, seed, lang):
    """Load the city's agencies, demo users, the models and demo cases."""
    engine = db()
    with force_locale(lang or _default_locale()):
        if if_empty and has_cases(engine):
            click.echo(_("The database already has cases; no demo data was loaded."))
            return
        stats = run_demo(engine, cases=cases, days=days, seed=seed,
                         progress=lambda note: click.echo(progress_words(note)))
        click.echo(_("Demo data loaded: %(tasks)s tasks completed, %(timers)s timers fired, "
                     "%(refused)s steps refused.", tasks=stats.completed_tasks,
                     timers=stats.timers_fired, refused=stats.errors))
        for line in account_lines():
            click.echo(line)


def _default_locale() -> str:
    return "en" if str(current_app.config.get("BABEL_DEFAULT_LOCALE", "")).startswith("en") else "zh_TW"
