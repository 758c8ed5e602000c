"""Art. 170 in the inbox's search: the tasks a search finds only by words the
viewer reads masked (a confidential petitioner's name in the case's title),
left out by the list's own query so that a page is as full as the filter
allows and its pager knows whether more follow. A search for a name must not
tell which case that person filed.

Asked beside the page (queries.inbox, team.team_tasks): one statement over the
confidential cases hidden from the viewer that the text finds by their title
alone (usually none), masked here as engine/cases/masked.Titles shows them.
It reads them in the list's order only as far as the list reads (`Reach`):
a hidden match after the page's last row cannot change the page."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from engine.data.masking import person_columns, split_person
from engine.data.schema import case, petitioner, task


@dataclass(frozen=True)
class Reach:
    """How far a list reads: its ORDER BY (`order`), the column it sorts by
    first (`first`) and how many rows from the top (`rows`; None: all)."""
    order: tuple
    first: object
    rows: int | None = None


def left_out(conn, clauses: list, text: str | None, hidden, elsewhere, reach: Reach) -> list:
    """`clauses` with, for a search for `text`, no task whose case's title as
    the viewer reads it lacks the text: those on a confidential case whose
    petitioner the viewer may not see (`hidden`, a clause on `case`) that the
    search finds by nothing else (`elsewhere`: the number, the step, its item)."""
    needle = (text or "").strip().casefold()
    if not needle:
        return clauses
    q = (select(task.c.id, case.c.title, reach.first.label("first"), *person_columns())
         .select_from(task.join(case, case.c.id == task.c.case_id)
                      .outerjoin(petitioner, petitioner.c.case_id == case.c.id))
         # IS NOT TRUE: a task with no item finds NULL there, not false
         .where(*clauses, case.c.confidential.is_(True), hidden, elsewhere.is_not(True))
         .order_by(*reach.order, task.c.id))
    gone = _gone(conn, q, needle, reach.rows)
    return [*clauses, task.c.id.not_in(gone)] if gone else clauses


def _gone(conn, q, needle: str, rows: int | None) -> list:
    """The ids among `q`'s rows whose title as read lacks `needle`, read up to
    a bound (twice `rows`, four times more while short) that the list's first
    `rows` rows cannot pass: there are `rows` kept ones before every row left
    unread, which then comes after the list's last even if it were left out."""
    bound = None if rows is None else 2 * max(rows, 1)
    while True:
        found = [(values, needle in (who.redact(values["title"]) or "").casefold())
                 for values, who in map(split_person, conn.execute(q if bound is None else q.limit(bound)))]
        if bound is None or len(found) < bound or _passes(found, rows):
            return [values["id"] for values, kept in found if not kept]
        bound *= 4


def _passes(found: list, rows: int) -> bool:
    """Whether `rows` of `found` are kept and sort before its last row by the
    list's first column (a row tied with the last on it may come either side)."""
    kept = [values["first"] for values, shown in found if shown]
    return len(kept) >= rows and kept[rows - 1] != found[-1][0]["first"]
