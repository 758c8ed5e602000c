"""`civicflow deploy FILE...` and `civicflow serve`."""
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from engine.data.errors import ModelRefused
from webapp import serving
from webapp.extensions import runtime
from webapp.serving import DEFAULT_THREADS, cores, default_workers  # noqa: F401 (bench/http.py)


def register(cli):
    cli.add_command(deploy)
    cli.add_command(serve)


@click.command("deploy")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--comment", default="", help="Why this version (kept in the version history).")
@with_appcontext
def deploy(files, comment):
    """Validate and deploy BPMN/DMN files together as new process versions."""
    content = {Path(f).name: Path(f).read_bytes() for f in files}
    try:
        results = runtime().deploy(content, comment=comment)
    except ModelRefused as err:
        click.echo(f"refused: {err.message}", err=True)
        for p in err.problems:
            where = f"{p.get('file', '')}:{p.get('line') or ''} {p.get('element_id') or ''}"
            click.echo(f"  {where.strip()}: {p.get('message_en')} / {p.get('message_zh')}", err=True)
        sys.exit(1)
    for r in results:
        state = "deployed" if r.created else "unchanged"
        click.echo(f"{r.key} version {r.version}: {state}")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", type=int, help="Worker processes (default: one per core).")
@click.option("--threads", type=int, help="Threads per worker (default: %d)." % 4)
@click.option("--no-scheduler", is_flag=True, help="Run only the web app (run `civicflow "
              "scheduler` separately).")
@click.option("--control-socket", type=click.Path(dir_okay=False),
              help="gunicorn's control socket for this server (default: none).")
def serve(host, port, workers, threads, no_scheduler, control_socket):
    """Serve the app with gunicorn (a worker per core, threads) and an embedded scheduler."""
    from gunicorn.app.base import BaseApplication

    workers, threads = workers or default_workers(), threads or DEFAULT_THREADS
    click.echo(f"civicflow serve: {workers} worker(s) x {threads} threads "
               f"({cores()} core(s) available)", err=True)

    class Server(BaseApplication):
        def load_config(self):
            for key, value in gunicorn_settings(host, port, threads, control_socket,
                                                workers).items():
                self.cfg.set(key, value)

        def load(self):
            from webapp import create_app
            app = create_app()
            app.config["EMBED_SCHEDULER"] = not no_scheduler
            Server.app = app
            return app

    Server().run()


def gunicorn_settings(host, port, threads, control_socket=None, workers=1) -> dict:
    """gunicorn's settings for one server. Its control socket defaults to one
    path under the home folder that every server would share (the last one
    started takes it over): each server gets its own, or none. Each worker
    embeds a scheduler and warms up (webapp/serving.py)."""
    out = {"bind": f"{host}:{port}", "workers": workers, "threads": threads,
           "worker_class": serving.worker_class, "accesslog": "-",
           "post_worker_init": serving.post_worker_init}
    if control_socket:
        out["control_socket"] = str(control_socket)
    else:
        out["control_socket_disable"] = True
    return out

