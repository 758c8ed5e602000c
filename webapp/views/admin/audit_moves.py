"""The open tasks an audit record moved, named for the CSV: a closure's or an
agency's move of district (`moved`: each task's id with its due before and
after, engine/cases/calendar_moves.py and district_moves.py) and a resumed
clock (`per_task`: each task's id with the working days it was paused,
engine/cases/extensions.py). The record keeps task ids; the CSV names each
task as the calendar page does: case number, step (未命名步驟 when the model
names it not), agency, deadline before → after. The page counts them only."""
from __future__ import annotations

from flask_babel import ngettext
from sqlalchemy import select

from engine.data.schema import case, task

from ...labels import agency_name, task_name, unnamed
from .audit_shapes import from_to

CHUNK = 500   # task ids a query asks for at once (SQLite's parameter limit)
# Excel keeps 32,767 characters in a cell: a city-wide closure's list stops
# short of that and says how many more the calendar page lists.
CELL = 30_000


class MovedTasks:
    """The tasks the records of one page or export name, read in a few queries."""

    def __init__(self, conn, details: list[dict]):
        ids = sorted({tid for d in details for tid in task_ids(d)})
        self.tasks = {}
        for start in range(0, len(ids), CHUNK):
            self.tasks.update((r.id, r) for r in conn.execute(
                select(task.c.id, task.c.name, task.c.element_id, task.c.candidate_agency,
                       case.c.number, case.c.definition_id)
                .join(case, case.c.id == task.c.case_id)
                .where(task.c.id.in_(ids[start:start + CHUNK]))))

    def moved(self, value: list, colon: str, sep: str, brackets=("（", "）")) -> str:
        """115-000002 辦理並擬復（工務局）：民國115年3月12日 → 民國115年3月13日、…
        up to what a spreadsheet cell holds; then how many more."""
        said, used = [], 0
        entries = [m for m in value if isinstance(m, dict)]
        for m in entries:
            one = (f"{self.named(m.get('task'), brackets)}{colon}"
                   f"{from_to({'from': m.get('old'), 'to': m.get('new')})}")
            if used + len(one) > CELL:
                left = len(entries) - len(said)
                said.append(ngettext("and %(num)s more (the calendar page lists them all)",
                                     "and %(num)s more (the calendar page lists them all)", left))
                break
            said.append(one)
            used += len(one) + len(sep)
        return sep.join(said) or "—"

    def per_task(self, value: dict, colon: str, sep: str, brackets=("（", "）")) -> str:
        """辦理並擬復（工務局）：2 (the case is the record's own)."""
        return sep.join(f"{self.named(tid, brackets, with_case=False)}{colon}{days}"
                        for tid, days in value.items()) or "—"

    def named(self, task_id, brackets, with_case: bool = True) -> str:
        row = self.tasks.get(task_id)
        if row is None:   # no longer stored: a step, never its id
            return unnamed(None)
        agency = agency_name(row.candidate_agency)
        said = f"{row.number} {task_name(row)}" if with_case else task_name(row)
        return f"{said}{brackets[0]}{agency}{brackets[1]}" if agency else said


def task_ids(data: dict) -> list[str]:
    """The task ids a record's detail lists under `moved` or `per_task`."""
    moved = data.get("moved")
    ids = [m.get("task") for m in moved if isinstance(m, dict)] if isinstance(moved, list) else []
    per_task = data.get("per_task")
    return [i for i in ids if isinstance(i, str)] + (list(per_task) if isinstance(per_task, dict) else [])
