"""Security headers, idle session expiry, sessions that end everywhere (the
user's session epoch), the client's address behind a proxy, and a per-IP rate
limit for the public forms."""
from __future__ import annotations

import hashlib
import threading
import time
from collections import defaultdict, deque
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
    from . import throttle
    throttle.init_app(app)


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


UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def parse_limit(text: str) -> tuple[int, int]:
    """'10/hour' -> (10, 3600)."""
    count, _, unit = text.partition("/")
    return int(count), UNITS[unit.strip().rstrip("s")]


class RateLimiter:
    """Sliding-window counter per key, in process memory.

    Under gunicorn each worker keeps its own window, so the effective limit is
    at most workers x the configured one; good enough against form flooding.
    """

    def __init__(self):
        self._hits: dict[str, deque] = defaultdict(deque)
        self._lock = threading.Lock()

    def allow(self, key: str, count: int, window: int, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits[key]
            while hits and hits[0] <= now - window:
                hits.popleft()
            if len(hits) >= count:
                return False
            hits.append(now)
            return True

    def full(self, key: str, count: int, window: int, now: float | None = None) -> bool:
        """Whether the key has used up its window, without counting a hit."""
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits.get(key, ())
            return sum(1 for at in hits if at > now - window) >= count

    def reset(self, prefix: str = "") -> None:
        """Forget the hits of every key starting with `prefix` (all by
        default): a new test server, an administrator lifting a block."""
        with self._lock:
            for key in [k for k in self._hits if k.startswith(prefix)]:
                del self._hits[key]


limiter = RateLimiter()


def over_the_limit(config_key: str) -> int | None:
    """Count this post of the client IP against the configured limit: the
    limit's window in seconds once it posts more often, else None. The
    caller answers 429 with the form and what was typed, never a bare page."""
    count, window = parse_limit(current_app.config[config_key])
    key = f"{request.endpoint}:{request.remote_addr}"
    return None if limiter.allow(key, count, window) else window


def key_within_limit(bucket: str, key: str, config_key: str) -> bool:
    """Count one use of `key` (an API key, never an IP) against the configured
    limit, e.g. an Open311 client's posts; False once it is used up."""
    count, window = parse_limit(current_app.config[config_key])
    digest = hashlib.sha256(key.encode()).hexdigest()   # no secret kept in memory
    return limiter.allow(f"{bucket}:{digest}", count, window)
