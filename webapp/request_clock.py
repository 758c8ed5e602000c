"""One clock per request: the app's (webapp/extensions.clock, a test's
frozen one) is the clock `engine.time.clock.current_now` reads while a
request runs, so every form's `max="today"` (engine/models/forms.py) is the
same day as the case the form starts, on every page, without each view
wrapping its checks."""
from __future__ import annotations

from flask import Flask, g

from .extensions import clock


def init_app(app: Flask) -> None:
    app.before_request(_activate)
    app.teardown_request(_release)


def _activate() -> None:
    g.clock_token = clock().activate()


def _release(_error) -> None:
    # Put back what was there, so nothing of this request outlives it on the thread.
    token = g.pop("clock_token", None)
    if token is not None:
        token.var.reset(token)
