"""Web fixtures: an app on the per-test database with the shipped petition
model deployed, the city's agencies, and one user per role."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # --import-mode=importlib: helpers by path
from webtest_support import PASSWORD, USERS, load_agencies, login, make_case, petition_files

from webapp import create_app, users
from webapp.security import limiter


@pytest.fixture
def app(db_url, db, clock, tmp_path):
    with db.begin() as conn:
        load_agencies(conn)
        for name, (code, roles) in USERS.items():
            users.add_user(conn, name, code, roles, PASSWORD)
    app = create_app({"DATABASE_URL": db_url, "TESTING": True, "CLOCK": clock,
                      "WTF_CSRF_ENABLED": False, "ATTACHMENT_DIR": str(tmp_path / "files"),
                      "PUBLIC_RATE_LIMIT": "1000/hour"})
    with app.app_context():
        from webapp.extensions import runtime
        runtime().deploy(petition_files())
    limiter._hits.clear()
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
def registered_case(app, rt):
    """A letter petition about a street light, registered: now at PWB's 'handle'."""
    return make_case(app, rt)
