"""Reading the audit trail: the administrator's search (webapp/views/admin/audit.py)
and its CSV export. Writing stays in audit.py."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

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
                    audit.c.detail, case.c.number.label("case_number"))
             .outerjoin(case, case.c.id == audit.c.case_id)
             .where(*_conditions(flt)).order_by(audit.c.id.desc()).limit(limit))
    return conn.execute(query).all()


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
