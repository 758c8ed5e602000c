"""The start forms the shipped models declare (<civicflow:start>), started
through engine/cases/starting.py: the form's task is done in the starter's
name and the case goes on; one council form starts a case per resolution."""
from datetime import date

import pytest
from sqlalchemy import select

from engine.cases.actors import Actor
from engine.cases.starting import Start, start_filled
from engine.data.errors import Forbidden, InvalidData
from engine.data.schema import case, petitioner, task
from engine.report import council
from engine.report.period import Period

from .conftest import at

CPO_CLERK = Actor("cpo.intake", "CPO", frozenset({"intake"}))
DOA_OFFICER = Actor("doa.officer", "DOA", frozenset({"officer"}))

COMPLAINT = {"request_type": "first_complaint", "category": "online_shopping",
             "consumer_name": "陳美玲", "consumer_contact": "0911222333",
             "business_name": "好買網", "claim_text": "商品未到貨且拒絕退款",
             "has_prior_complaint": False, "already_mediated": False}


def test_consumer_counter_registers_a_first_complaint(library):
    library.clock.set(at(2026, 3, 2))
    [ref] = start_filled(library.engine, "consumer_complaint",
                         [Start(COMPLAINT, {"title": "好買網 消費爭議"},
                                {"name": "陳美玲", "phone": "0911222333"})], actor=CPO_CLERK)
    assert library.completed_elements(ref["id"]) == ["intake"]
    assert library.open_elements(ref["id"]) == ["business_response"]
    assert library.audit_actions(ref["id"])[:2] == ["start", "complete"]
    with library.db.connect() as conn:
        done = conn.execute(select(task).where(task.c.case_id == ref["id"],
                                               task.c.element_id == "intake")).one()
        person = conn.execute(select(petitioner).where(petitioner.c.case_id == ref["id"])).one()
    assert (done.completed_by, done.candidate_agency) == ("cpo.intake", "CPO")
    assert person.name == "陳美玲"


def test_a_refused_form_or_starter_leaves_no_case(library):
    with pytest.raises(InvalidData) as err:
        start_filled(library.engine, "consumer_complaint",
                     [Start({**COMPLAINT, "claim_text": ""})], actor=CPO_CLERK)
    assert "claim_text" in err.value.errors
    with pytest.raises(Forbidden):
        start_filled(library.engine, "consumer_complaint", [Start(COMPLAINT)], actor=DOA_OFFICER)
    with library.db.connect() as conn:
        assert conn.execute(select(case.c.id)).first() is None


def test_one_council_meeting_starts_a_tracked_case_per_resolution(library):
    library.clock.set(at(2026, 3, 2))
    meeting = {"meeting_number": 470, "meeting_date": "2026-02-24"}
    rows = [Start({**meeting, "resolution_text": text, "responsible_agency": code,
                   "report_interval_days": 30}, {"title": "第470次市政會議決議"})
            for text, code in (("夜市清潔", "EPB"), ("路燈汰換", "PWB"), ("觀光行銷", "TOUR"))]
    refs = start_filled(library.engine, "council_resolution", rows, actor=DOA_OFFICER)
    assert [library.open_elements(r["id"]) for r in refs] == [["progress_report"]] * 3
    assert [library.task(r["id"], "progress_report").candidate_agency for r in refs] == \
        ["EPB", "PWB", "TOUR"]
    with library.db.connect() as conn:
        figures = council.figures(conn, Period(date(2026, 2, 1), date(2026, 2, 28)), None,
                                  library.clock.now())
    assert figures["meetings"] == 1
    assert figures["totals"]["assigned"] == 3


def test_records_office_plans_an_audit_round(library):
    library.clock.set(at(2026, 3, 2))
    form = {"audit_year": 115, "audit_offices": ["D-GUSHAN", "D-SANMIN", "D-ZUOYING"],
            "visits_from": "2026-06-01", "visits_until": "2026-06-30",
            "panel": "王教授、李檔案管理師"}
    [ref] = start_filled(library.engine, "records_audit", [Start(form)], actor=DOA_OFFICER)
    assert library.open_elements(ref["id"]) == ["schedule_visit"] * 3


def test_a_start_declaration_that_cannot_work_is_refused_at_deploy(library):
    from engine.data.errors import ModelRefused
    from .conftest import BPMN_DIR
    text = (BPMN_DIR / "council_resolution.bpmn").read_text(encoding="utf-8")
    bad = text.replace('task="record_resolution"', 'task="no_such_task"').replace(
        'roles="officer supervisor"', 'roles="officer clerk"')
    with pytest.raises(ModelRefused) as err:
        library.engine.deploy({"council_resolution.bpmn": bad.encode("utf-8")})
    said = str(err.value.problems)
    assert "no_such_task" in said and "clerk" in said
