"""One demo run shared by the demo tests: each of them ran its own (up to 600
cases through the real engine), which was the slowest part of the suite.
The run gets its own database, so the per-test databases of the other tests
in this package neither see it nor wipe it."""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from engine.data.db import make_engine, migrate
from engine.demo.generate import run_demo
from engine.time.clock import TAIPEI
from db_reset import create_database   # tests/engine, on the path (tests/conftest.py)

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
END = datetime(2026, 6, 30, 17, 0, tzinfo=TAIPEI)
CASES, DAYS = 600, 130   # from late February to the end of June: the half-year report's period


@dataclass
class DemoRun:
    db: object
    stats: object
    cases: int = CASES
    days: int = DAYS


def _own_database(tmp_path_factory, template) -> str:
    if not PG_URL:
        path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
        shutil.copyfile(template, path)
        return f"sqlite:///{path}"
    url = make_url(PG_URL)
    own = url.set(database=f"{url.database}_demo").render_as_string(hide_password=False)
    migrate(create_database(own, fresh=True))
    return own


HERE = Path(__file__).parent


def pytest_collection_modifyitems(items):
    """The demo tests share one demo run: under pytest-xdist (make test) they
    stay on one worker, or each worker would make its own. The run (about a
    minute alone) is set up inside its first test's time limit; with the
    suite's other runs on the same two cores it took over the usual 300 s
    once. A hung demo is still stopped."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.timeout(900))
            item.add_marker(pytest.mark.xdist_group("demo"))


@pytest.fixture(scope="package")
def demo_run(tmp_path_factory, _template):
    eng = make_engine(_own_database(tmp_path_factory, _template))
    stats = run_demo(eng, cases=CASES, days=DAYS, end=END, progress=lambda *_: None)
    yield DemoRun(eng, stats)
    eng.dispose()


@pytest.fixture
def demo(demo_run):
    from engine.cases import queries
    queries.forget_definitions()   # the cache may hold another test database's definitions
    yield demo_run
    queries.forget_definitions()
