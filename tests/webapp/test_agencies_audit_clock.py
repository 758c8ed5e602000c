"""An agency's audit rows carry the app's clock (the one the engine and the
other views use), not the machine's: the audit chain orders by time and a
test's injected clock must hold for them too."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from engine.data.schema import audit
from engine.time.calendar import TAIPEI
from engine.time.deadlines import as_utc

NEW = {"code": "TYB", "name_zh": "颱風應變小組", "name_en": "Typhoon Response Team",
       "kind": "office", "parent_code": "DOA", "email": ""}
WHEN = datetime(2026, 3, 2, 9, 0, tzinfo=TAIPEI)   # the injected clock (tests/conftest.py)


def _stamps(db) -> dict:
    with db.connect() as conn:
        return {r.action: as_utc(r.at) for r in conn.execute(
            select(audit.c.action, audit.c.at).where(audit.c.action.like("agency_%")))}


def test_agency_audit_rows_are_stamped_with_the_injected_clock(client_for, db, clock):
    client = client_for("admin")
    assert clock.now() == WHEN
    assert client.post("/admin/agencies/new", data=NEW).status_code == 302
    later = clock.advance(hours=2)
    edit = {k: v for k, v in NEW.items() if k != "code"} | {"name_zh": "防災應變小組"}
    assert client.post("/admin/agencies/TYB", data=edit).status_code == 302
    stamps = _stamps(db)
    assert stamps["agency_created"] == WHEN
    assert stamps["agency_changed"] == later
