"""Reading the audit trail: the administrator's search (webapp/views/admin/audit.py)
and its CSV export. Writing stays in audit.py."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace

from sqlalchemy import select

from .schema import audit, case

PAGE = 200          # rows shown on one page
EXPORT_LIMIT = 100_000   # rows in one CSV: a city's year of commands fits


@dataclass(frozen=True)
class AuditFilter:
    case_number: str = ""
    actor: str = ""
    action: str = ""
    since: datetime | None = None     # inclusive instant
    until: datetime | None = None     # exclusive instant


def search(conn, flt: AuditFilter, limit: int = PAGE) -> list:
    """Matching rows newest first: id, at, actor, action, case number, task, detail."""
    query = (select(audit.c.id, audit.c.at, audit.c.actor, audit.c.action, audit.c.task_id,
                    audit.c.detail, case.c.number.label("case_number"),
                    case.c.confidential)
             .outerjoin(case, case.c.id == audit.c.case_id)
             .where(*_conditions(flt)).order_by(audit.c.id.desc()).limit(limit))
    return [_shown(r) for r in conn.execute(query)]


# The models name the petitioner's own data petitioner_name, petitioner_contact,
# petitioner_new_email...: Art. 170 keeps it out of the trail's page and export
# when the petitioner asked for confidentiality (the stored row stays whole).
IDENTITY_PREFIX = "petitioner"
HIDDEN = "***"


def _shown(row):
    if not row.confidential:
        return row
    return SimpleNamespace(**{**row._asdict(), "detail": without_identity(row.detail)})


def without_identity(detail: str | None) -> str | None:
    try:
        data = json.loads(detail or "{}")
    except ValueError:
        return detail
    return json.dumps(_mask(data), ensure_ascii=False)


def _mask(value):
    if isinstance(value, dict):
        return {k: HIDDEN if str(k).startswith(IDENTITY_PREFIX) and v not in (None, "")
                else _mask(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_mask(v) for v in value]
    return value


def _conditions(flt: AuditFilter) -> list:
    cond = []
    if flt.case_number:
        cond.append(case.c.number == flt.case_number.strip())
    if flt.actor:
        cond.append(audit.c.actor == flt.actor.strip())
    if flt.action:
        cond.append(audit.c.action == flt.action.strip())
    if flt.since is not None:
        cond.append(audit.c.at >= flt.since)
    if flt.until is not None:
        cond.append(audit.c.at < flt.until)
    return cond


def actions(conn) -> list[str]:
    """The actions the trail holds, for the search's choice list."""
    return list(conn.execute(select(audit.c.action).distinct().order_by(audit.c.action)).scalars())
