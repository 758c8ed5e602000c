"""Readable case numbers per ROC year: 115-000123."""
from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite

from engine.time.clock import TAIPEI
from engine.data.schema import case_number_seq


def roc_year(instant: datetime) -> int:
    return instant.astimezone(TAIPEI).year - 1911


def next_number(conn, instant: datetime) -> str:
    """Take the next number of the instant's ROC year; safe under concurrency
    because the upsert locks the year's row until the transaction ends."""
    year = roc_year(instant)
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(case_number_seq).values(year=year, last=1)
    stmt = stmt.on_conflict_do_update(
        index_elements=[case_number_seq.c.year],
        set_={"last": case_number_seq.c.last + 1},
    ).returning(case_number_seq.c.last)
    last = conn.execute(stmt).scalar_one()
    return f"{year:03d}-{last:06d}"
