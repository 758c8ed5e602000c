"""What a person is told after finishing a task: the case and where it went
next (工作已完成。案件 115-000383 下一步：辦理並擬復（工務局）), so a clerk
knows the phone petition reached the right bureau without opening it."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from engine.cases import queries
from engine.data.schema import case

from . import labels


def after_completing(conn, case_id: int) -> str:
    row = conn.execute(select(case.c.number, case.c.status, case.c.definition_id)
                       .where(case.c.id == case_id)).first()
    ready = [t for t in queries.case_tasks(conn, case_id) if t.state == "ready"]
    if ready:
        steps = "、".join(dict.fromkeys(_step(t, row.definition_id) for t in ready))
        return _("Task completed. Case %(number)s goes on to: %(steps)s.",
                 number=row.number, steps=steps)
    if row.status == "completed":
        return _("Task completed. Case %(number)s is closed.", number=row.number)
    return _("Task completed. Case %(number)s has no open task now: it waits for a deadline "
             "or an answer.", number=row.number)


def _step(t, definition_id: int) -> str:
    name = labels.task_name(t, definition_id)
    agency = labels.agency_name(t.candidate_agency)
    return _("%(step)s (%(agency)s)", step=name, agency=agency) if agency else name
