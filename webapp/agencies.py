"""The city's agencies as an administrator keeps them: add, rename, change
the parent (the hierarchy supervisors' scope and escalation to the common
superior follow, engine/board/scope.py), deactivate and reactivate. Every
change is one statement plus its audit row, in the caller's transaction."""
from __future__ import annotations

from sqlalchemy import insert, select, update

from engine.data import agency_order, audit
from engine.data.schema import agency

from .extensions import clock

KINDS = ("government", "bureau", "office", "commission", "committee", "district")
FIELDS = ("name_zh", "name_en", "kind", "parent_code", "email", "district")


def list_agencies(conn) -> list:
    """Every agency, in the city's listing (engine/data/agency_order.py)."""
    return sorted(conn.execute(select(agency)), key=lambda r: agency_order.key(r.code, r.name_zh))


def get_agency(conn, code: str):
    return conn.execute(select(agency).where(agency.c.code == code)).first()


def would_cycle(conn, code: str, parent: str | None) -> bool:
    """True when `parent` is `code` itself or one of the agencies under it."""
    parents = dict(conn.execute(select(agency.c.code, agency.c.parent_code)).all())
    seen = set()
    while parent and parent not in seen:
        if parent == code:
            return True
        seen.add(parent)
        parent = parents.get(parent)
    return False


def create_agency(conn, code: str, values: dict, actor: str) -> None:
    row = {k: values.get(k) or None for k in FIELDS}
    conn.execute(insert(agency).values(code=code, active=True, **row))
    _audit(conn, actor, "agency_created", agency=code, after=row)


def update_agency(conn, code: str, values: dict, actor: str) -> None:
    if would_cycle(conn, code, values.get("parent_code")):
        raise ValueError(f"{values.get('parent_code')} is under {code}: a cycle")
    before = get_agency(conn, code)
    row = {k: values.get(k) or None for k in FIELDS}
    conn.execute(update(agency).where(agency.c.code == code).values(**row))
    changed = {k: (getattr(before, k), v) for k, v in row.items() if getattr(before, k) != v}
    _audit(conn, actor, "agency_changed", agency=code,
           before={k: old for k, (old, _) in changed.items()},
           after={k: new for k, (_, new) in changed.items()})


def set_active(conn, code: str, active: bool, actor: str) -> None:
    conn.execute(update(agency).where(agency.c.code == code).values(active=active))
    _audit(conn, actor, "agency_reactivated" if active else "agency_deactivated", agency=code)


def _audit(conn, actor: str, action: str, **detail) -> None:
    # The app's clock, as the engine's rows use: the audit chain orders by time
    # and tests inject a clock.
    audit.record(conn, case_id=None, at=clock().now(), actor=actor,
                 action=action, **detail)
