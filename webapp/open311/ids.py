"""Service request ids that cannot be guessed: the case's row id with a keyed
tag (HMAC-SHA256 under the app's SECRET_KEY). Knowing one id tells nothing of
the next, and no stored column is needed. Case numbers are sequential, so
they are no longer accepted as ids (they would let anyone walk the cases)."""
from __future__ import annotations

import hashlib
import hmac

from flask import current_app

TAG_CHARS = 20   # 80 bits of the tag
PURPOSE = b"open311 service_request_id"


def _tag(case_id: int) -> str:
    secret = current_app.config["SECRET_KEY"]
    secret = secret if isinstance(secret, bytes) else str(secret).encode()
    key = hmac.new(secret, PURPOSE, hashlib.sha256).digest()
    return hmac.new(key, str(case_id).encode(), hashlib.sha256).hexdigest()[:TAG_CHARS]


def public_id(case_id: int) -> str:
    return f"{case_id}-{_tag(case_id)}"


def case_id_of(text: str) -> int | None:
    """The case row id an id names, or None for an unknown or forged id."""
    head, _, tag = (text or "").partition("-")
    if not head.isascii() or not head.isdigit() or len(head) > 12:
        return None
    case_id = int(head)
    # Bytes: compare_digest refuses non-ASCII str (a 500 on a crafted id).
    return case_id if hmac.compare_digest(tag.encode(), _tag(case_id).encode()) else None
