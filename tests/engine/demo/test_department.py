"""engine/demo/department.py: the department's own services in the demo,
started through their start forms and worked to their ends, with the case
data the council report and the open data read (the variable contract)."""
import json

from sqlalchemy import select

from engine.data.schema import case, task
from engine.demo import backlog
from engine.demo.department import PROCESSES, counts

from .conftest import END

CONTRACT = {"facility_repair": {"trade", "centre", "work_by", "reopen_count", "outcome"},
            "temp_staff_review": {"requesting_agency", "budget_source", "staff_kind", "headcount", "decision"},
            "document_exchange_signup": {"organisation_name", "decision"},
            "consumer_inspection": {"competent_agency", "items", "shops_inspected", "shops_nonconforming",
                                    "referred_ftc", "outcome"}}


def test_volumes_follow_the_seed_half_year_scaled_to_the_demo():
    assert counts(2500, 189) == {"facility_repair": 544, "temp_staff_review": 2,
                                 "document_exchange_signup": 43, "consumer_inspection": 28}
    assert counts(2500, 120)["facility_repair"] == 345
    assert counts(250, 120) == {"facility_repair": 35, "temp_staff_review": 1,
                                "document_exchange_signup": 3, "consumer_inspection": 2}


def test_demo_runs_the_department_processes_to_their_ends(demo):
    stats, db = demo.stats, demo.db
    assert stats.errors == 0
    behind = backlog.counts(END, demo.days)   # the work left behind, beside the seed's volumes
    assert {k: stats.started[k] - behind.get(k, 0) for k in PROCESSES} == counts(demo.cases, demo.days)
    with db.connect() as conn:
        rows = conn.execute(select(case.c.process_key, case.c.status, case.c.summary)
                            .where(case.c.process_key.in_(PROCESSES))).all()
        starters = set(conn.execute(select(task.c.completed_by).join(case, case.c.id == task.c.case_id)
                                    .where(task.c.element_id == "report_fault")).scalars())
    done = [(key, json.loads(summary)) for key, status, summary in rows if status == "completed"]
    assert {key for key, _ in done} == set(PROCESSES)
    for key, data in done:
        assert CONTRACT[key] <= set(data), (key, data)
    repairs = [d for k, d in done if k == "facility_repair"]
    assert {d["outcome"] for d in repairs} == {"completed", "cancelled"}
    assert {d["work_by"] for d in repairs if d["outcome"] == "completed"} == {"contractor", "in_house"}
    assert {d["centre"] for d in repairs} == {"sihwei", "fengshan"}
    assert any(d["reopen_count"] > 0 for d in repairs)
    assert any(status == "open" for key, status, _ in rows if key == "facility_repair")
    assert len(starters) > 3 and all(s.endswith(".officer") for s in starters)
