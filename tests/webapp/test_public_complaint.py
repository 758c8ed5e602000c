"""A citizen's consumer complaint (消費爭議申訴) on the web: chosen from the
public first page, the consumer_complaint model's start form as a consumer
fills it, started as the centre's staff start a first complaint from the web
(the receipt's number and password follow it on the status page), every
error beside its field in zh-TW with what was typed kept, bad payloads
answered 4xx with nothing filed, and the centre's clerk reading the
complaint beside the next step."""
from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from engine.cases import casefile
from engine.data.schema import audit, case, petitioner, task
from webapp import users
from webtest_support import PASSWORD, login

ZH = {"Accept-Language": "zh-TW"}
EN = {"Accept-Language": "en"}
BPMN = Path(__file__).resolve().parents[2] / "bpmn"
CLAIM = "健身房突然歇業，預付一年會費兩萬四千元未退。"
ASK = "退還未使用的會費兩萬元。"
URL = "/public/complaint"


@pytest.fixture
def complaints(app, rt):
    rt.deploy({p.name: p.read_bytes() for p in BPMN.iterdir() if p.suffix in (".bpmn", ".dmn")})
    with rt.db.begin() as conn:
        users.add_user(conn, "cpoclerk", "CPO", ["intake"], PASSWORD, display_name="消保收件林小姐")
    return rt


def form(**over) -> dict:
    data = {"business_name": "力健健身房", "category": "fitness", "purchase_date": "115/01/15",
            "claim_text": CLAIM, "claim_request": ASK, "name": "張志明",
            "phone": "0933-222-111", "email": "chang@example.tw", "consent": "true"}
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


def post(client, headers=ZH, **over):
    return client.post(URL, data=form(**over), headers=headers)


def count(db, table=case) -> int:
    with db.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar()


def text(resp) -> str:
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", resp.get_data(as_text=True)))


def error_beside(resp, field_id: str) -> str:
    found = re.search(rf'id="{field_id}-err">([^<]*)<', resp.get_data(as_text=True))
    return htmllib.unescape(found.group(1)) if found else ""


def filed(client, **over) -> tuple[str, str]:
    resp = post(client, **over)
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/public/receipt")
    page = client.get("/public/receipt", headers=ZH).get_data(as_text=True)
    number = re.search(r'id="receipt-number">([^<]+)<', page).group(1)
    password = re.search(r'id="receipt-password">([^<]+)<', page).group(1)
    return number, password


# ---- the way in ----------------------------------------------------------------

def test_the_first_page_offers_the_consumer_complaint(app, complaints):
    html = app.test_client().get("/", headers=ZH).get_data(as_text=True)
    assert 'href="/public/complaint"' in html and "消費爭議申訴" in html


def test_the_form_asks_what_a_consumer_knows_in_the_models_words(app, complaints):
    resp = app.test_client().get(URL, headers=ZH)
    page = text(resp)
    assert resp.status_code == 200
    for label in ("企業經營者", "消費類別", "消費日期", "爭議內容", "申訴請求", "姓名", "電話"):
        assert label in page
    html = resp.get_data(as_text=True)
    assert 'name="csrf_token"' in html and 'id="consent"' in html
    # The centre's own questions are not a consumer's to answer.
    for staff_only in ("request_type", "remote_negotiation", "debt_advice", "has_prior_complaint"):
        assert f'name="{staff_only}"' not in html
    assert "健身中心" in page and "fitness" not in page   # choices by their words


def test_without_the_model_deployed_the_form_is_not_found(app):
    assert app.test_client().get(URL, headers=ZH).status_code == 404


# ---- filed as the centre files a first complaint from the web ----------------

def test_a_complaint_starts_the_model_as_a_first_complaint_from_the_web(app, db, complaints):
    number, password = filed(app.test_client())
    assert len(password) == 8
    with db.connect() as conn:
        c = conn.execute(select(case).where(case.c.number == number)).one()
        person = conn.execute(select(petitioner).where(petitioner.c.case_id == c.id)).one()
        tasks = conn.execute(select(task).where(task.c.case_id == c.id)).all()
        start = conn.execute(select(audit.c.actor).where(audit.c.case_id == c.id,
                                                         audit.c.action == "start")).scalar()
    assert (c.process_key, c.channel, c.category) == ("consumer_complaint", "web", "fitness")
    assert c.title == "力健健身房 消費爭議" and c.responsible_agency == "CPO"
    assert (person.name, person.phone, person.email) == ("張志明", "0933-222-111", "chang@example.tw")
    intake = next(t for t in tasks if t.element_id == "intake")
    assert intake.state == "completed" and intake.completed_by == "consumer" and start == "consumer"
    ready = [t for t in tasks if t.state == "ready"]
    assert [(t.element_id, t.candidate_agency, t.candidate_role) for t in ready] == [
        ("business_response", "CPO", "intake")]
    with db.connect() as conn:
        data = casefile.case_data(conn, c)
    assert (data["request_type"], data["purchase_date"], data["claim_request"]) == (
        "first_complaint", "2026-01-15", ASK)
    assert data["consumer_contact"] == "0933-222-111 / chang@example.tw"
    assert data["remote_negotiation"] is False and "has_prior_complaint" not in data


