"""The `civicflow` console command: a Flask CLI group.

Each topic keeps its commands in webapp/commands/<topic>.py with a
`register(group)` function; add the module to COMMAND_MODULES.
"""
import importlib

import click
from flask.cli import FlaskGroup

from . import create_app

COMMAND_MODULES = ["database", "engine", "validate", "users", "calendar", "scheduler", "demo", "audit", "migrate", "tasks"]


@click.group(cls=FlaskGroup, create_app=create_app, add_default_commands=False)
def cli():
    """civicflow: BPMN cases for city hall."""


for _name in COMMAND_MODULES:
    importlib.import_module(f"webapp.commands.{_name}").register(cli)
