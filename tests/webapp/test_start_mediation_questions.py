"""The consumer complaint's start form asks 是否已先提出消費申訴 and 本爭議是否已經
調解或仲裁 only on a mediation application, as yes/no decisions whose words
say what an answer means: an application without a complaint first, or of a
dispute already mediated, is registered and refused in writing by the model
(不受理調解, Consumer Protection Act Art. 44), as a letter asking for it must be,
and counted in the period report."""
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from engine.data.schema import audit, case, task
from webapp import users
from webtest_support import PASSWORD, login

BPMN = Path(__file__).resolve().parents[2] / "bpmn"
URL = "/cases/new/consumer_complaint"
COMPLAINT = {"request_type": "first_complaint", "category": "online_shopping",
             "consumer_name": "陳美玲", "consumer_contact": "0911222333",
             "business_name": "好買網", "claim_text": "商品未到貨且拒絕退款"}
MEDIATION = {**COMPLAINT, "request_type": "mediation"}
NO_COMPLAINT_YET = "尚未提出申訴（依消保法第44條不受理調解）"
MEDIATED_BEFORE = "已經調解或仲裁（不受理調解）"


@pytest.fixture
def clerk(app, rt, db):
    rt.deploy({p.name: p.read_bytes() for p in BPMN.iterdir() if p.suffix in (".bpmn", ".dmn")})
    with db.begin() as conn:
        users.add_user(conn, "cpoclerk", "CPO", ["intake"], PASSWORD)
    return login(app.test_client(), "cpoclerk")


def field_html(html: str, name: str) -> str:
    """The markup of one field's wrapper (its inputs and its error)."""
    m = re.search(rf'<div class="field" data-field="{name}"(.*?)</fieldset>(.*?)</div>', html, re.S)
    assert m, name
    return m.group(0)


def cases(db) -> int:
    with db.connect() as conn:
        return conn.execute(select(func.count()).select_from(case)).scalar_one()


def open_steps(db) -> list:
    with db.connect() as conn:
        return conn.execute(select(task.c.element_id).where(task.c.state == "ready")).scalars().all()


def test_the_questions_are_yes_no_decisions_shown_for_mediation_only(clerk):
    html = clerk.get(URL).get_data(as_text=True)
    prior = field_html(html, "has_prior_complaint")
    assert 'data-when="request_type=mediation"' in prior and "是否已先提出消費申訴" in prior
    assert 'type="radio"' in prior and "已先提出申訴" in prior and NO_COMPLAINT_YET in prior
    assert "checked" not in prior and " required" not in prior   # hidden until 申請調解 is chosen
    mediated = field_html(html, "already_mediated")
    assert 'data-when="request_type=mediation"' in mediated and "未曾調解或仲裁" in mediated


def test_a_first_complaint_starts_without_the_mediation_questions(clerk, db):
    resp = clerk.post(URL, data=COMPLAINT)
    assert resp.status_code == 302
    assert open_steps(db) == ["business_response"]


def test_answers_sent_for_a_question_not_asked_stop_nothing(clerk, db):
    # A browser without the script sends every field; what does not apply is dropped.
    resp = clerk.post(URL, data={**COMPLAINT, "has_prior_complaint": "false", "already_mediated": "true"})
    assert resp.status_code == 302 and open_steps(db) == ["business_response"]


def test_mediation_unanswered_asks_for_each_answer_beside_it(clerk, db):
    resp = clerk.post(URL, data=MEDIATION)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and cases(db) == 0
    assert f"請選擇「已先提出申訴」或「{NO_COMPLAINT_YET}」。" in field_html(html, "has_prior_complaint")
    assert f"請選擇「{MEDIATED_BEFORE}」或「未曾調解或仲裁」。" in field_html(html, "already_mediated")


def refused(db) -> tuple:
    """The one case's status, and whether it answered in writing (the 不受理 reply;
    this consumer left a phone number only, so the notice is recorded as not sent)."""
    with db.connect() as conn:
        status = conn.execute(select(case.c.status)).scalar_one()
        details = conn.execute(select(audit.c.detail).where(
            audit.c.action.in_(("notice", "notice_skipped")))).scalars().all()
    return status, any('"kind": "reply"' in d for d in details)


@pytest.mark.parametrize("prior,mediated", [("false", "false"), ("true", "true")])
def test_an_application_that_cannot_be_mediated_is_registered_and_refused_in_writing(
        clerk, db, prior, mediated):
    resp = clerk.post(URL, data={**MEDIATION, "has_prior_complaint": prior, "already_mediated": mediated})
    assert resp.status_code == 302 and cases(db) == 1
    assert refused(db) == ("completed", True)


def test_mediation_after_a_complaint_opens_the_sessions(clerk, db):
    resp = clerk.post(URL, data={**MEDIATION, "has_prior_complaint": "true",
                                 "prior_complaint_number": "115-000042", "already_mediated": "false"})
    assert resp.status_code == 302
    assert open_steps(db) == ["mediation_session"]


def test_in_english_the_answers_say_what_they_mean(clerk):
    clerk.post("/lang/en")
    prior = field_html(clerk.get(URL).get_data(as_text=True), "has_prior_complaint")
    assert "No complaint yet (mediation refused: CPA Art. 44)" in prior