def test_the_receipt_speaks_of_the_complaint_and_the_status_page_follows_it(app, complaints):
    client = app.test_client()
    resp = post(client)
    receipt = text(client.get(resp.headers["Location"], headers=ZH))
    assert "您的消費爭議申訴已收到" in receipt and "15 日" in receipt
    assert "陳情" not in receipt.split("謝謝您")[-1]   # the page's own words, not the header's
    number = re.search(r"\d{3}-\d{6}", receipt).group(0)
    password = re.search(r"查詢密碼\s+(\w{8})", receipt).group(1)
    look = client.post("/public/status", data={"number": number, "password": password}, headers=ZH)
    assert look.status_code == 302
    status = client.get("/public/status/case", headers=ZH)
    page = text(status)
    # The heading's number is a span of its own (kept whole): read as one line of words.
    assert f"消費爭議 {number}" in " ".join(page.split()) and "處理中" in page and "登記中" not in page
    due = re.search(r'id="reply-due">([^<]+)<', status.get_data(as_text=True)).group(1)
    assert due.startswith("民國115年3月17日")   # 15 calendar days after 115/03/02


def test_the_receipt_is_shown_once(app, complaints):
    client = app.test_client()
    post(client)
    assert client.get("/public/receipt", headers=ZH).status_code == 200
    again = client.get("/public/receipt", headers=ZH)
    assert again.status_code == 302 and "receipt-password" not in again.get_data(as_text=True)


# ---- errors beside their fields, what was typed kept ---------------------------

def test_a_purchase_date_after_today_is_refused_beside_it_and_the_rest_is_kept(app, db, complaints):
    resp = post(app.test_client(), purchase_date="115/03/03")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert error_beside(resp, "f-purchase_date") == "日期不可晚於 115/03/02。"
    assert 'value="115/03/03"' in html and CLAIM in html and ASK in html
    assert 'value="張志明"' in html and 'value="0933-222-111"' in html and "checked" in html
    assert count(db) == 0


def test_an_iso_date_is_read_as_a_roc_one(app, db, complaints):
    number, _password = filed(app.test_client(), purchase_date="2026-03-02")
    assert number
    future = post(app.test_client(), purchase_date="2026-03-03")
    assert future.status_code == 422 and "115/03/02" in error_beside(future, "f-purchase_date")


def test_every_missing_answer_is_named_at_once_in_zh_tw(app, db, complaints):
    empty = {k: "" for k in form()}
    resp = app.test_client().post(URL, data=empty, headers=ZH)
    assert resp.status_code == 422
    for field in ("f-business_name", "f-purchase_date", "f-claim_text", "f-claim_request"):
        assert error_beside(resp, field) == "請填寫此欄位。"
    assert error_beside(resp, "f-category") == "請從選項中選擇一項。"
    assert error_beside(resp, "name") == "請填寫姓名。"
    assert "電子郵件或電話" in error_beside(resp, "email")
    assert "企業經營者" in error_beside(resp, "consent")
    assert "請修正下方標示的 8 個欄位。" in text(resp)
    assert count(db) == 0


def test_a_contact_that_is_neither_mail_nor_phone_is_refused(app, db, complaints):
    resp = post(app.test_client(), email="not-mail", phone="abc")
    assert resp.status_code == 422
    assert "電子郵件" in error_beside(resp, "email") and "電話" in error_beside(resp, "phone")
    assert count(db) == 0


def test_errors_are_in_english_for_an_english_reader(app, db, complaints):
    resp = post(app.test_client(), headers=EN, purchase_date="2026-12-31", consent=None)
    assert resp.status_code == 422
    assert error_beside(resp, "f-purchase_date") == "The date may not be later than 2026-03-02."
    assert error_beside(resp, "consent").startswith("Please agree")
    page = text(resp)
    assert "File a consumer complaint" in page and "Date of purchase" in page


# ---- bad payloads: 4xx, never a 500, nothing filed -----------------------------

