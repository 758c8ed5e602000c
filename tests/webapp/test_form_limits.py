"""The public forms' limits are counted in RATELIMIT_STORAGE_URI's storage:
web processes naming one storage (a Redis, in production) share each count,
and `memory://` counts per process."""
from __future__ import annotations

import pytest
from limits.storage import MemoryStorage

from webapp import create_app, form_limits, throttle

WRONG = {"number": "115-000001", "password": "wrong-password"}


class OneMemory(MemoryStorage):
    """`one-memory://`: the same storage for every app of the process, as one
    Redis is for every worker and host (limits registers it by its scheme)."""
    STORAGE_SCHEME = ["one-memory"]
    shared = None

    def __new__(cls, *args, **kwargs):
        if cls.shared is None:
            cls.shared = super().__new__(cls)
            MemoryStorage.__init__(cls.shared, *args, **kwargs)
        return cls.shared

    def __init__(self, *args, **kwargs):
        pass   # made once, in __new__


def _web_process(db_url, clock, tmp_path, storage_uri):
    return create_app({"DATABASE_URL": db_url, "CLOCK": clock, "TESTING": True,
                       "WTF_CSRF_ENABLED": False, "ATTACHMENT_DIR": str(tmp_path / "files"),
                       "RATELIMIT_STORAGE_URI": storage_uri, "PUBLIC_RATE_LIMIT": "2/hour"})


@pytest.fixture
def two_processes(db_url, db, clock, tmp_path):
    """`two_processes(uri)`: two apps, as two web processes, on storage `uri`."""
    made = []

    def make(storage_uri):
        apps = [_web_process(db_url, clock, tmp_path, storage_uri) for _ in range(2)]
        made.extend(apps)
        form_limits.forget_all(apps[0])   # an earlier test's counts in the shared one
        return apps
    yield make
    for app in made:
        app.extensions["civicflow.db"].dispose()


def _wrong_look_ups(app, times) -> list[int]:
    client = app.test_client()
    return [client.post("/public/status", data=WRONG).status_code for _ in range(times)]


def test_two_web_processes_on_one_storage_share_the_limit(two_processes):
    first, second = two_processes("one-memory://")
    assert form_limits.strategy(first).storage is form_limits.strategy(second).storage
    assert _wrong_look_ups(first, 2) == [200, 200]
    assert _wrong_look_ups(second, 1) == [429]   # the other process's failures count here


def test_memory_storage_counts_per_process(two_processes):
    first, second = two_processes("memory://")
    assert _wrong_look_ups(first, 3) == [200, 200, 429]
    assert _wrong_look_ups(second, 2) == [200, 200]


def test_the_forms_count_in_the_sign_in_limiters_storage(app):
    assert form_limits.strategy(app).storage is throttle.limiter.storage


def test_the_limit_string_keeps_its_window(app):
    app.config["PUBLIC_RATE_LIMIT"] = "1 per 2 hours"
    with app.app_context():
        assert form_limits.over_the_limit("PUBLIC_RATE_LIMIT", "public.petition", "5.6.7.8") is None
        assert form_limits.over_the_limit("PUBLIC_RATE_LIMIT", "public.petition", "5.6.7.8") == 7200
        assert form_limits.over_the_limit("PUBLIC_RATE_LIMIT", "public.petition", "5.6.7.9") is None


def test_an_unreachable_storage_takes_the_post_rather_than_failing_it(app, monkeypatch):
    storage = form_limits.strategy(app).storage

    def down(*args, **kwargs):
        raise storage.base_exceptions("connection refused")
    monkeypatch.setattr(storage, "get_moving_window", down)
    monkeypatch.setattr(storage, "acquire_entry", down)
    assert _wrong_look_ups(app, 1) == [200]   # the wrong password said, not a 500
