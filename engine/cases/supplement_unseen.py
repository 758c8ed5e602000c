"""已補正 in the inbox: the condition "this open task has an answer nobody of
it has seen" (engine/cases/supplement_seen.py says whose an answer is).
Apart from the look itself, so the inbox's queries import it without the
team's reads."""
from __future__ import annotations

from sqlalchemy import and_, literal_column, or_, select, tuple_
from sqlalchemy import case as when

from engine.data.schema import case, supplement_request, task

_sr = supplement_request.c
# Literals, not parameters: the partial index (migration 0017) serves a
# statement only when it states the index's own condition.
UNSEEN = and_(_sr.answered_at.is_not(None), _sr.seen_at.is_(None))
READY = literal_column("'ready'")
ASKED = task.alias("asked")      # the step a request was asked on
_lead = case.alias("lead")        # its case as it is now (its responsible agency)

# The agency a finished asked step's request is for now.
_FOR_AGENCY = when((_sr.on_lead_step, _lead.c.responsible_agency),
                   else_=ASKED.c.candidate_agency)


def answer_unseen(t=task):
    """The condition "open task `t` has an answer nobody of it has seen":
    asked on it, or on a finished step whose request is for its agency now.
    Two uncorrelated INs over the few unseen answers
    (ix_supplement_request_unseen), each read once per statement, not probed
    per inbox row."""
    on_it = select(_sr.task_id).where(UNSEEN)
    after_it = (select(_sr.case_id, _FOR_AGENCY)
                .select_from(supplement_request.join(ASKED, ASKED.c.id == _sr.task_id)
                             .join(_lead, _lead.c.id == ASKED.c.case_id))
                .where(UNSEEN, ASKED.c.state != READY))
    return and_(t.c.state == READY, or_(
        t.c.id.in_(on_it.correlate(None)),
        tuple_(t.c.case_id, t.c.candidate_agency).in_(after_it.correlate(None))))
