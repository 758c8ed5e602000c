"""The consumer complaint's start form asks 是否已先提出消費申訴 and 本爭議是否已經
調解或仲裁 only on a mediation application, as yes/no decisions; an answer
that means mediation cannot be applied for is refused beside the question with
what to do instead (Consumer Protection Act Art. 44), and no case starts."""
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from engine.data.schema import case, task
from webapp import users
from webtest_support import PASSWORD, login

BPMN = Path(__file__).resolve().parents[2] / "bpmn"
URL = "/cases/new/consumer_complaint"
COMPLAINT = {"request_type": "first_complaint", "category": "online_shopping",
             "consumer_name": "陳美玲", "consumer_contact": "0911222333",
             "business_name": "好買網", "claim_text": "商品未到貨且拒絕退款"}
MEDIATION = {**COMPLAINT, "request_type": "mediation"}
NO_COMPLAINT_YET = "申請調解須先提出消費申訴（消費者保護法第44條）：請先提出消費申訴，申請類型請改選「第一次申訴」。"
MEDIATED_BEFORE = "已經調解或仲裁的爭議不能再申請調解：申請類型請改選「消費諮詢」"


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
    assert 'type="radio"' in prior and "已先提出申訴" in prior and "尚未提出申訴" in prior
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
    assert "請選擇「已先提出申訴」或「尚未提出申訴」。" in field_html(html, "has_prior_complaint")
    assert "請選擇「已經調解或仲裁」或「未曾調解或仲裁」。" in field_html(html, "already_mediated")


def test_mediation_without_a_complaint_is_refused_beside_the_question(clerk, db):
    resp = clerk.post(URL, data={**MEDIATION, "has_prior_complaint": "false", "already_mediated": "false"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and cases(db) == 0   # not accepted and then closed
    prior = field_html(html, "has_prior_complaint")
    assert NO_COMPLAINT_YET in prior and 'aria-invalid="true"' in prior
    assert re.search(r'value="false"\s+checked', prior)   # the answer given is kept
    assert COMPLAINT["claim_text"] in html and "請修正標示的欄位。" in html


def test_mediation_of_a_dispute_already_mediated_is_refused_beside_the_question(clerk, db):
    resp = clerk.post(URL, data={**MEDIATION, "has_prior_complaint": "true", "already_mediated": "true"})
    assert resp.status_code == 422 and cases(db) == 0
    assert MEDIATED_BEFORE in field_html(resp.get_data(as_text=True), "already_mediated")


def test_mediation_after_a_complaint_opens_the_sessions(clerk, db):
    resp = clerk.post(URL, data={**MEDIATION, "has_prior_complaint": "true",
                                 "prior_complaint_number": "115-000042", "already_mediated": "false"})
    assert resp.status_code == 302
    assert open_steps(db) == ["mediation_session"]


def test_in_english_the_refusal_says_what_to_do_in_english(clerk, db):
    clerk.post("/lang/en")
    resp = clerk.post(URL, data={**MEDIATION, "has_prior_complaint": "false", "already_mediated": "false"})
    prior = field_html(resp.get_data(as_text=True), "has_prior_complaint")
    assert "Mediation needs a consumer complaint first" in prior and "No complaint yet" in prior
