"""Security headers, idle session expiry and a per-IP rate limit for the
public forms."""
from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from functools import wraps

from flask import Flask, abort, current_app, request, session

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
    app.before_request(_keep_session_permanent)


def _add_headers(response):
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if request.endpoint and not request.endpoint.endswith("static"):
        # Pages show personal data: never keep them in shared caches.
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _keep_session_permanent():
    # A permanent session gets PERMANENT_SESSION_LIFETIME as its cookie expiry,
    # refreshed on each request: idle sessions end, active ones continue.
    session.permanent = True


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


limiter = RateLimiter()


def rate_limited(config_key: str):
    """Refuse with 429 a client IP that posts more often than the configured limit."""
    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if request.method == "POST":
                count, window = parse_limit(current_app.config[config_key])
                key = f"{request.endpoint}:{request.remote_addr}"
                if not limiter.allow(key, count, window):
                    abort(429)
            return view(*args, **kwargs)
        return wrapper
    return decorate
