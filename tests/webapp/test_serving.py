"""The production server's settings module (webapp/serving.py) and the worker
warm-up (webapp/warmup.py)."""
import logging
import subprocess
import sys
from pathlib import Path

from gunicorn.config import Config
from gunicorn.workers.gthread import ThreadWorker

from engine.cases import queries
from engine.data import checkpoints
from engine.scheduling.collector import YOUNG_THRESHOLD
from webapp import serving, warmup


def test_serving_module_is_a_valid_gunicorn_config():
    cfg = Config()
    for name in ("worker_class", "workers", "threads", "control_socket_disable",
                 "post_worker_init"):
        cfg.set(name, getattr(serving, name))
    assert cfg.worker_class_str == "webapp.fair_worker.FairThreadWorker"
    assert issubclass(cfg.worker_class, ThreadWorker) and cfg.threads == serving.DEFAULT_THREADS
    assert cfg.workers == serving.default_workers() >= 1
    assert cfg.post_worker_init is serving.post_worker_init


def test_warm_up_parses_the_models_and_leaves_no_connection_open(app, db):
    spent = warmup.warm_up(app)
    assert set(spent) == {step.__name__ for step in warmup.STEPS}
    rt = app.extensions["civicflow.runtime"]
    with db.connect() as conn:
        latest = queries.processes(conn)
    assert latest and all(p.id in rt.specs._by_id for p in latest)
    assert app.extensions["civicflow.db"].pool.checkedout() == 0


def test_a_failing_warm_up_step_is_logged_and_the_rest_run(app, monkeypatch, caplog):
    def broken():
        raise RuntimeError("no holidays today")
    monkeypatch.setattr(warmup, "STEPS", (broken, warmup.api_reads))
    with caplog.at_level(logging.ERROR, logger="webapp.warmup"):
        spent = warmup.warm_up(app)
    assert list(spent) == ["api_reads"]
    assert "broken" in caplog.text and "no holidays today" in caplog.text


class _Worker:
    def __init__(self, app):
        self.wsgi, self.said = app, []
        self.log = self

    def info(self, message, *args):
        self.said.append(message % args if args else message)


def test_post_worker_init_builds_the_engine_then_warms_up_in_the_background(app, monkeypatch):
    app.extensions.pop("civicflow.runtime", None)
    threads = []
    real = warmup.in_background
    # settle_collector is left out: it would tune this test process's collector.
    monkeypatch.setattr(warmup, "in_background",
                        lambda a, say, then: threads.append(real(a, say)))
    worker = _Worker(app)
    serving.post_worker_init(worker)
    assert "civicflow.runtime" in app.extensions          # before any request thread
    assert "civicflow.scheduler" not in app.extensions    # serve asks for one, plain gunicorn not
    path = checkpoints.database_file(app.extensions["civicflow.db"])
    assert path is None or checkpoints._running[path].is_alive()   # SQLite: its log checkpointed
    checkpoints.stop_all()
    threads[0].join(timeout=60)
    assert worker.said and worker.said[0].startswith("warmed up in")


def test_post_worker_init_ignores_a_worker_without_a_flask_app():
    serving.post_worker_init(_Worker(object()))


def test_a_warm_worker_sets_its_start_up_heap_aside_from_the_collector():
    # In a process of its own: the setting is process-wide.
    script = ("import gc; from webapp import serving; serving.settle_collector(); "
              "print(gc.get_freeze_count(), *gc.get_threshold())")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[2]).stdout.split()
    frozen, young, *older = map(int, out)
    assert frozen > 10_000 and young == YOUNG_THRESHOLD and older == [10, 10]
