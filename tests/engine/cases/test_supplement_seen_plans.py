"""已補正 costs one read per inbox page, not one per row: the inbox's column
(engine/cases/supplement_unseen.answer_unseen) is two uncorrelated INs over the
few unseen answers (one of them asked before a transfer), read from the partial index ix_supplement_request_unseen
(migration 0017) on SQLite and PostgreSQL, also where the category or text
filter makes the page join every matching row's case before sorting."""
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import insert, text, update

from engine.cases import queries
from engine.cases.queries import InboxFilter, Viewer
from engine.data.schema import case, supplement_request, task

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from plan_support import plan as plan_of, statements  # noqa: E402
from timing_support import T0, add_cases  # noqa: E402

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc)
OFFICER = Viewer("o1", "B000", frozenset({"officer"}))
ROWS = 300


def _queue(db):
    """ROWS open road cases, each with a queue task; every tenth was asked and
    answered, the first three of those not seen yet."""
    with db.begin() as conn:
        ids = add_cases(conn, ROWS)
        conn.execute(update(case).values(category="road", title="路燈不亮"))
        conn.execute(insert(task), [dict(
            id=f"t{cid}", case_id=cid, process_key="petition", element_id="handle",
            name="辦理", candidate_agency="B000", state="ready", created_at=T0,
            due_at=T0) for cid in ids])
        conn.execute(insert(supplement_request), [dict(
            case_id=cid, task_id=f"t{cid}", asked_by="o1", asked_at=T0, request="地址",
            answered_by="petitioner", answered_at=T0, answer="中山路",
            seen_at=None if n < 30 else T0) for n, cid in enumerate(ids) if n % 10 == 0])
        _transferred(conn, ids[0])
        if db.dialect.name == "postgresql":
            conn.execute(text("ANALYZE"))
    return ids


def _transferred(conn, cid):
    """Case `cid` was asked at B001's handling step (the lead's), then
    transferred to B000 (the viewer's): the request is on the finished step,
    for the agency now responsible."""
    conn.execute(update(case).where(case.c.id == cid).values(responsible_agency="B000"))
    conn.execute(insert(task).values(
        id=f"f{cid}", case_id=cid, process_key="petition", element_id="handle", name="辦理",
        candidate_agency="B001", state="completed", created_at=T0))
    conn.execute(update(supplement_request).where(supplement_request.c.case_id == cid)
                 .values(task_id=f"f{cid}", on_lead_step=True))


FILTERS = {
    "category": InboxFilter(view="queue", category="road", limit=ROWS),
    "text": InboxFilter(view="queue", text="路燈", limit=ROWS),
    "due": InboxFilter(view="queue", limit=ROWS),
}


@pytest.mark.parametrize("name", FILTERS, ids=list(FILTERS))
def test_the_page_reads_the_unseen_answers_once_from_the_partial_index(db, name):
    ids = _queue(db)
    rows = queries.inbox(db.connect(), OFFICER, FILTERS[name], NOW)
    assert sorted(r.id for r in rows if r.supplemented) == sorted(f"t{c}" for c in ids[:30:10])
    # the page's statement (a search first looks up masked names: hidden_matches)
    *_, (statement, params) = statements(
        db, lambda c: queries.inbox(c, OFFICER, FILTERS[name], NOW))
    lines = plan_of(db, statement, params).splitlines()
    sqlite = db.dialect.name == "sqlite"
    scans = [i for i, line in enumerate(lines)
             if ("supplement_request" in line if sqlite else " on supplement_request" in line)]
    assert len(scans) == 2, lines
    for i in scans:
        assert "ix_supplement_request_unseen" in lines[i], lines
        if sqlite:
            assert lines[i - 1].startswith("LIST SUBQUERY"), lines   # once, not CORRELATED
    if not sqlite:
        # Hashed or not (PostgreSQL's choice for three answers), the subplans
        # are uncorrelated: nothing in them reads the outer row's case.
        sub = "\n".join(lines[lines.index(next(l for l in lines if l.strip().startswith("SubPlan"))):])
        assert "task.case_id" not in sub and '"case".id' not in sub, lines
