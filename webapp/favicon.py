"""The site's icon. Pages link static/favicon.svg (base.html); browsers still
ask for /favicon.ico on their own, so it is answered too, cacheable for a
week like the static files, instead of a 404 on every page."""
from __future__ import annotations

from flask import Flask, current_app, send_from_directory

MAX_AGE = 7 * 24 * 3600


def init_app(app: Flask) -> None:
    app.add_url_rule("/favicon.ico", "favicon", _icon)


def _icon():
    # Cache-Control set here stays (security's no-store for pages is a default
    # only). Private: the answer carries the refreshed session cookie, which a
    # shared cache must never hand to someone else.
    response = send_from_directory(current_app.static_folder, "favicon.ico",
                                   mimetype="image/vnd.microsoft.icon", max_age=MAX_AGE)
    response.cache_control.public = False
    response.cache_control.private = True
    return response
