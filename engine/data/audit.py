"""The append-only audit trail: one record per command, in its transaction."""
import json

from sqlalchemy import insert

from .schema import audit


INSERT = insert(audit)   # one statement object, so timer batches can send rows together


def record(conn, *, case_id, at, actor, action, task_id=None, **detail) -> None:
    conn.execute(INSERT, {"case_id": case_id, "at": at, "actor": actor, "action": action,
                          "task_id": task_id,
                          "detail": json.dumps(detail, ensure_ascii=False, default=str)})
