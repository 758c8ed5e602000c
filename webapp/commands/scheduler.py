"""`civicflow scheduler`: timers, outbox and recurring jobs in the foreground."""
import logging
import signal

import click
from flask import current_app
from flask.cli import with_appcontext

from engine.notify import SmtpSettings
from engine.scheduler import Scheduler
from webapp.extensions import db, runtime


def register(cli):
    cli.add_command(run_scheduler)


def build(blocking: bool) -> Scheduler:
    """A scheduler wired to the app's engine; new timers wake it in-process.
    `civicflow serve` embeds one with blocking=False."""
    rt = runtime()
    sched = Scheduler(db(), rt, smtp=SmtpSettings.from_config(current_app.config),
                      clock=rt.clock, blocking=blocking)
    rt.on_timer = sched.notify_new_timer
    return sched


@click.command("scheduler")
@click.option("--log-level", default="INFO", show_default=True)
@with_appcontext
def run_scheduler(log_level):
    """Run the scheduler until interrupted (any number may share one PostgreSQL)."""
    logging.basicConfig(level=log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # one line per job run otherwise
    sched = build(blocking=True)
    if not sched.smtp.enabled:
        click.echo("SMTP_HOST is not set: notices stay in the outbox", err=True)
    signal.signal(signal.SIGTERM, lambda *_: sched.shutdown(wait=False))
    click.echo(f"scheduler {sched.worker} running; Ctrl-C to stop", err=True)
    try:
        sched.start()
    except (KeyboardInterrupt, SystemExit):
        sched.shutdown(wait=False)
