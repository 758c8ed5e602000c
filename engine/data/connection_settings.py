"""The mail server's and the single sign-on's settings an administrator keeps
in the database (table connection_setting, migration 0018), by the names the
environment uses (SMTP_HOST, OIDC_ISSUER ...).

An environment variable set on the server still wins: `effective` lays the
stored values over the configuration only for the names not pinned. Secrets
(SMTP_PASSWORD, OIDC_CLIENT_SECRET) are sealed with a key derived from the
app's SECRET_KEY (Fernet) and never leave here in clear except to be used.
`save` writes a section with its audit record (the names changed, and for a
setting not secret its old and new value: the trail shows where an issuer
pointed; never a value of a secret) in the caller's transaction, and refuses a save made
against an older version (`Conflict`): of two administrators, one wins."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from datetime import datetime

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from . import audit
from .schema import connection_setting

SECTIONS = {
    "mail": ("SMTP_HOST", "SMTP_PORT", "SMTP_USER", "SMTP_PASSWORD", "SMTP_STARTTLS",
             "MAIL_FROM"),
    "sso": ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_SCOPE",
            "OIDC_USERNAME_CLAIM", "OIDC_AGENCY_CLAIM", "OIDC_ROLES_CLAIM",
            "OIDC_DEFAULT_AGENCY", "OIDC_DEFAULT_ROLES"),
}
SECRETS = frozenset({"SMTP_PASSWORD", "OIDC_CLIENT_SECRET"})
NAMES = frozenset(n for names in SECTIONS.values() for n in names)
KEEP = None   # a secret's new value meaning "leave it as it is"


class Conflict(Exception):
    """Someone saved the section after the form was opened."""

    def __init__(self, stored: Stored):
        super().__init__(f"connection settings {stored.section} changed meanwhile")
        self.stored = stored


class Sealer:
    """Seals secrets with a Fernet key derived from the app's SECRET_KEY: the
    database alone cannot read them."""

    def __init__(self, secret_key: str | bytes):
        raw = secret_key.encode() if isinstance(secret_key, str) else secret_key
        digest = hmac.new(raw, b"civicflow connection settings", hashlib.sha256).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(digest))

    def seal(self, text: str) -> str:
        return self._fernet.encrypt(text.encode()).decode()

    def open(self, token: str) -> str | None:
        """The secret, or None when sealed with another SECRET_KEY."""
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except (InvalidToken, ValueError):
            return None


@dataclass(frozen=True)
class Stored:
    section: str
    version: int = 0                        # 0: never saved
    values: dict = field(default_factory=dict)   # secrets still sealed
    updated_by: str | None = None
    updated_at: datetime | None = None


def load(conn, section: str) -> Stored:
    row = conn.execute(select(connection_setting)
                       .where(connection_setting.c.section == section)).first()
    if row is None:
        return Stored(section)
    return Stored(section, row.version, json.loads(row.settings), row.updated_by, row.updated_at)


class InForce(dict):
    """The settings in force by name, and the sections that cannot be used
    (`unusable`): a stored secret sealed under another SECRET_KEY reads as ""
    here, and using it would sign in with an empty password."""
    unusable: frozenset = frozenset()


def effective(conn, config, pinned, sealer: Sealer) -> InForce:
    """The settings in force: the configuration, with the stored values laid
    over every name the server does not pin."""
    values, unusable = InForce({name: config.get(name) for name in NAMES}), set()
    for section in SECTIONS:
        for name, value in load(conn, section).values.items():
            if name in NAMES and name not in pinned:
                values[name] = _opened(name, value, sealer)
                if name in SECRETS and value and sealer.open(value) is None:
                    unusable.add(section)
    values.unusable = frozenset(unusable)
    return values


def _opened(name: str, value, sealer: Sealer):
    if name in SECRETS:
        return (sealer.open(value) or "") if value else ""
    return value


def secret_state(stored: Stored, name: str, sealer: Sealer) -> str:
    """'set', 'unset' or 'unreadable' (sealed under another SECRET_KEY)."""
    token = stored.values.get(name)
    if not token:
        return "unset"
    return "set" if sealer.open(token) is not None else "unreadable"


def save(conn, section: str, new: dict, *, version: int, sealer: Sealer, actor: str,
         now: datetime) -> list[str]:
    """Keep the section's `new` values (a secret: KEEP, "" to clear, or its
    new text) if it is still at `version`; returns the names changed."""
    stored = load(conn, section)
    if stored.version != version:
        raise Conflict(stored)
    values, changed = _merged(stored.values, section, new, sealer)
    if not changed:
        return []
    if not _write(conn, section, values, version, actor, now):
        raise Conflict(load(conn, section))
    audit.record(conn, case_id=None, at=now, actor=actor, action="connection_settings_saved",
                 section=section, settings=changed, **_changes(stored.values, new, changed))
    return changed


def _changes(old: dict, new: dict, changed: list[str]) -> dict:
    """changes={name: {before, after}} of the changed settings that are not
    secrets; nothing when only a secret changed."""
    values = {name: {"before": old.get(name), "after": new[name]}
              for name in changed if name not in SECRETS}
    return {"changes": values} if values else {}


def _merged(old: dict, section: str, new: dict, sealer: Sealer) -> tuple[dict, list[str]]:
    values, changed = dict(old), []
    for name in SECTIONS[section]:
        if name not in new or (name in SECRETS and new[name] is KEEP):
            continue
        value = new[name]
        if name in old and not _differs(name, old[name], value, sealer):
            continue
        values[name] = sealer.seal(value) if name in SECRETS and value else value
        changed.append(name)
    return values, changed


def _differs(name: str, stored, value, sealer: Sealer) -> bool:
    """A secret is compared opened; one that cannot be opened any more
    (another SECRET_KEY) differs from anything typed, "" (clearing it) too."""
    if name not in SECRETS:
        return stored != value
    if not stored:
        return bool(value)
    opened = sealer.open(stored)
    return opened is None or opened != value


def _write(conn, section, values, version, actor, now) -> bool:
    """Compare and set: False when another save got there first."""
    row = {"settings": json.dumps(values, ensure_ascii=False), "updated_by": actor,
           "updated_at": now, "version": version + 1}
    if version == 0:
        try:
            with conn.begin_nested():   # a lost race keeps the caller's transaction usable
                conn.execute(insert(connection_setting).values(section=section, **row))
        except IntegrityError:
            return False
        return True
    done = conn.execute(update(connection_setting).where(
        connection_setting.c.section == section,
        connection_setting.c.version == version).values(**row))
    return done.rowcount == 1
