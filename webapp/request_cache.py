"""Reference rows a page reads in several places, read once per request (in
flask.g): the inbox and the board list the latest processes for their
filters, and the navigation's 開案 link (start.may_start_cases) reads them
again to see whether the user may start any. Only for one request: a deploy
shows on the next page, whichever worker serves it."""
from __future__ import annotations

from flask import g

from engine.cases import queries


def latest_processes(conn) -> list:
    """queries.processes(conn), read on the request's first call."""
    if "latest_processes" not in g:
        g.latest_processes = queries.processes(conn)
    return g.latest_processes
