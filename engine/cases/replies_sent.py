"""What a case's model replied to the petitioner, in the words sent: the
`reply` records engine/cases/notices.py keeps for every
`notify('reply', to='petitioner', reply_text=...)` (a consumer complaint's
consultation answer, the business's reply, the consumer protection
officer's findings, the mediation's outcome), e-mailed or not. The model
says what the citizen reads; nothing here names its variables."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from engine.data.schema import audit


@dataclass(frozen=True)
class SentReply:
    at: datetime
    text: str


def of_case(conn, case_id: int) -> list[SentReply]:
    """The replies sent on the case, oldest first."""
    rows = conn.execute(select(audit.c.at, audit.c.detail).where(
        audit.c.case_id == case_id, audit.c.action == "reply").order_by(audit.c.id))
    said = ((at, str(json.loads(detail or "{}").get("text") or "")) for at, detail in rows)
    return [SentReply(at, text) for at, text in said if text.strip()]
