"""How often the public forms may be posted from one address, and an Open311
API key may post: counted where every worker and host sees the same count.

The counts live in the storage Flask-Limiter keeps for the sign-in limit
(RATELIMIT_STORAGE_URI, webapp/throttle.py): with Redis or Memcached every
web process shares them; the default `memory://` counts per process. Each
limit is a moving window (the `limits` library's MovingWindowRateLimiter;
Memcached, which has none, gets its sliding window counter). PUBLIC_RATE_LIMIT
and OPEN311_RATE_LIMIT are its strings: '10/hour', '60 per hour', '5/2 hours'.
Every caller answers 429 with the form and what was typed, never a bare page.
"""
from __future__ import annotations

import hashlib

from flask import Flask, current_app, request
from limits import RateLimitItem, parse
from limits.storage import MovingWindowSupport, Storage, storage_from_string
from limits.strategies import (MovingWindowRateLimiter, RateLimiter,
                               SlidingWindowCounterRateLimiter)

EXTENSION = "civicflow.form_limits"
NAMESPACE = "civicflow"   # the storage's keys: civicflow/<bucket>/<who>/<limit>
FAILED_LOOK_UPS = "public.status.failed"   # views/public.status counts only these


def init_app(app: Flask) -> None:
    """After throttle.init_app: the same storage as the sign-in limit."""
    storage = _storage(app)
    moving = isinstance(storage, MovingWindowSupport)
    app.extensions[EXTENSION] = (MovingWindowRateLimiter if moving
                                 else SlidingWindowCounterRateLimiter)(storage)


def _storage(app: Flask) -> Storage:
    from . import throttle
    if app.config.get("RATELIMIT_ENABLED", True):
        return throttle.limiter.storage   # the one init_app just made for this app
    return storage_from_string(app.config.get("RATELIMIT_STORAGE_URI") or "memory://")


def strategy(app: Flask | None = None) -> RateLimiter:
    """This app's counter: `.storage` is what every limit of it is kept in."""
    return (app or current_app).extensions[EXTENSION]


def _limit(config_key: str) -> RateLimitItem:
    item = parse(current_app.config[config_key])
    return type(item)(item.amount, item.multiples, namespace=NAMESPACE)


def _address(address: str | None) -> str:
    return address or request.remote_addr or "unknown"


def over_the_limit(config_key: str, bucket: str | None = None,
                   address: str | None = None) -> int | None:
    """Count this post of the client's address in `bucket` (the view's
    endpoint by default): the limit's window in seconds once it posts more
    often than the configured limit, else None."""
    limit = _limit(config_key)
    if _allowed(strategy().hit, limit, bucket or request.endpoint, _address(address)):
        return None
    return limit.get_expiry()


def used_up(config_key: str, bucket: str, address: str | None = None) -> int | None:
    """The window in seconds when the address has used up `bucket`, else
    None; nothing is counted (the status look-up counts only failures)."""
    limit = _limit(config_key)
    return None if _allowed(strategy().test, limit, bucket, _address(address)) else limit.get_expiry()


def _allowed(check, limit: RateLimitItem, *key: str) -> bool:
    """`check` (hit or test) in the storage; True when the storage cannot be
    reached (Redis down): the form is taken, not failed with a 500."""
    try:
        return check(limit, *key)
    except strategy().storage.base_exceptions as exc:
        current_app.logger.warning("rate limit storage unreachable, %s not counted: %s",
                                   "/".join(key[:1]), exc)
        return True


def key_within_limit(bucket: str, key: str, config_key: str) -> bool:
    """Count one use of `key` (an API key, never an IP) against the configured
    limit, e.g. an Open311 client's posts; False once it is used up."""
    digest = hashlib.sha256(key.encode()).hexdigest()   # no secret kept in the storage
    return _allowed(strategy().hit, _limit(config_key), bucket, digest)


def forget(config_key: str, bucket: str, address: str) -> None:
    """Forget the hits of one address in one bucket (an administrator lifting
    a block, a test); needs the app context whose limit counted them."""
    strategy().clear(_limit(config_key), bucket, address)


def forget_all(app: Flask | None = None) -> None:
    """Forget every count in the storage: sign-in posts too (a test's new server)."""
    strategy(app).storage.reset()
