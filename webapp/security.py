"""Security headers, idle session expiry, sessions that end everywhere (the
user's session epoch) and the client's address behind a proxy. The rate
limits live in throttle.py (sign-in) and form_limits.py (public forms, Open311)."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user, login_user, logout_user
from werkzeug.middleware.proxy_fix import ProxyFix

from .machine_paths import machine_request

CSP = ("default-src 'self'; script-src 'self'; "
       # bpmn-js sets inline styles on the diagram's SVG elements.
       "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-ancestors 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "geolocation=(), camera=(), microphone=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def init_app(app: Flask) -> None:
    app.after_request(_add_headers)
    app.session_interface = BrowserSessions()
    app.before_request(_keep_browser_session)
    hops = app.config.get("FORWARDED_HOPS", 0)
    if hops:
        # The proxy's X-Forwarded-For/-Proto: the throttle sees the client's
        # address, url_for and the Secure cookie see https.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    from . import form_limits, throttle
    throttle.init_app(app)
    form_limits.init_app(app)   # on the storage throttle's Flask-Limiter just made


def _add_headers(response):
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if request.endpoint and not request.endpoint.endswith("static"):
        # Pages show personal data: never keep them in shared caches.
        response.headers.setdefault("Cache-Control", "no-store")
    return response



class BrowserSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, never saved on a machine API answer: no
    cookie signed or refreshed, no `Vary: Cookie` (the answers are no-store)."""

    def save_session(self, app, session, response):
        if not machine_request():
            super().save_session(app, session, response)


def _keep_browser_session():
    # Skipped for the machine APIs: their session is never saved (above), and
    # signing a cookie was ~7% of an API completion's time.
    if machine_request():
        return
    _keep_session_permanent()
    _end_stale_session()


def _keep_session_permanent():
    # A permanent session gets PERMANENT_SESSION_LIFETIME as its cookie expiry,
    # refreshed on each request: idle sessions end, active ones continue.
    session.permanent = True


EPOCH = "epoch"   # session key: the user's session_epoch when this session signed in


def start_session(user) -> None:
    """Sign `user` in on a fresh session (no fixation) that keeps the chosen
    language and carries the epoch it is valid for."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    session.permanent = True  # clear() dropped it; the cookie must expire
    login_user(user)
    session[EPOCH] = user.session_epoch


def _end_stale_session():
    # Sign-out, a password change or reset, a deactivation raise the user's
    # epoch in the database; a cookie saved before it is signed out here, on
    # whichever worker or host the request lands.
    if current_user.is_authenticated and session.get(EPOCH) != current_user.session_epoch:
        logout_user()
        session.clear()


def safe_next(target: str | None) -> str | None:
    """`target` when it is a path on this site, else None: an open redirect
    (an absolute URL, '//host', '/\\host' which browsers read as '//host')
    would help phishing."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(c) < 32 for c in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None
