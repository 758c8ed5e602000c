"""`civicflow user add ...` and `civicflow token create ...`"""
import click
from flask.cli import with_appcontext

from webapp import users
from webapp.extensions import db


def register(cli):
    cli.add_command(user_group)
    cli.add_command(token_group)


@click.group("user")
def user_group():
    """Officer accounts."""


@user_group.command("add")
@click.argument("username")
@click.option("--agency", "agency_code", required=True, help="agency code, e.g. RDEC")
@click.option("--role", "roles", required=True, multiple=True,
              help="intake, officer, supervisor, analyst or admin (repeatable)")
@click.option("--name", "display_name", default="", help="display name")
@click.password_option(help="asked for when not given")
@with_appcontext
def add(username, agency_code, roles, display_name, password):
    """Create a user of an agency with one or more roles."""
    roles = [r for item in roles for r in item.split(",") if r]
    try:
        with db().begin() as conn:
            users.add_user(conn, username, agency_code, roles, password, display_name)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"user {username} ({agency_code}: {', '.join(roles)}) created")


@click.group("token")
def token_group():
    """API bearer tokens."""


@token_group.command("create")
@click.argument("username")
@click.option("--label", default="", help="what the token is for")
@with_appcontext
def create(username, label):
    """Print a new API token for USERNAME (shown only this once)."""
    try:
        with db().begin() as conn:
            token = users.create_token(conn, username, label)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(token)
