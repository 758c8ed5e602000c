"""The mail server's and the single sign-on's settings in force, for whoever
uses them now (the scheduler sending notices, the sign-in page, the admin
page): the app's configuration with what administrators saved at
/admin/connections laid over it (engine/data/connection_settings.py), except
where an environment variable pins a setting on the server."""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace

from flask import current_app

from engine.data import connection_settings as store
from engine.scheduling.outbox import SmtpSettings

from .extensions import db


def pinned(environ=None) -> frozenset[str]:
    """The settings the server's environment sets: the page shows them read-only."""
    environ = os.environ if environ is None else environ
    return frozenset(name for name in store.NAMES if environ.get(name, "") != "")


def sealer(config=None) -> store.Sealer:
    return store.Sealer((config or current_app.config)["SECRET_KEY"])


def current(conn=None) -> store.InForce:
    """{SMTP_HOST: ..., OIDC_ISSUER: ...} as in force now."""
    if conn is None:
        with db().connect() as opened:
            return current(opened)
    config = current_app.config
    return store.effective(conn, config, pinned(), sealer(config))


def smtp_source(engine, config) -> Callable[[], SmtpSettings]:
    """For the scheduler's threads (no app context): the mail settings as
    saved when it sends, so a change needs no restart."""
    seal = sealer(config)

    def now() -> SmtpSettings:
        with engine.connect() as conn:
            values = store.effective(conn, config, pinned(), seal)
        return smtp_settings(values, config)
    return now


def smtp_settings(values: store.InForce, config=None) -> SmtpSettings:
    """The mail settings of `values`, marked unreadable when the password was
    saved under another SECRET_KEY (the outbox then waits)."""
    smtp = SmtpSettings.from_config({**(config or {}), **values})
    return replace(smtp, unreadable="mail" in values.unusable)
