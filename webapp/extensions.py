"""Wiring of the engine and Flask extensions into the app."""
from flask import Flask, current_app
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from engine.data import audit
from engine.data.db import make_engine

login_manager = LoginManager()
csrf = CSRFProtect()


def init_app(app: Flask) -> None:
    app.extensions["civicflow.db"] = make_engine(app.config["DATABASE_URL"])
    # The audit chain's key lives with the app's secret, never in the database.
    audit.use_key(app.config["SECRET_KEY"])
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    # Sessions are refreshed on every request, so PERMANENT_SESSION_LIFETIME
    # is an idle timeout; "strong" drops the session when the client changes.
    login_manager.session_protection = "strong"
    csrf.init_app(app)


def db():
    """The SQLAlchemy engine of the current app."""
    return current_app.extensions["civicflow.db"]


def runtime():
    """The workflow engine of the current app, built on first use."""
    rt = current_app.extensions.get("civicflow.runtime")
    if rt is None:
        from engine.time.clock import Clock
        from engine.cases.runtime import Engine
        from engine.sandbox import configure_workers, limits_from
        clock = current_app.config.get("CLOCK") or Clock()
        configure_workers(current_app.config.get("SANDBOX_WORKERS", 2))
        rt = current_app.extensions["civicflow.runtime"] = Engine(
            db(), clock, limits=limits_from(current_app.config))
    return rt


def clock():
    """The clock requests use for 'now' (a test may inject a FrozenClock)."""
    from engine.time.clock import Clock
    return current_app.config.get("CLOCK") or Clock()
