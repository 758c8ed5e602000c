"""Migration 0019 fills `on_lead_step` for the requests asked before it: on
the lead's step when that step's agency is the case's responsible agency, or
the same step was opened there (a transfer moved the work); a co-handling
agency's opinion step is not. SQLite file migrated to 0018, rows written,
then upgraded."""
import sys
from pathlib import Path

from sqlalchemy import insert, select, update

from engine.data.db import make_engine, migrate
from engine.data.schema import case, supplement_request, task

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from timing_support import T0, add_cases  # noqa: E402

STEPS = [  # (task id, element, agency, state)
    ("kept", "handle", "PWB", "ready"),             # case 1: asked at the lead, still there
    ("moved", "handle", "PWB", "completed"),        # case 2: asked at PWB, transferred ...
    ("again", "handle", "TRB", "ready"),            # ... the same step opened at TRB
    ("opinion", "co_opinion_task", "EPB", "ready"),  # case 2: a co-handler's step
]


def test_existing_requests_are_filled_by_whose_step_they_were_asked_on(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    migrate(url, "0018")
    eng = make_engine(url)
    with eng.begin() as conn:
        first, second = add_cases(conn, 2)
        conn.execute(update(case).where(case.c.id == first).values(responsible_agency="PWB"))
        conn.execute(update(case).where(case.c.id == second).values(responsible_agency="TRB"))
        conn.execute(insert(task), [dict(
            id=tid, case_id=first if tid == "kept" else second, process_key="petition",
            element_id=element, name="辦理", candidate_agency=agency, state=state,
            created_at=T0) for tid, element, agency, state in STEPS])
        conn.execute(insert(supplement_request), [dict(
            case_id=first if tid == "kept" else second, task_id=tid, asked_by="o1",
            asked_at=T0, request="地址") for tid in ("kept", "moved", "opinion")])
    eng.dispose()
    migrate(url)
    eng = make_engine(url)
    with eng.connect() as conn:
        filled = dict(conn.execute(select(supplement_request.c.task_id,
                                          supplement_request.c.on_lead_step)).all())
    eng.dispose()
    assert filled == {"kept": True, "moved": True, "opinion": False}
