"""Read side of a model's history: its deployed versions with the cases that
run on them, one version's files, and the analyst's draft (read directly, so
this module does not depend on the editor's code)."""
from __future__ import annotations

import json

from sqlalchemy import func, select

from engine.data.schema import (agency, calendar_override, case, model_draft, process_definition,
                                resource)
from engine.data.tally import count_if

PD = process_definition.c


def versions(conn, key: str) -> list[dict]:
    """Newest first, each with `open_cases` and `total_cases`.

    The counts group the key's cases by definition: one pass over the key's
    rows of `case` (through ix_case_process_status)."""
    counts = {r.definition_id: (r.open, r.total) for r in conn.execute(
        select(case.c.definition_id,
               count_if(case.c.status == "open", "open"),
               func.count().label("total"))
        .where(case.c.process_key == key).group_by(case.c.definition_id))}
    rows = conn.execute(select(PD.id, PD.version, PD.name, PD.content_hash, PD.deployed_at,
                               PD.deployed_by, PD.comment)
                        .where(PD.key == key).order_by(PD.version.desc())).all()
    return [{**r._mapping, "open_cases": int(counts.get(r.id, (0, 0))[0] or 0),
             "total_cases": counts.get(r.id, (0, 0))[1]} for r in rows]


def version(conn, key: str, number: int):
    """One version's row (with `sources` and `meta`), or None."""
    return conn.execute(select(process_definition).where(
        PD.key == key, PD.version == number)).first()


def files_of(row) -> dict[str, str]:
    return json.loads(row.sources)


def draft(conn, key: str):
    """The analyst's draft of `key` (files as a dict), or None."""
    row = conn.execute(select(model_draft).where(model_draft.c.key == key)).first()
    if row is None:
        return None
    return {"files": json.loads(row.files), "base_version": row.base_version,
            "updated_by": row.updated_by, "updated_at": row.updated_at, "name": row.name}


def process_file(files: dict[str, str], key: str) -> str | None:
    """The BPMN text that defines process `key` (the diagram to show)."""
    marker = f'id="{key}"'
    return next((text for name, text in files.items()
                 if name.lower().endswith(".bpmn") and marker in text), None)


def agency_rows(conn) -> list[dict]:
    cols = (agency.c.code, agency.c.name_zh, agency.c.name_en, agency.c.kind,
            agency.c.parent_code, agency.c.email, agency.c.active, agency.c.district)
    return [dict(r._mapping) for r in conn.execute(select(*cols))]


def resource_rows(conn) -> list[dict]:
    """The cars, drivers and rooms, for a test-run to reserve (none booked there)."""
    cols = (resource.c.kind, resource.c.code, resource.c.name_zh, resource.c.name_en,
            resource.c.centre, resource.c.capacity, resource.c.active)
    return [dict(r._mapping) for r in conn.execute(select(*cols))]


def override_rows(conn) -> list[dict]:
    c = calendar_override.c
    return [dict(r._mapping) for r in conn.execute(select(c.day, c.kind, c.reason, c.districts))]
