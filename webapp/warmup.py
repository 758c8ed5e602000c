"""Warming a server worker up before its first requests need it.

A worker builds its engine, parses the deployed models, imports the public
holiday tables, compiles its statements and starts its sandbox processes on
first use: measured on this 2-core machine (load ~10), a fresh worker's first
API completion took 1.3-1.8 s and the next ones 30-60 ms; 120-140 ms with the
warm-up done. `civicflow serve` (webapp/serving.py) runs `warm_up`
in a background thread as soon as a worker starts, so the worker accepts
requests at once and the first ones mostly find the work done. Every step is
optional: a failure is logged, never raised (the request that needs the
thing then pays for it as before).
"""
from __future__ import annotations

import logging
import threading
import time

from flask import Flask

log = logging.getLogger(__name__)


def warm_up(app: Flask) -> dict[str, float]:
    """Run each step in `app`'s context; {step: seconds} of those that ran."""
    spent = {}
    with app.app_context():
        for step in STEPS:
            started = time.perf_counter()
            try:
                step()
            except Exception:   # noqa: BLE001 (a warm-up never stops a worker)
                log.exception("warm-up step %s failed", step.__name__)
                continue
            spent[step.__name__] = time.perf_counter() - started
    return spent


def in_background(app: Flask, say=log.info, then=None) -> threading.Thread:
    """`warm_up(app)` in a daemon thread (started), then `then()` if given;
    `say` (a logger's info, e.g. gunicorn's) hears what it took."""
    def run():
        spent = warm_up(app)
        if then is not None:
            then()
        say("warmed up in %.2f s: %s" % (sum(spent.values()),
            ", ".join(f"{k} {v:.2f} s" for k, v in spent.items())))
    thread = threading.Thread(target=run, name="civicflow-warm-up", daemon=True)
    thread.start()
    return thread


def engine_and_models() -> None:
    """The engine and every deployed process's latest model, parsed."""
    from engine.cases import queries
    from .extensions import db, runtime
    rt = runtime()
    with db().connect() as conn:
        for process in queries.processes(conn):
            rt.specs.get(conn, process.id)
            queries.task_metas(conn, process.id)


def api_reads() -> None:
    """The reads every API request makes (token check, task and case access),
    compiled into the engine's statement cache: a first use compiles each."""
    from engine.cases import queries
    from . import users
    from .extensions import db
    officer = queries.Viewer("warm-up", "-", frozenset({"officer"}))
    with db().connect() as conn:
        users.user_for_token(conn, "warm-up")
        queries.visible_task(conn, officer, "warm-up")
        queries.visible_case(conn, officer, case_id=0)
        queries.case_tasks(conn, 0)


def sandbox() -> None:
    """The sandbox's worker processes, started (a script's first run waits for one)."""
    from .extensions import runtime
    runtime().script_engine.environment.execute("warm = 1", {})


def engine_warm_up() -> None:
    """What the engine itself warms (Engine.warm_up: the holiday tables, its
    hot statements)."""
    from .extensions import runtime
    runtime().warm_up()


def templates() -> None:
    """The pages every officer opens first, compiled."""
    from flask import current_app
    for name in ("base.html", "auth/login.html", "inbox/index.html", "inbox/task.html"):
        if name in current_app.jinja_env.list_templates():
            current_app.jinja_env.get_template(name)


STEPS = (engine_and_models, api_reads, engine_warm_up, sandbox, templates)
