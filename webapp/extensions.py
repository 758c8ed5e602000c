"""Wiring of the engine and Flask extensions into the app."""
from flask import Flask, current_app

from engine.db import make_engine


def init_app(app: Flask) -> None:
    app.extensions["civicflow.db"] = make_engine(app.config["DATABASE_URL"])


def db():
    """The SQLAlchemy engine of the current app."""
    return current_app.extensions["civicflow.db"]
