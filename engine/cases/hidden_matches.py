"""Art. 170 in the inbox's search: the tasks a search finds only by words the
viewer reads masked (a confidential petitioner's name in the case's title),
left out by the list's own query so that a page is as full as the filter
allows and its pager knows whether more follow. A search for a name must not
tell which case that person filed.

Asked beside the page (queries.inbox, team.team_tasks): one statement over the
confidential cases hidden from the viewer that the text finds by their title
alone (usually none), masked here as engine/cases/masked.Titles shows them."""
from __future__ import annotations

from sqlalchemy import select

from engine.data.masking import person_columns, split_person
from engine.data.schema import case, petitioner, task


def left_out(conn, clauses: list, text: str | None, hidden, elsewhere) -> list:
    """`clauses` with, for a search for `text`, no task whose case's title as
    the viewer reads it lacks the text: those on a confidential case whose
    petitioner the viewer may not see (`hidden`, a clause on `case`) that the
    search finds by nothing else (`elsewhere`: the number, the step, its item)."""
    needle = (text or "").strip().casefold()
    if not needle:
        return clauses
    found = conn.execute(
        select(task.c.id, case.c.title, *person_columns())
        .select_from(task.join(case, case.c.id == task.c.case_id)
                     .outerjoin(petitioner, petitioner.c.case_id == case.c.id))
        # IS NOT TRUE: a task with no item finds NULL there, not false
        .where(*clauses, case.c.confidential.is_(True), hidden, elsewhere.is_not(True)))
    gone = [values["id"] for values, who in map(split_person, found)
            if needle not in (who.redact(values["title"]) or "").casefold()]
    return [*clauses, task.c.id.not_in(gone)] if gone else clauses
