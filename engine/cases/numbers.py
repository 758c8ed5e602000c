"""Readable case numbers per ROC year: 115-000123."""
from datetime import datetime

from sqlalchemy import bindparam
from sqlalchemy.dialects import postgresql, sqlite

from engine.time.clock import TAIPEI
from engine.data.prepared import Prepared
from engine.data.schema import case_number_seq


def roc_year(instant: datetime) -> int:
    return instant.astimezone(TAIPEI).year - 1911


def _take(dialect, name):
    """The year's row upserted, its new last number returned; built once per dialect."""
    stmt = dialect.insert(case_number_seq).values(year=bindparam("year"), last=1)
    stmt = stmt.on_conflict_do_update(
        index_elements=[case_number_seq.c.year],
        set_={"last": case_number_seq.c.last + 1},
    ).returning(case_number_seq.c.last)
    return Prepared(stmt, only=name)


TAKE = {"postgresql": _take(postgresql, "postgresql"), "sqlite": _take(sqlite, "sqlite")}


def next_number(conn, instant: datetime) -> str:
    """Take the next number of the instant's ROC year; safe under concurrency
    because the upsert locks the year's row until the transaction ends."""
    year = roc_year(instant)
    take = TAKE["postgresql" if conn.dialect.name == "postgresql" else "sqlite"]
    last = take.run(conn, {"year": year}).scalar_one()
    return f"{year:03d}-{last:06d}"
