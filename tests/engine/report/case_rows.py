"""Case rows written straight into the database with their data JSON, for
the report figures of processes modelled in parallel (the variable contract
in docs/report.md): one definition row per process, one case per call."""
from __future__ import annotations

import itertools
import json
from datetime import datetime, timezone

from sqlalchemy import insert, select

from engine.data.schema import case, petitioner, process_definition

_numbers = itertools.count(1)
# What a petitioner wrote or is: planted in every case, never published.
PERSONAL = {"name": "邱秀蘭", "phone": "0987654321", "address": "高雄市苓雅區四維三路2號",
            "text": "我家門口的水溝堵住了請盡快處理"}


def definition(conn, key: str) -> int:
    """Any deployed definition (the app's pages parse every one, so no fake
    one beside a real model); a placeholder row when none is deployed. The
    report reads the case's process_key, never its definition."""
    found = conn.execute(select(process_definition.c.id).order_by(process_definition.c.id)).scalar()
    if found:
        return found
    return conn.execute(insert(process_definition).values(
        key=f"test-{key}", version=1, name=key, content_hash=f"test-{key}", sources="{}", meta="{}",
        deployed_at=datetime.now(timezone.utc)).returning(process_definition.c.id)).scalar()


def add_case(conn, key: str, received: datetime, data: dict, status="completed", agency=None,
             **columns) -> int:
    """A case of `key` received at `received` holding `data`, with a
    petitioner and free text planted beside the contract's variables."""
    planted = {"content": PERSONAL["text"], "contact_phone": PERSONAL["phone"],
               "address": PERSONAL["address"], "applicant_name": PERSONAL["name"]}
    number = f"T{next(_numbers):08d}"
    cid = conn.execute(insert(case).values(
        number=number, definition_id=definition(conn, key), process_key=key, status=status,
        title=f"{PERSONAL['name']} {PERSONAL['text']}", responsible_agency=agency,
        received_at=received, created_at=received, updated_at=received,
        closed_at=None if status == "open" else received,
        summary=json.dumps({**planted, **data}, ensure_ascii=False), **columns).returning(case.c.id)).scalar()
    conn.execute(insert(petitioner).values(case_id=cid, name=PERSONAL["name"], phone=PERSONAL["phone"],
                                           address=PERSONAL["address"], email="chiu@example.tw"))
    return cid
