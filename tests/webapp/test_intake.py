"""Clerk intake, the public form and receipt, the status page and the rating."""
from sqlalchemy import select

from engine.data.schema import audit, case, petitioner, satisfaction
from webtest_support import make_case, ready_task

COUNTER = {"received_at": "2026-03-02T08:40", "channel": "counter", "subject": "路面坑洞",
           "content": "某路口有大坑洞", "category": "road_damage", "district": "D-GUSHAN",
           "language": "zh_TW", "art173_ground": "none", "person_name": "陳大文",
           "person_phone": "0911222333"}


def test_counter_petition_opens_the_read_back_step(client_for, rt, db):
    clerk = client_for("clerk")
    resp = clerk.post("/intake/new", data=COUNTER)
    assert resp.status_code == 302
    receipt = clerk.get(resp.headers["Location"]).get_data(as_text=True)
    assert "receipt-password" in receipt and "/tasks/" in receipt
    with db.connect() as conn:
        row = conn.execute(select(case)).one()
        person = conn.execute(select(petitioner)).one()
    assert row.channel == "counter" and row.received_at.hour == 0  # 08:40 Taipei = 00:40 UTC
    assert person.name == "陳大文" and person.status_password_hash
    assert ready_task(rt, row.id).element_id == "read_back"


def test_intake_with_a_missing_field_creates_no_case(client_for, db):
    data = dict(COUNTER, subject="")
    assert client_for("clerk").post("/intake/new", data=data).status_code == 422
    with db.connect() as conn:
        assert conn.execute(select(case)).first() is None


def _public_petition(client, **over):
    data = {"subject": "垃圾未清運", "content": "巷口垃圾三天未收", "category": "garbage",
            "district": "D-SANMIN", "name": "李四", "email": "li@example.tw", "consent": "true"}
    data.update(over)
    return client.post("/public/petition", data=data)


def test_public_form_gives_a_receipt_and_the_status_page_works(app):
    client = app.test_client()
    resp = _public_petition(client)
    assert resp.status_code == 302
    html = client.get("/public/receipt").get_data(as_text=True)
    number = html.split('id="receipt-number">')[1].split("<")[0]
    password = html.split('id="receipt-password">')[1].split("<")[0]
    assert client.post("/public/status", data={"number": number, "password": "wrong"}).status_code == 200
    ok = client.post("/public/status", data={"number": number, "password": password})
    assert ok.status_code == 302
    status = client.get("/public/status/case").get_data(as_text=True)
    assert number in status and "垃圾未清運" in status


def test_public_form_needs_a_name_and_contact(app):
    assert _public_petition(app.test_client(), name="", email="").status_code == 422


def test_public_form_is_rate_limited(app):
    app.config["PUBLIC_RATE_LIMIT"] = "2/hour"
    client = app.test_client()
    codes = [_public_petition(client).status_code for _ in range(3)]
    assert codes == [302, 302, 429]


def test_rating_only_after_closing_and_only_once(app, rt, client_for, db):
    receipt = make_case(app, rt)
    citizen = app.test_client()
    citizen.post("/public/status", data={"number": receipt.number, "password": receipt.password})
    citizen.post("/public/status/rate", data={"rating": "5"})
    with db.connect() as conn:
        assert conn.execute(select(satisfaction)).first() is None
    task = ready_task(rt, receipt.case_id)
    pwb = client_for("pwb1")
    pwb.post(f"/tasks/{task.id}/claim")
    pwb.post(f"/tasks/{task.id}/complete", data={"handling_action": "reply", "reply_text": "已修復",
                                                 "legal_basis": "市區道路條例", "remedy": "none"})
    page = citizen.get("/public/status/case").get_data(as_text=True)
    assert "已修復" in page and 'name="rating"' in page
    first = citizen.post("/public/status/rate", data={"rating": "4", "remark": "很快"},
                         follow_redirects=True).get_data(as_text=True)
    assert "感謝您的評分" in first   # on PostgreSQL too (it said "already received")
    citizen.post("/public/status/rate", data={"rating": "1"})
    with db.connect() as conn:
        assert conn.execute(select(satisfaction.c.rating)).scalars().all() == [4]
        assert conn.execute(select(audit.c.detail).where(audit.c.action == "rate")).scalars().all() \
            == ['{"rating": 4}']   # audited once, with the first score


def test_rating_needs_the_password_first(app):
    assert app.test_client().post("/public/status/rate", data={"rating": "5"}).status_code == 403


def test_web_petition_waits_for_registration_with_its_data_filled_in(app, client_for, rt, db):
    _public_petition(app.test_client(), subject="公園路燈", content="公園內路燈全暗" * 60)
    with db.connect() as conn:
        case_id = conn.execute(select(case.c.id)).scalar()
    task = ready_task(rt, case_id)
    clerk = client_for("clerk")
    clerk.post(f"/tasks/{task.id}/claim")
    html = clerk.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert task.element_id == "register" and task.candidate_agency == "DOA"
    assert 'value="公園路燈"' in html and "公園內路燈全暗" * 60 in html
    assert '<option value="web" selected>' in html


def test_the_same_form_sent_again_is_the_case_it_made(client_for, db, clock):
    """Back and 登記 again (the time received reset to now by the browser), or
    a reload of the POST: one case, and the receipt of it; after ten minutes,
    or with anything changed, a new petition is a new case."""
    clerk = client_for("clerk")
    assert clerk.post("/intake/new", data=COUNTER).headers["Location"].endswith("/intake/receipt")
    again = clerk.post("/intake/new", data=dict(COUNTER, received_at="2026-03-02T09:00"))
    assert again.status_code == 302 and again.headers["Location"].endswith("/intake/receipt")
    receipt = clerk.get("/intake/receipt").get_data(as_text=True)
    assert "這份陳情已登記為案件 115-000001，未重複登記。" in receipt
    assert clerk.post("/intake/new", data=dict(COUNTER, subject="路面坑洞二")).status_code == 302
    with db.connect() as conn:
        assert len(conn.execute(select(case.c.number)).all()) == 2
    clock.advance(minutes=11)
    assert clerk.post("/intake/new", data=COUNTER).status_code == 302
    with db.connect() as conn:
        assert len(conn.execute(select(case.c.number)).all()) == 3
