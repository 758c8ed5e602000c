"""`civicflow db ...`"""
import click
from flask import current_app
from flask.cli import with_appcontext

from engine.data.db import migrate


def register(cli):
    cli.add_command(db_group)


@click.group("db")
def db_group():
    """Database schema."""


@db_group.command("upgrade")
@click.option("--revision", default="head", show_default=True)
@with_appcontext
def upgrade(revision):
    """Apply the Alembic migrations."""
    url = current_app.config["DATABASE_URL"]
    migrate(url, revision)
    click.echo(f"database at revision {revision}")