@pytest.mark.parametrize("over, field, words", [
    ({"claim_text": "字" * 8001}, "f-claim_text", "最多 8000 個字。"),
    ({"claim_request": "字" * 2001}, "f-claim_request", "最多 2000 個字。"),
    ({"business_name": "店" * 201}, "f-business_name", "最多 200 個字。"),
    ({"category": "bogus"}, "f-category", "請從選項中選擇一項。"),
    ({"purchase_date": "abc"}, "f-purchase_date", "無法辨識此日期，請輸入正確的日期，例如 115/03/02。"),
    ({"purchase_date": "115/02/30"}, "f-purchase_date", "無法辨識此日期，請輸入正確的日期，例如 115/03/02。"),
    ({"purchase_date": "999/01/01"}, "f-purchase_date", "日期不可晚於 115/03/02。"),
    ({"consent": "maybe"}, "consent", "請勾選同意"),
])
def test_a_bad_value_is_refused_beside_its_field(app, db, complaints, over, field, words):
    resp = post(app.test_client(), **over)
    assert resp.status_code == 422
    assert error_beside(resp, field).startswith(words)
    assert count(db) == 0


def test_repeated_and_unexpected_fields_do_not_break_the_form(app, db, complaints):
    data = form()
    data.update({"name": ["張志明", "李四"], "request_type": "mediation", "remote_negotiation": "true",
                 "title": "<script>", "channel": "counter"})
    resp = app.test_client().post(URL, data=data, headers=ZH)
    assert resp.status_code == 302
    with db.connect() as conn:
        c = conn.execute(select(case)).one()
        ready = conn.execute(select(task.c.element_id).where(task.c.state == "ready")).scalars().all()
    # Only the asked fields are read: still a first complaint from the web.
    assert (c.channel, c.title, ready) == ("web", "力健健身房 消費爭議", ["business_response"])


def test_a_body_over_the_room_for_text_is_refused_not_failed(app, db, complaints):
    resp = post(app.test_client(), claim_text="字" * 200_000)
    assert resp.status_code == 413 and count(db) == 0


def test_posting_too_often_is_limited(app, db, complaints):
    app.config["PUBLIC_RATE_LIMIT"] = "2/hour"
    client = app.test_client()
    assert [post(client, consent=None).status_code for _ in range(3)] == [422, 422, 429]


def test_a_post_without_the_csrf_token_is_refused(app, db, complaints):
    app.config["WTF_CSRF_ENABLED"] = True
    resp = post(app.test_client())
    assert resp.status_code == 400 and count(db) == 0


# ---- the centre's clerk reads it like a complaint registered at the counter -----

def test_the_centres_clerk_reads_the_complaint_beside_the_next_step(app, db, complaints):
    number, _password = filed(app.test_client())
    clerk = login(app.test_client(), "cpoclerk")
    inbox = text(clerk.get("/inbox", headers=ZH))
    assert number in inbox and "登錄企業經營者處理結果" in inbox
    with db.connect() as conn:
        task_id = conn.execute(select(task.c.id).where(task.c.element_id == "business_response")).scalar()
    page = text(clerk.get(f"/tasks/{task_id}", headers=ZH))
    assert "爭議內容" in page and CLAIM in page
    assert "申訴請求" in page and ASK in page and "民國115年1月15日" in page
    assert "當事人" in page and "張志明" in page and "0933-222-111" in page
    assert "來源管道" in page and "網站" in page and "web" not in page.split("來源管道")[1][:20]
    assert "當事人（線上）" in page   # the registration step, done on the web


# ---- a start the engine refuses after the form was checked -----------------------

def test_a_refused_start_keeps_the_form_and_files_nothing(app, db, complaints, monkeypatch):
    from engine.data.errors import Conflict, InvalidData
    from engine.models.forms import FieldError
    from webapp import public_complaint

    def refuse(*_args, **_kw):
        raise InvalidData("refused", {"claim_text": FieldError("too long", "too_long", {"limit": 10}),
                                      "consumer_name": FieldError("required", "required")})
    monkeypatch.setattr(public_complaint, "start_filled", refuse)
    resp = post(app.test_client())
    assert resp.status_code == 422 and error_beside(resp, "f-claim_text") == "最多 10 個字。"
    assert "您的申訴沒有送出" in text(resp) and CLAIM in resp.get_data(as_text=True)

    def busy(*_args, **_kw):
        raise Conflict("database busy")
    monkeypatch.setattr(public_complaint, "start_filled", busy)
    resp = post(app.test_client())
    assert resp.status_code == 503 and "您的申訴沒有送出" in text(resp)
    assert 'value="力健健身房"' in resp.get_data(as_text=True) and count(db) == 0
