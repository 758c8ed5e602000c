"""count_if (engine/data/tally.py) is the one "how many rows meet this"
of the board, the workload, the period report and the versions page."""
from pathlib import Path

from sqlalchemy import select

from engine.data.schema import agency
from engine.data.tally import count_if

ROOT = Path(__file__).resolve().parents[3]


def test_counts_a_condition_and_says_0_over_no_rows(db, agencies):
    with db.connect() as conn:
        row = conn.execute(select(count_if(agency.c.code.in_(["DOA", "EPB"]), "two"),
                                  count_if(agency.c.code == "none"))).one()
        empty = conn.execute(select(count_if(agency.c.code == "DOA", "n")).where(agency.c.code == "x")).one()
    assert (row.two, row[1]) == (2, 0) and empty.n == 0


def test_no_other_engine_module_writes_the_sum_of_a_case():
    writers = [str(p.relative_to(ROOT)) for p in (ROOT / "engine").rglob("*.py")
               if "func.sum(when((" in p.read_text(encoding="utf-8")]
    assert writers == ["engine/data/tally.py"]
