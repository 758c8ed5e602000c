"""A notice a boundary timer raises names the step the timer is attached to
(engine/cases/timer_notices.py), not the addressed agency's step due soonest:
the undelivered reply's escalation to DOA names the delivery step though DOA
also holds another step of the case due earlier. Real petition model, frozen
clock (received Mon 03-02)."""
from datetime import timedelta

from sqlalchemy import insert

from engine.data.schema import task

from .conftest import at
from .test_petition_delivery import replied  # noqa: F401  (the fixture)


def _other_doa_step(library, cid):
    """An open DOA step of the same case due before the delivery (Tue 03-03 09:00)."""
    with library.db.begin() as conn:
        conn.execute(insert(task).values(
            id="doa-other", case_id=cid, process_key="petition", element_id="intake_review",
            name="收文覆核 Intake review", candidate_agency="DOA", candidate_role="intake",
            state="ready", created_at=at(2026, 3, 2), due_at=at(2026, 3, 3) - timedelta(hours=8)))


def test_the_overdue_delivery_escalation_names_the_overdue_delivery_step(library, replied):
    _other_doa_step(library, replied)
    library.advance(days=1, hours=16)                 # past the end of Tuesday 03-03
    kind, recipient, body = library.notices(replied)[-1]
    assert (kind, recipient) == ("escalation", "doa@city.example")
    assert "「聯繫陳情人送達答覆」" in body and "收文覆核" not in body
    assert "（承辦機關：行政暨國際處）" in body    # the delivery is DOA's own step

