"""`civicflow scheduler`: timers, outbox and recurring jobs in the foreground."""
import logging
import signal

import click
from flask.cli import with_appcontext

from engine.data import checkpoints
from webapp.extensions import db, runtime
from webapp.scheduler_wiring import build


def register(cli):
    cli.add_command(run_scheduler)
    cli.add_command(failed_timers)


@click.command("scheduler")
@click.option("--log-level", default="INFO", show_default=True)
@with_appcontext
def run_scheduler(log_level):
    """Run the scheduler until interrupted (any number may share one PostgreSQL)."""
    logging.basicConfig(level=log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # one line per job run otherwise
    logging.getLogger("spiff").setLevel(logging.WARNING)  # a line per task state change otherwise
    sched = build(blocking=True)
    checkpoints.start(db())   # SQLite: the log's checkpoints off the timers' commits
    if not sched.current_smtp().enabled:
        click.echo("Mail is not configured (/admin/connections): notices stay in the outbox",
                   err=True)
    signal.signal(signal.SIGTERM, lambda *_: sched.shutdown(wait=False))
    click.echo(f"scheduler {sched.worker} running; Ctrl-C to stop", err=True)
    try:
        sched.start()
    except (KeyboardInterrupt, SystemExit):
        sched.shutdown(wait=False)


@click.command("timers")
@click.option("--retry", "retry", multiple=True, type=int, help="Timer id to fire again.")
@click.option("--retry-all", is_flag=True, help="Fire every failed timer again.")
@with_appcontext
def failed_timers(retry, retry_all):
    """List timers whose firing failed too often; put them back to fire again."""
    from engine.scheduling import timers
    from .users import cli_actor
    with db().begin() as conn:
        if retry or retry_all:   # audited on each case, as the admin page does
            count = timers.retry_by(conn, cli_actor(), runtime().clock.now(),
                                    None if retry_all else list(retry))
            click.echo(f"{count} timer(s) put back to pending")
            return
        rows = timers.failed(conn)   # the same list as /admin/timers
    for r in rows:
        click.echo(f"{r.id}\t{r.number}\t{r.element_id}\tdue {r.due_at:%Y-%m-%d %H:%M}"
                   f"\t{r.attempts} attempts\t{(r.last_error or '').splitlines()[0][:120]}")
    click.echo(f"{len(rows)} failed timer(s)", err=True)
