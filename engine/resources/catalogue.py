"""The resources an administrator keeps: official cars, drivers and the
meeting rooms and event spaces of the two administrative centres. Each change
is written with its audit record in the caller's transaction."""
from __future__ import annotations

from sqlalchemy import insert, select, update

from engine.data import audit
from engine.data.schema import resource

KINDS = ("car", "driver", "room")
CENTRES = ("sihwei", "fengshan")   # 四維行政中心, 鳳山行政中心
FIELDS = ("kind", "name_zh", "name_en", "centre", "capacity")


def list_resources(conn, kind: str | None = None, active_only: bool = False) -> list:
    query = select(resource).order_by(resource.c.kind, resource.c.code)
    if kind:
        query = query.where(resource.c.kind == kind)
    if active_only:
        query = query.where(resource.c.active.is_(True))
    return list(conn.execute(query))


def get(conn, code: str):
    return conn.execute(select(resource).where(resource.c.code == code)).first()


def by_ids(conn, ids) -> dict:
    rows = conn.execute(select(resource).where(resource.c.id.in_(list(ids))))
    return {r.id: r for r in rows}


def create(conn, code: str, values: dict, actor: str, now) -> None:
    conn.execute(insert(resource).values(code=code, **_clean(values)))
    audit.record(conn, case_id=None, at=now, actor=actor, action="resource_added",
                 code=code, **_clean(values))


def update_resource(conn, code: str, values: dict, actor: str, now) -> None:
    before = get(conn, code)
    conn.execute(update(resource).where(resource.c.code == code).values(**_clean(values)))
    audit.record(conn, case_id=None, at=now, actor=actor, action="resource_changed", code=code,
                 before={k: getattr(before, k) for k in FIELDS}, after=_clean(values))


def set_active(conn, code: str, active: bool, actor: str, now) -> None:
    conn.execute(update(resource).where(resource.c.code == code).values(active=active))
    audit.record(conn, case_id=None, at=now, actor=actor,
                 action="resource_reactivated" if active else "resource_deactivated", code=code)


def load(conn, rows: list[dict]) -> int:
    """Add the reference resources not there yet (by code); how many were added."""
    have = set(conn.execute(select(resource.c.code)).scalars())
    missing = [{"code": r["code"], **_clean(r)} for r in rows if r["code"] not in have]
    if missing:
        conn.execute(insert(resource), missing)
    return len(missing)


def _clean(values: dict) -> dict:
    out = {k: values[k] for k in FIELDS if k in values}
    if out.get("capacity") in ("", None):
        out["capacity"] = None
    out["centre"] = out.get("centre") or ""
    return out
