"""Starting petition cases from the counter, the public form, the API and
Open311: the case, the petitioner's row and the status password.

The status password is shown once on the receipt; only its hash is kept.
It is machine-made (8 characters from 31: 2^39 possibilities), so it needs no
slow key-derivation function against guessing: the kept value is an
HMAC-SHA256 keyed with the server's SECRET_KEY, which the database does not
hold. Hashes made before (werkzeug's scrypt:/pbkdf2:) still verify.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone

from flask import current_app, has_app_context
from sqlalchemy import func, or_, select
from werkzeug.security import check_password_hash

from engine.models import forms
from engine.cases import queries
from engine.cases.actors import Actor
from engine.data.errors import NotFound
from engine.data.schema import case, petitioner, task

PROCESS = "petition"
REGISTER = "register"
INTAKE_ROLE = "intake"   # the registration steps: their deadline is not the reply's
# No 0/O/1/l/I: the password is read aloud over the phone and copied by hand.
ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"


@dataclass
class Receipt:
    case_id: int
    number: str
    password: str


def new_password(length: int = 8) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


HMAC_PREFIX = "hmac-sha256:"


def password_hash(password: str) -> str:
    """What the petitioner row keeps of a status password."""
    digest = hmac.new(_secret(), b"status password\x1f" + password.encode(), hashlib.sha256)
    return HMAC_PREFIX + digest.hexdigest()


def _secret() -> bytes:
    if has_app_context():
        return str(current_app.config["SECRET_KEY"]).encode()
    from config import _secret_key   # what a server started in this environment uses
    return _secret_key().encode()


def password_matches(stored: str, password: str) -> bool:
    if stored.startswith(HMAC_PREFIX):
        return hmac.compare_digest(stored, password_hash(password))
    return check_password_hash(stored, password)   # kept from before: scrypt:/pbkdf2:


def register_fields(conn, process_key: str = PROCESS, element: str = REGISTER) -> list:
    """The fields the latest deployed model declares for its registration task."""
    latest = {p.key: p.id for p in queries.processes(conn)}
    if process_key not in latest:
        raise NotFound(f"no deployed process '{process_key}'")
    meta = queries.task_meta(conn, latest[process_key], element)
    return meta.fields if meta else []


def validate_registration(conn, fields, values: dict) -> dict:
    """Check the form before a case exists, so a refused form leaves no case.
    Only the agency codes its answers name are read (not the whole city's)."""
    from .extensions import runtime
    named = runtime().agencies(conn, fields, values if isinstance(values, dict) else {})
    return forms.validate(fields, values, named)


def allows_anonymous(fields) -> bool:
    """A model lets a petitioner file without name or contact by declaring an
    `anonymous` checkbox on its registration form."""
    return any(f.name == "anonymous" and f.type == "boolean" for f in fields)


def person_fields(fields, person: dict) -> dict:
    """The model's own petitioner fields (petitioner_name, petitioner_contact)
    filled from the identity given with the petition, so the registration
    form shows who filed it instead of empty boxes."""
    names = {f.name for f in fields}
    contact = person.get("phone") or person.get("email")
    return {k: v for k, v in (("petitioner_name", person.get("name")), ("petitioner_contact", contact))
            if k in names and v}


def start(rt, data: dict, *, actor: Actor, received_at=None, person: dict | None = None,
          process_key: str = PROCESS) -> Receipt:
    """Start a case whose petitioner can follow it with case number + password."""
    password = new_password()
    info = {k: (v or None) for k, v in (person or {}).items()
            if k in ("name", "email", "phone", "address")}
    info["name"] = info.get("name") or ""
    info["status_password_hash"] = password_hash(password)
    data = {**data, "title": data.get("title") or data.get("subject") or ""}
    if received_at is not None and received_at.tzinfo is not None:
        # SQLite keeps no offset: hand the engine UTC, as every stored instant is.
        received_at = received_at.astimezone(timezone.utc)
    started = rt.start_case(process_key, data, actor=actor, received_at=received_at,
                            petitioner_info=info)
    return Receipt(started["id"], started["number"], password)


def ready_task(conn, case_id: int, element_id: str | None = None):
    q = select(task).where(task.c.case_id == case_id, task.c.state == "ready")
    if element_id:
        q = q.where(task.c.element_id == element_id)
    return conn.execute(q.order_by(task.c.created_at)).first()


def reply_deadline(conn, case_row):
    """When the petitioner may expect the reply: the deadline of the case's
    open handling task (not a registration step's), else the reply deadline
    the model set on the case; None while the petition is being registered."""
    due = conn.execute(select(func.min(task.c.due_at)).where(
        task.c.case_id == case_row.id, task.c.state == "ready",
        or_(task.c.candidate_role.is_(None), task.c.candidate_role != INTAKE_ROLE))).scalar()
    if due is not None:
        return due
    declared = json.loads(case_row.summary or "{}").get("due_at")
    return datetime.fromisoformat(declared) if isinstance(declared, str) and declared else None


def in_registration(conn, case_id: int) -> bool:
    return conn.execute(select(task.c.id).where(
        task.c.case_id == case_id, task.c.state == "ready",
        task.c.candidate_role == INTAKE_ROLE)).first() is not None


def check_status_password(conn, number: str, password: str):
    """The case row when number and password match, else None (same cost either way)."""
    row = conn.execute(select(case, petitioner.c.status_password_hash).join(
        petitioner, petitioner.c.case_id == case.c.id).where(case.c.number == number)).first()
    stored = row.status_password_hash if row and row.status_password_hash else None
    ok = password_matches(stored or password_hash("no such case"), password or "")
    return row if (row and ok and stored) else None
