"""A secret typed on /admin/connections (the mail password, the client
secret) that a refused save or the issuer check would otherwise lose: a
password field is never filled back, so the administrator had to type it
again. The page keeps it instead, sealed (Fernet, a key derived from the
app's SECRET_KEY for this use alone) in the hidden kept_<field> beside it,
readable only by this server, for this administrator, for an hour; the next
save takes it when the field is left empty. The page never carries a secret
in clear, and never a stored one in any form: only what was just typed."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .connection_forms import SECRET_FIELDS

PURPOSE = b"civicflow typed secret kept for the next save"
TTL = 3600   # seconds: a page left open longer asks for the secret again
LOST = _l("What you typed here earlier is no longer kept (after an hour): type it again.")


def _fernet() -> Fernet:
    key = current_app.config["SECRET_KEY"]
    raw = key.encode() if isinstance(key, str) else key
    return Fernet(base64.urlsafe_b64encode(hmac.new(raw, PURPOSE, hashlib.sha256).digest()))


def _seal(field: str, text: str) -> str:
    plain = json.dumps({"by": current_user.id, "field": field, "text": text})
    return _fernet().encrypt(plain.encode()).decode()


def _open(field: str, token: str) -> str | None:
    """The text kept in `token`, or None: expired, altered, or kept for
    another administrator or another field."""
    try:
        kept = json.loads(_fernet().decrypt(token.encode(), ttl=TTL))
    except (InvalidToken, ValueError):
        return None
    if not isinstance(kept, dict) or kept.get("by") != current_user.id \
            or kept.get("field") != field or not isinstance(kept.get("text"), str):
        return None
    return kept["text"]


def _secret_fields(form) -> list[str]:
    return [f for f in sorted(SECRET_FIELDS) if f in form and "kept_" + f in form]


def take(form) -> list[str]:
    """Each secret field left empty takes the text kept for it (so the
    form's validators and the save see it); returns the fields whose kept
    text cannot be read any more: the administrator must type it again."""
    lost = []
    for field in _secret_fields(form):
        token = form["kept_" + field].data or ""
        if form[field].data or not token:
            continue
        text = _open(field, token)
        if text is None:
            lost.append(field)
        form[field].data = text or ""
    return lost


def keep(form) -> None:
    """Before a form comes back to be corrected: each secret typed (or
    taken from its kept text) is sealed into its hidden kept_<field>."""
    for field in _secret_fields(form):
        text = form[field].data
        form["kept_" + field].data = _seal(field, text) if text else ""


def validate(form) -> bool:
    """The form checked with its kept secrets taken; when refused, the
    secrets typed are kept for the next try and a lost one is said beside
    its field."""
    lost = take(form)
    valid = form.validate()
    for field in lost:
        form[field].errors.append(LOST)
    if not valid or lost:
        keep(form)
    return valid and not lost
