"""`civicflow migrate PROCESS --to VERSION`: move open cases to a newer
version of their model (engine/cases/migration), or only dry-run it."""
import sys

import click
from flask.cli import with_appcontext

from engine.cases.migration import dryrun
from engine.cases.migration import run as runs
from engine.cases.migration.plan import MigrationPlan, outline
from engine.cases.migration.reasons import Refusal
from webapp.extensions import runtime


def register(cli):
    cli.add_command(migrate)


def _pairs(values, what):
    out = {}
    for value in values:
        old, sep, new = value.partition("=")
        if not sep or not old or not new:
            raise click.BadParameter(f"{value!r}: expected {what}")
        out[old.strip()] = new.strip()
    return out


@click.command("migrate")
@click.argument("process")
@click.option("--to", "to_version", type=int, required=True, help="Version the cases move to.")
@click.option("--from", "from_version", type=int, help="Only cases on this version (default: all older).")
@click.option("--case", "numbers", multiple=True, help="Only this case number (repeatable).")
@click.option("--map", "maps", multiple=True, help="OLD_ID=NEW_ID for an element the new version lacks.")
@click.option("--default", "defaults", multiple=True, help="FIELD=VALUE for a new required field.")
@click.option("--recompute-deadlines", is_flag=True, help="Deadlines from the new model "
              "(default: keep each deadline already set).")
@click.option("--dry-run", is_flag=True, help="Only say which cases can move and why not.")
@click.option("--resume", "resume_id", type=int, help="Resume the interrupted run with this id.")
@with_appcontext
def migrate(process, to_version, from_version, numbers, maps, defaults, recompute_deadlines,
            dry_run, resume_id):
    """Move open cases of PROCESS to version --to, each case in its own transaction."""
    engine = runtime()
    if resume_id:
        return _report(runs.resume(engine, resume_id, on_case=_print_progress))
    plan = MigrationPlan(process, to_version, from_version, _pairs(maps, "OLD_ID=NEW_ID"),
                         _pairs(defaults, "FIELD=VALUE"), recompute_deadlines)
    with engine.db.connect() as conn:
        try:
            shown = outline(conn, engine.specs, plan)
        except Exception:  # noqa: BLE001 - unknown process or version
            click.echo(f"{process}: no version {to_version}", err=True)
            sys.exit(1)
        ids = dryrun.chosen_cases(conn, plan, numbers)
    for u in shown["unmapped"]:
        if not u["target"]:
            click.echo(f"unmapped: {u['element']} ({u['name']}), {u['cases']} case(s) wait there; "
                       f"--map {u['element']}=NEW_ID", err=True)
    if dry_run:
        return _dry(engine, plan, ids)
    click.echo(f"{process}: moving {len(ids)} case(s) to version {to_version}")
    try:
        run_id = runs.create_run(engine, plan, ids)
    except Refusal as refusal:
        click.echo(f"refused: {refusal.code} {refusal.params}", err=True)
        sys.exit(1)
    click.echo(f"run {run_id} (resume with: civicflow migrate {process} --to {to_version} "
               f"--resume {run_id})")
    _report(runs.resume(engine, run_id, on_case=_print_progress))


def _dry(engine, plan, ids):
    verdicts = dryrun.dry_run(engine, plan, ids)
    for v in verdicts:
        where = ", ".join(v.waiting) or "-"
        state = "movable" if v.movable else f"refused: {v.code} {_params(v.params)}"
        click.echo(f"{v.number}  v{v.from_version}  waits at {where}: {state}")
    movable = sum(v.movable for v in verdicts)
    click.echo(f"dry run: {movable} of {len(verdicts)} case(s) can move")


def _params(params):
    return " ".join(f"{k}={v}" for k, v in params.items())


def _print_progress(result, progress):
    done = progress["moved"] + progress["refused"]
    line = f"[{done}/{progress['total']}] {result['number']} {result['state']}"
    if result["state"] == "refused":
        line += f": {result['code']} {_params(result['params'])}"
    click.echo(line)


def _report(progress):
    click.echo(f"moved {progress['moved']}, refused {progress['refused']}, "
               f"pending {progress['pending']} of {progress['total']}: {progress['state']}")
