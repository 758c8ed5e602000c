"""`civicflow user add|list|deactivate|reactivate|reset-password` and
`civicflow token create|list|revoke`: what /admin does, from the command line."""
import click
from flask.cli import with_appcontext

from webapp import users
from webapp.extensions import clock, db


MIN_PASSWORD = 10


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
    if len(password) < MIN_PASSWORD:   # as the account and admin pages ask
        raise click.BadParameter(f"at least {MIN_PASSWORD} characters", param_hint="--password")
    try:
        with db().begin() as conn:
            users.add_user(conn, username, agency_code, roles, password, display_name,
                           now=clock().now())
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"user {username} ({agency_code}: {', '.join(roles)}) created")


@click.group("token")
def token_group():
    """API bearer tokens."""


@token_group.command("create")
@click.argument("username")
@click.option("--label", default="", help="what the token is for")
@click.option("--days", type=click.IntRange(min=1), default=None,
              help="valid for this many days (default: until revoked)")
@with_appcontext
def create(username, label, days):
    """Print a new API token for USERNAME (shown only this once)."""
    from datetime import timedelta
    now = clock().now()
    until = now + timedelta(days=days) if days else None
    try:
        with db().begin() as conn:
            token = users.create_token(conn, username, label, until, actor=cli_actor(), now=now)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(token)


def cli_actor() -> str:
    """Who ran the command, for the audit trail (the operating-system account)."""
    import getpass
    try:
        return f"cli:{getpass.getuser()}"[:64]
    except (KeyError, OSError):   # no passwd entry in some containers
        return "cli"


def _run(change):
    """One transaction around `change(conn)`; a ValueError is the user's mistake."""
    try:
        with db().begin() as conn:
            return change(conn)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None


@user_group.command("list")
@click.option("--search", default="", help="part of a username, name or e-mail")
@with_appcontext
def list_users(search):
    """Accounts with agency, roles, state and last sign-in."""
    with db().connect() as conn:
        rows = users.list_users(conn, search)
    for r in rows:
        state = "active" if r.active else "deactivated"
        if r.active and r.must_change_password:
            state = "must-change-password"
        last = f"{r.last_login_at:%Y-%m-%d %H:%M}" if r.last_login_at else "never"
        click.echo(f"{r.username}\t{r.agency_code}\t{r.roles}\t{state}\tlast sign-in {last}")
    click.echo(f"{len(rows)} user(s)", err=True)


@user_group.command("deactivate")
@click.argument("username")
@with_appcontext
def deactivate(username):
    """Stop USERNAME signing in; open sessions and API tokens stop working at once."""
    changed = _run(lambda conn: users.set_active(conn, username, False, cli_actor(), clock().now()))
    click.echo(f"user {username} deactivated" if changed else f"user {username} was inactive already")


@user_group.command("reactivate")
@click.argument("username")
@with_appcontext
def reactivate(username):
    """Let a deactivated USERNAME sign in again."""
    changed = _run(lambda conn: users.set_active(conn, username, True, cli_actor(), clock().now()))
    click.echo(f"user {username} reactivated" if changed else f"user {username} was active already")


@user_group.command("reset-password")
@click.argument("username")
@with_appcontext
def reset_password(username):
    """Print a one-time password; USERNAME must choose a new one at the next sign-in."""
    click.echo(_run(lambda conn: users.reset_password(conn, username, cli_actor(), clock().now())))


@token_group.command("list")
@click.option("--user", "username", default=None, help="only this user's tokens")
@with_appcontext
def list_tokens(username):
    """Tokens by id, never their secret."""
    with db().connect() as conn:
        rows = users.list_tokens(conn, username)
    for r in rows:
        until = f"{r.expires_at:%Y-%m-%d %H:%M}" if r.expires_at else "until revoked"
        click.echo(f"{r.id}\t{r.username}\t{r.label or '-'}\tcreated {r.created_at:%Y-%m-%d}"
                   f"\t{'revoked' if r.revoked else 'valid ' + until}")
    click.echo(f"{len(rows)} token(s)", err=True)


@token_group.command("revoke")
@click.argument("token_id", type=int)
@with_appcontext
def revoke(token_id):
    """Revoke the token with id TOKEN_ID (see `civicflow token list`)."""
    if not _run(lambda conn: users.revoke_token(conn, token_id, cli_actor(), clock().now())):
        raise click.ClickException(f"no valid token {token_id}")
    click.echo(f"token {token_id} revoked")


@user_group.command("unlock")
@click.argument("username")
@with_appcontext
def unlock(username):
    """Let USERNAME sign in again at once after too many wrong passwords."""
    from webapp import throttle
    changed = _run(lambda conn: throttle.unlock(conn, username, cli_actor(), clock().now()))
    click.echo(f"user {username} unlocked" if changed else f"user {username} was not locked")
