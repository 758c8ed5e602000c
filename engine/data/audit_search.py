"""Reading the audit trail: the administrator's search (webapp/views/admin/audit.py)
and its CSV export. Writing stays in audit.py."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace

from sqlalchemy import and_, case as sql_case, select

from .masking import MASK, Identity, mask_address, person_columns, split_person
from .schema import audit, case, comment, petitioner

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
                    case.c.confidential, _earlier_note().label("note_body"), *person_columns())
             .outerjoin(case, case.c.id == audit.c.case_id)
             .outerjoin(petitioner, petitioner.c.case_id == audit.c.case_id)
             .where(*_conditions(flt)).order_by(audit.c.id.desc()).limit(limit))
    return [_shown(r) for r in conn.execute(query)]


# A note (備註) is audited with its text under "note" (webapp/views/cases.py);
# one audited before that has an empty detail: its text is the comment the
# same person wrote on the case at the same instant (a subquery, not a join:
# two notes of one instant must not double the trail's rows).
def _earlier_note():
    body = (select(comment.c.body)
            .where(comment.c.case_id == audit.c.case_id, comment.c.at == audit.c.at,
                   comment.c.author == audit.c.actor)
            .order_by(comment.c.id).limit(1).scalar_subquery())
    # Asked only on such rows (an export reads up to 100,000 rows).
    return sql_case((and_(audit.c.action == "comment", audit.c.detail == "{}"), body), else_=None)


def _with_note(values: dict) -> None:
    body = values.pop("note_body")
    if body is not None:
        values["detail"] = json.dumps({"note": body}, ensure_ascii=False)


# The models name the petitioner's own data petitioner_name, petitioner_contact,
# petitioner_new_email...: Art. 170 keeps it out of the trail's page and export
# when the petitioner asked for confidentiality (the stored row stays whole).
# Free text (a reply, a resent notice's recipient) may name the person too.
IDENTITY_PREFIX = "petitioner"
HIDDEN = MASK
ADDRESS_KEYS = frozenset({"recipient"})   # a notice's address (outbox.resend)


def _shown(row):
    values, person = split_person(row)
    _with_note(values)
    if row.confidential:
        values["detail"] = without_identity(values["detail"], person)
    return SimpleNamespace(**values)


def without_identity(detail: str | None, identity: Identity = Identity()) -> str | None:
    try:
        data = json.loads(detail or "{}")
    except ValueError:
        return identity.redact(detail)
    return json.dumps(_mask(data, identity), ensure_ascii=False)


def _mask(value, identity: Identity):
    if isinstance(value, dict):
        return {k: _masked_entry(str(k), v, identity) for k, v in value.items()}
    if isinstance(value, list):
        return [_mask(v, identity) for v in value]
    return identity.redact(value) if isinstance(value, str) else value


def _masked_entry(key: str, value, identity: Identity):
    if value in (None, ""):
        return value
    if key.startswith(IDENTITY_PREFIX):
        return HIDDEN
    if key in ADDRESS_KEYS and isinstance(value, str):
        return mask_address(value)
    return _mask(value, identity)


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
