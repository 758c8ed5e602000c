"""Links between cases that a model names in the case data: a repeat petition
sets `linked_case` (the earlier case's number) and `link_kind`."""
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from engine.data.schema import case, case_link

KINDS = ("repeat", "related", "duplicate")


def record(cmd, data: dict) -> None:
    number, kind = data.get("linked_case"), data.get("link_kind") or "related"
    if not isinstance(number, str) or kind not in KINDS or number == cmd.case.number:
        return
    other = cmd.conn.execute(select(case.c.id).where(case.c.number == number)).scalar()
    if other is None:
        return
    dialect = postgresql if cmd.conn.dialect.name == "postgresql" else sqlite
    cmd.conn.execute(dialect.insert(case_link).values(
        case_id=cmd.case_id, other_case_id=other, kind=kind).on_conflict_do_nothing())
