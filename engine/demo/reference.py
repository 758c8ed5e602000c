"""Reference data shipped in bpmn/reference: the city's agencies (with their
supervising agency) and the demo accounts.

Loading is idempotent: agencies are inserted or brought up to date, demo users
are only added when missing, so a password someone changed is never reset.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import insert, select, update
from werkzeug.security import generate_password_hash

from engine.data.schema import agency, app_user

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "bpmn" / "reference"
AGENCY_FIELDS = ("name_zh", "name_en", "kind", "parent_code", "email", "district")


def read_json(name: str, directory: Path = REFERENCE_DIR):
    return json.loads((directory / name).read_text(encoding="utf-8"))


def agency_rows(directory: Path = REFERENCE_DIR) -> list[dict]:
    """Parents come before their children in the file, so inserts keep the FK valid."""
    return [{"code": a["code"], "name_zh": a["name_zh"], "name_en": a["name_en"],
             "kind": a["kind"], "parent_code": a.get("parent"), "email": a.get("email"),
             "district": a.get("district")}
            for a in read_json("agencies.json", directory)]


def load_agencies(conn, directory: Path = REFERENCE_DIR) -> dict:
    rows = agency_rows(directory)
    existing = {r.code: r for r in conn.execute(select(agency))}
    added = [r for r in rows if r["code"] not in existing]
    changed = [r for r in rows if r["code"] in existing
               and any(getattr(existing[r["code"]], k) != r[k] for k in AGENCY_FIELDS)]
    for row in added:  # one by one: a child may follow its parent in the same batch
        conn.execute(insert(agency).values(**row))
    for row in changed:
        conn.execute(update(agency).where(agency.c.code == row["code"])
                     .values(**{k: row[k] for k in AGENCY_FIELDS}))
    return {"agencies_added": len(added), "agencies_updated": len(changed)}


def demo_user_rows(directory: Path = REFERENCE_DIR) -> list[dict]:
    spec = read_json("demo_users.json", directory)
    users = []
    for a in read_json("agencies.json", directory):
        for role in spec["per_agency"]:
            users.append({"username": f"{a['code'].lower()}.{role['suffix']}",
                          "agency_code": a["code"], "roles": role["roles"],
                          # a person's name, as a real account has: one language
                          "display_name": f"{a['name_zh']}{role['label_zh']}"[:120]})
    users.extend({k: u[k] for k in u} for u in spec["extra"])
    return users


def load_demo_users(conn, directory: Path = REFERENCE_DIR, now: datetime | None = None) -> dict:
    have = set(conn.execute(select(app_user.c.username)).scalars())
    missing = [u for u in demo_user_rows(directory) if u["username"] not in have]
    if missing:
        # One hash for all: the accounts share the documented demo password,
        # and hashing per user would cost seconds at every load.
        pw = generate_password_hash(read_json("demo_users.json", directory)["password"])
        at = now or datetime.now(timezone.utc)
        conn.execute(insert(app_user), [
            {"locale": "zh_TW", **u, "password_hash": pw, "created_at": at} for u in missing])
    return {"users_added": len(missing)}


def load_reference(db, with_demo_users: bool = True, now: datetime | None = None) -> dict:
    """Load agencies (and the demo accounts) in one transaction."""
    with db.begin() as conn:
        counts = load_agencies(conn)
        if with_demo_users:
            counts.update(load_demo_users(conn, now=now))
    return counts


def demo_password(directory: Path = REFERENCE_DIR) -> str:
    return read_json("demo_users.json", directory)["password"]
