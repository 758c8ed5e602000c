"""`civicflow validate FILE... [--json] [--together]`

One verdict per file (or one for the whole set with --together, for a BPMN
that calls a DMN or another file's process). Exit status: 0 when nothing is
refused (deployable files and drafts: a draft is a well-formed model without
an executable process, which an analyst may legitimately keep), 1 when any
file is refused, 2 when civicflow itself failed (a bug to report).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import ScriptInfo

from engine.models.validation.worker import validate_each


def register(cli):
    cli.add_command(validate_command)


@click.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per file.")
@click.option("--together", is_flag=True, help="Validate all files as one deployment.")
@click.option("--lanes/--no-lanes", default=True, show_default=True,
              help="Check lanes against the agency codes in the database.")
@click.option("--timeout", default=5.0, show_default=True, help="Seconds allowed per file.")
def validate_command(paths, as_json, together, lanes, timeout):
    """Check BPMN/DMN files the way deploy does, without deploying."""
    items = _items(paths, together)
    known = _known_lanes() if lanes else None
    verdicts = []
    for n, (label, report) in enumerate(validate_each(items, known, timeout), 1):
        verdicts.append(report.verdict)
        _print(label, report, as_json)
        if len(items) > 20 and n % 50 == 0:
            click.echo(f"... {n}/{len(items)} files checked", err=True)
    sys.exit(_exit_code(verdicts))


def _items(paths, together):
    files = [(str(p), {Path(p).name: Path(p).read_bytes()}) for p in paths]
    if together:
        merged = {}
        for _, one in files:
            merged.update(one)
        return [(", ".join(paths), merged)]
    return files


def _known_lanes():
    """Agency codes and roles from the database; None (no lane check) without one.

    The app is loaded here, not for the whole command, so that validating
    files never depends on the web application starting."""
    try:
        from engine.data.db import make_engine
        from engine.models.definitions import known_lanes
        app = click.get_current_context().ensure_object(ScriptInfo).load_app()
        with make_engine(app.config["DATABASE_URL"]).connect() as conn:
            return known_lanes(conn)
    except Exception as err:  # no database yet: still check everything else
        click.echo(f"note: lanes not checked (no agency list: {type(err).__name__})", err=True)
        return None


def _print(label, report, as_json):
    if as_json:
        click.echo(json.dumps({"file": label, **report.to_dict()}, ensure_ascii=False))
        return
    processes = f" ({', '.join(report.processes)})" if report.processes else ""
    click.echo(f"{label}: {report.verdict}{processes}")
    for problem in report.problems:
        click.echo(f"  - {problem.describe('zh')}")
        click.echo(f"    {problem.describe('en')}")


def _exit_code(verdicts) -> int:
    if "fault" in verdicts:
        return 2
    return 1 if "refused" in verdicts else 0
