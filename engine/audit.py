"""The append-only audit trail: one record per command, in its transaction."""
import json

from sqlalchemy import insert

from .schema import audit


def record(conn, *, case_id, at, actor, action, task_id=None, **detail) -> None:
    conn.execute(insert(audit).values(
        case_id=case_id, at=at, actor=actor, action=action, task_id=task_id,
        detail=json.dumps(detail, ensure_ascii=False, default=str)))
