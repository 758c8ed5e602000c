"""`civicflow audit verify`: check the audit trail's chain (engine/data/audit.py)."""
import click
from flask.cli import with_appcontext

from engine.data import audit
from webapp.extensions import db


def register(cli):
    cli.add_command(audit_group)


@click.group("audit")
def audit_group():
    """The append-only audit trail."""


@audit_group.command("verify")
@with_appcontext
def verify():
    """Walk the trail in order; exit 1 at the first forged, changed or deleted row."""
    def progress(n):
        click.echo(f"  {n:,} rows checked", err=True)
    with db().connect() as conn:
        v = audit.verify(conn, progress=progress)
    if v.unchained:
        click.echo(f"{v.unchained:,} rows older than the chain (before migration 0005) not checked")
    if v.broken_at is None:
        click.echo(f"audit trail intact: {v.checked:,} chained rows verified")
        return
    click.echo(f"audit trail BROKEN at row {v.broken_at} (after row {v.after}): that row was "
               "forged or changed, or a row before it was deleted; "
               f"{v.checked:,} rows before it verified", err=True)
    raise SystemExit(1)
