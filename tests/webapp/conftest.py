"""Web fixtures: an app on the per-test database with the shipped petition
model deployed, the city's agencies, and one user per role."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # --import-mode=importlib: helpers by path
from webtest_support import login, make_case, seeded_app

from webapp import form_limits, users


@pytest.fixture
def app(db_url, db, clock, tmp_path):
    app = seeded_app(db, db_url, clock, tmp_path, TESTING=True, WTF_CSRF_ENABLED=False,
                     PUBLIC_RATE_LIMIT="1000/hour")
    form_limits.forget_all(app)   # RATELIMIT_STORAGE_URI may name a shared Redis
    yield app
    app.extensions["civicflow.db"].dispose()


@pytest.fixture
def rt(app):
    return app.extensions["civicflow.runtime"]


@pytest.fixture
def client_for(app):
    def make(username):
        return login(app.test_client(), username)
    return make


@pytest.fixture
def token_for(app, db):
    """`token_for(username)`: the Authorization header of a new API token."""
    def make(username):
        with db.begin() as conn:
            return {"Authorization": f"Bearer {users.create_token(conn, username)}"}
    return make


@pytest.fixture
def registered_case(app, rt):
    """A letter petition about a street light, registered: now at PWB's 'handle'."""
    return make_case(app, rt)
