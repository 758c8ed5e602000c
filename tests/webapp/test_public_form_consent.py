"""The citizen's two public forms alike: the consent to the use of their
personal data (required, said beside the box in zh-TW, stored with the case
with its wording's version), each field's hint read out with it, the
language switch that keeps what was typed (not filed, not counted against
the limit), and one clock for every form's "today" in a request."""
from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from engine.cases import casefile
from engine.data.schema import audit, case
from engine.time import clock as engine_clock
from webapp import users
from webtest_support import PASSWORD, login

ZH = {"Accept-Language": "zh-TW"}
BPMN = Path(__file__).resolve().parents[2] / "bpmn"
PETITION = {"subject": "路燈不亮", "content": "鼓山一路路燈故障三天", "category": "street_light",
            "district": "D-GUSHAN", "name": "陳小姐", "email": "chen@example.tw",
            "location_address": "鼓山區臨海二路與鼓山一路口", "consent": "true"}
COMPLAINT = {"business_name": "力健健身房", "category": "fitness", "purchase_date": "115/01/15",
             "claim_text": "健身房突然歇業，會費未退。", "claim_request": "退還會費。",
             "name": "張志明", "phone": "0933-222-111", "consent": "true"}


@pytest.fixture
def library(app, rt, db):
    rt.deploy({p.name: p.read_bytes() for p in BPMN.iterdir() if p.suffix in (".bpmn", ".dmn")})
    with db.begin() as conn:
        users.add_user(conn, "cpoclerk", "CPO", ["intake"], PASSWORD)
    return app


def without(data: dict, *keys) -> dict:
    return {k: v for k, v in data.items() if k not in keys}


def beside(resp, field_id: str) -> str:
    found = re.search(rf'id="{field_id}-err">([^<]*)<', resp.get_data(as_text=True))
    return htmllib.unescape(found.group(1)).strip() if found else ""


def described_by(resp, input_id: str) -> list[str]:
    tag = re.search(rf'<(?:input|textarea|select)[^>]*id="{input_id}"[^>]*>', resp.get_data(as_text=True))
    found = re.search(r'aria-describedby="([^"]*)"', tag.group(0))
    return found.group(1).split() if found else []


def cases(db) -> int:
    with db.connect() as conn:
        return conn.execute(select(func.count()).select_from(case)).scalar()


def started_data(db) -> tuple[dict, dict]:
    with db.connect() as conn:
        row = conn.execute(select(case)).one()
        start = conn.execute(select(audit.c.detail).where(audit.c.case_id == row.id,
                                                          audit.c.action == "start")).scalar()
        return casefile.case_data(conn, row), start


# ---- the consent box ---------------------------------------------------------------

def test_a_petition_without_consent_is_refused_beside_the_box_in_zh_tw(app, db):
    resp = app.test_client().post("/public/petition", data=without(PETITION, "consent"), headers=ZH)
    assert resp.status_code == 422 and cases(db) == 0
    assert beside(resp, "consent") == "請勾選同意，市府才能處理您的陳情並移送權責機關。"
    assert '<a href="#consent">同意事項：請勾選同意' in resp.get_data(as_text=True)
    assert described_by(resp, "consent") == ["consent-err"]


def test_the_petition_form_says_what_is_agreed_to(app):
    html = htmllib.unescape(app.test_client().get("/public/petition", headers=ZH).get_data(as_text=True))
    assert 'id="consent" name="consent"' in html
    assert "為處理本陳情案，蒐集及利用我的姓名、聯絡方式及陳情內容" in html
    assert "移送或會辦的機關" in html and "個人資料保護法" in html


def test_the_consent_and_its_wordings_version_are_kept_with_the_petition(app, db):
    assert app.test_client().post("/public/petition", data=PETITION, headers=ZH).status_code == 302
    data, start = started_data(db)
    assert (data["consent_disclosure"], data["consent_version"]) == (True, "petition-2026-12")
    assert '"consent_version": "petition-2026-12"' in start   # the start's audit record


def test_the_complaint_keeps_its_consent_the_same_way(library, db):
    assert library.test_client().post("/public/complaint", data=COMPLAINT, headers=ZH).status_code == 302
    data, _start = started_data(db)
    assert (data["consent_disclosure"], data["consent_version"]) == (True, "complaint-2026-03")


# ---- hints read out with their fields -----------------------------------------------

def test_each_hint_is_read_out_with_its_field_and_its_error(library):
    client = library.test_client()
    petition = client.get("/public/petition", headers=ZH)
    assert described_by(petition, "f-content") == ["f-content-hint"]
    assert "以及希望市府怎麼處理" in petition.get_data(as_text=True)
    refused = client.post("/public/complaint", data={**COMPLAINT, "claim_text": "", "purchase_date": "x"},
                          headers=ZH)
    assert described_by(refused, "f-claim_text") == ["f-claim_text-hint", "f-claim_text-err"]
    assert described_by(refused, "f-business_name") == ["f-business_name-hint"]
    assert described_by(refused, "f-purchase_date") == ["f-purchase_date-hint", "f-purchase_date-err"]
    html = refused.get_data(as_text=True)
    assert 'id="f-claim_text-hint">買了什麼、發生什麼問題' in html
    assert re.search(r'id="f-purchase_date-hint">[^<]*115/03/02', html)   # the date's format, once


# ---- the language switch keeps what was typed ---------------------------------------

def test_switching_language_shows_the_petition_again_with_what_was_typed(app, db):
    client = app.test_client()
    half = {**without(PETITION, "name", "email"), "switch_language": "en", "files_left": "1"}
    resp = client.post("/public/petition", data=half, headers=ZH)
    html = htmllib.unescape(resp.get_data(as_text=True))
    assert resp.status_code == 200 and cases(db) == 0
    assert "Submit a petition to the city government" in html and 'lang="en"' in html
    assert 'value="路燈不亮"' in html and "鼓山一路路燈故障三天</textarea>" in html
    assert 'value="street_light" selected' in html
    assert re.search(r'id="consent" name="consent" value="true"\s+checked', html)
    assert "field-error" not in html and "error-summary" not in html   # not sent: nothing to correct
    assert "Please choose your files again" in html
    assert 'lang="en"' in client.get("/public/petition", headers=ZH).get_data(as_text=True)


def test_the_errors_shown_before_a_switch_are_said_again_in_the_language_chosen(app, db):
    half = {**without(PETITION, "subject"), "switch_language": "en", "errors_shown": "1"}
    resp = app.test_client().post("/public/petition", data=half, headers=ZH)
    assert resp.status_code == 422 and cases(db) == 0   # as the form's own error page
    assert beside(resp, "f-subject") == "Please fill in this field."
    assert "Please correct the 1 marked fields." in resp.get_data(as_text=True)
    mended = {**PETITION, "switch_language": "en", "errors_shown": "1"}
    assert app.test_client().post("/public/petition", data=mended).status_code == 200


def test_a_complaint_switched_with_its_errors_answers_as_its_error_page(library, db):
    half = {**without(COMPLAINT, "business_name"), "switch_language": "en", "errors_shown": "1"}
    resp = library.test_client().post("/public/complaint", data=half, headers=ZH)
    assert resp.status_code == 422 and cases(db) == 0
    assert beside(resp, "f-business_name") == "Please fill in this field."


def test_switching_back_keeps_the_complaint_too_and_files_nothing(library, db):
    client = library.test_client()
    client.post("/lang/en", data={"next": "/"})
    resp = client.post("/public/complaint", data={**COMPLAINT, "switch_language": "zh_TW"})
    html = htmllib.unescape(resp.get_data(as_text=True))
    assert resp.status_code == 200 and cases(db) == 0
    assert "消費爭議申訴" in html and 'value="力健健身房"' in html and 'value="115/01/15"' in html
    assert "健身房突然歇業，會費未退。</textarea>" in html
    unknown = client.post("/public/complaint", data={**COMPLAINT, "switch_language": "fr"})
    assert unknown.status_code == 200 and cases(db) == 0


def test_a_language_switch_is_not_counted_as_a_submission(app, db):
    app.config["PUBLIC_RATE_LIMIT"] = "2/hour"
    client = app.test_client()
    for code in ("en", "zh_TW", "en", "zh_TW"):
        assert client.post("/public/petition", data={**PETITION, "switch_language": code}).status_code == 200
    assert client.post("/public/petition", data=PETITION).status_code == 302


SWITCH = re.compile(r'<button class="link" type="submit" form="public-form" name="switch_language" '
                    r'value="en"\s+formnovalidate lang="en">English</button>')


def test_the_header_switch_is_a_button_of_the_form_only_on_the_public_forms(library):
    """No script needed: the switch posts the form it belongs to; Enter in a
    field still sends the form (its first button in the page is an unseen one)."""
    client = library.test_client()
    form = client.get("/public/petition", headers=ZH).get_data(as_text=True)
    assert SWITCH.search(form) and 'id="public-form"' in form
    assert "js/language-keeps-form.js" in form and 'action="/lang/en"' not in form
    default = form.index('<button type="submit" form="public-form" class="sr-only" tabindex="-1" '
                         'aria-hidden="true"></button>')
    assert default < SWITCH.search(form).start()
    assert SWITCH.search(client.get("/public/complaint", headers=ZH).get_data(as_text=True))
    status = client.get("/public/status", headers=ZH).get_data(as_text=True)
    assert 'name="switch_language"' not in status and 'action="/lang/en"' in status


# ---- one clock for every form in a request --------------------------------------------

def test_a_request_reads_today_from_the_apps_clock_and_leaves_none_behind(app, clock):
    with app.test_request_context("/"):
        app.preprocess_request()
        assert engine_clock.current_now() == clock.now()
    assert engine_clock._current.get() is None


def test_a_start_form_measures_today_on_the_apps_clock(library, db):
    client = login(library.test_client(), "cpoclerk")
    data = {"request_type": "first_complaint", "category": "online_shopping", "consumer_name": "陳美玲",
            "consumer_contact": "0911222333", "business_name": "好買網", "claim_text": "商品未到貨",
            "purchase_date": "115/03/03"}                  # the app's clock says 115/03/02
    resp = client.post("/cases/new/consumer_complaint", data=data, headers=ZH)
    assert resp.status_code == 422 and cases(db) == 0
    assert beside(resp, "f-purchase_date") == "日期不可晚於 115/03/02。"
