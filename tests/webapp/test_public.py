"""The citizen's side: the landing page at `/`, the public form's photos,
location and contact checks (all errors at once, in zh-TW), over-size
uploads answered beside the field, the status page's reply deadline and
receipt time, and the look-up limit that counts only failed look-ups."""
import json
import struct
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.cases.actors import Actor
from engine.data.schema import attachment, case
from webapp import attachments, contact
from webtest_support import CLERK, make_case, ready_task, registration

ZH = {"Accept-Language": "zh-TW"}
OFFICER = Actor("pwb1", "PWB", frozenset({"officer"}))


def tiny_png() -> bytes:
    """A 1x1 PNG, built here so the test needs no image file."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def form(**over):
    data = {"subject": "路燈不亮", "content": "鼓山一路路燈故障三天", "category": "street_light",
            "district": "D-GUSHAN", "name": "陳小姐", "email": "chen@example.tw",
            "location_address": "鼓山區臨海二路與鼓山一路口", "consent": "true"}
    data.update(over)
    return data


def post(client, files=(), **over):
    data = form(**over)
    if files:
        data["photos"] = [(BytesIO(body), name) for name, body in files]
    return client.post("/public/petition", data=data, headers=ZH, content_type="multipart/form-data")


def cases(db):
    with db.connect() as conn:
        return conn.execute(select(case)).all()


# ---- the first screen ---------------------------------------------------------

def test_a_newcomer_lands_on_the_public_page_and_staff_on_their_inbox(app, client_for):
    page = app.test_client().get("/", headers=ZH)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "高雄市政府人民陳情" in html and "我要陳情" in html and "查詢案件進度" in html
    assert 'href="/public/petition"' in html and 'href="/public/status"' in html
    assert 'href="/login"' in html
    staff = client_for("pwb1").get("/")
    assert staff.status_code == 302 and staff.headers["Location"].endswith("/inbox")


def test_the_login_page_never_says_it_in_english_to_a_zh_tw_user(app):
    client = app.test_client()
    resp = client.get("/inbox", headers=ZH)
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]
    html = client.get(resp.headers["Location"], headers=ZH).get_data(as_text=True)
    assert "請先登入才能檢視此頁面。" in html
    assert "Please log in" not in html and "Please sign in" not in html


# ---- the form -------------------------------------------------------------------

def test_every_error_shows_at_once_beside_its_field_in_zh_tw(app, db):
    resp = post(app.test_client(), subject="", email="not-an-email", phone="abc")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert 'id="f-subject-err">請填寫此欄位。' in html
    assert 'id="email-err">電子郵件地址格式不正確' in html
    assert 'id="phone-err">電話號碼格式不正確' in html
    assert "請修正下方標示的 3 個欄位。" in html
    assert '<a href="#f-subject">主旨：請填寫此欄位。</a>' in html   # the summary links each field
    assert '<a href="#email">電子郵件：電子郵件地址格式不正確' in html
    assert "鼓山區臨海二路與鼓山一路口" in html   # what was typed is kept
    assert cases(db) == []


def test_a_list_left_unchosen_asks_for_a_choice(app, db):
    html = post(app.test_client(), category="").get_data(as_text=True)
    assert 'id="f-category-err">請從選項中選擇一項。' in html   # not 「請填寫此欄位」 for a list
    assert 'id="f-category-err">請填寫此欄位' not in html


def test_a_name_and_one_way_to_reply_are_needed(app, db):
    html = post(app.test_client(), name="", email="", phone="").get_data(as_text=True)
    assert 'id="name-err">請填寫姓名。' in html
    assert 'id="email-err">請留下電子郵件或電話，以便答覆您。' in html
    assert cases(db) == []


@pytest.mark.parametrize("phone", ["0912-345-678", "07-3373-000", "(07) 337-3000", "+886 912 345 678"])
def test_a_taiwan_phone_number_alone_is_enough(app, db, phone):
    assert post(app.test_client(), email="", phone=phone).status_code == 302
    assert len(cases(db)) == 1


@pytest.mark.parametrize("text,ok", [("chen@example.tw", True), ("not-an-email", False),
                                     ("a@b", False), ("a b@c.tw", False), ("x@y..tw", False)])
def test_email_addresses(text, ok):
    assert contact.is_email(text) is ok


@pytest.mark.parametrize("text,ok", [("0912345678", True), ("07-3373-000", True), ("02-2345-6789", True),
                                     ("07-3373000 分機 12", True), ("abc", False), ("0912", False),
                                     ("12345678", False)])
def test_taiwan_phone_numbers(text, ok):
    assert contact.is_taiwan_phone(text) is ok


def test_a_photo_and_an_address_are_kept_with_the_case(app, db, tmp_path):
    png = tiny_png()
    resp = post(app.test_client(), files=[("路燈 照片.png", png)])
    assert resp.status_code == 302
    row = cases(db)[0]
    assert json.loads(row.summary)["location_address"] == "鼓山區臨海二路與鼓山一路口"
    with db.connect() as conn:
        f = conn.execute(select(attachment)).one()
    assert (f.filename, f.content_type, f.uploaded_by) == ("路燈 照片.png", "image/png", "petitioner")
    stored = Path(app.config["ATTACHMENT_DIR"]) / f.storage_key
    assert stored.read_bytes() == png and "路燈" not in str(stored)   # on disk by content hash only


def test_only_photos_and_pdf_are_accepted(app, db):
    resp = post(app.test_client(), files=[("run.exe", b"MZ\x90\x00"), ("note.png", tiny_png())])
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert 'id="photos-err">無法附加 run.exe：僅接受照片（JPEG、PNG）與 PDF 檔案。' in html
    assert "請重新選擇檔案" in html
    assert cases(db) == []


def test_a_displayed_name_keeps_its_words_and_loses_its_folders():
    assert attachments.display_name("../../路燈\x00照片.JPG") == "路燈照片.JPG"
    assert attachments.display_name("C:\\Users\\me\\坑洞.pdf") == "坑洞.pdf"
    assert attachments.display_name("") == "file"


def test_a_map_point_is_taken_only_where_a_map_is_configured(app, db):
    assert 'id="location_lat"' not in app.test_client().get("/public/petition").get_data(as_text=True)
    app.config["PUBLIC_MAP_POINT"] = True
    client = app.test_client()
    bad = post(client, location_lat="north", location_lon="120.3")
    assert bad.status_code == 422 and 'id="location_point-err">請以緯度與經度標示地點' in bad.get_data(as_text=True)
    assert post(client, location_lat="22.6273", location_lon="120.3014").status_code == 302
    summary = json.loads(cases(db)[0].summary)
    assert (summary["location_lat"], summary["location_lon"]) == (22.6273, 120.3014)


# ---- over-size uploads ------------------------------------------------------------

def test_a_photo_over_the_limit_is_refused_beside_the_field_with_the_text_kept(app, db):
    app.config["MAX_CONTENT_LENGTH"] = 4000
    resp = post(app.test_client(), files=[("big.png", tiny_png() + b"\0" * 5000)])
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert 'id="photos-err">檔案太大：最多' in html
    assert "鼓山一路路燈故障三天" in html
    assert cases(db) == []


def test_a_body_far_over_the_limit_gets_the_form_again_not_a_bare_413(app, db):
    app.config["MAX_CONTENT_LENGTH"] = 4000
    resp = post(app.test_client(), files=[("huge.png", tiny_png() + b"\0" * 400_000)])
    html = resp.get_data(as_text=True)
    assert resp.status_code == 413
    assert 'id="photos-err">檔案太大' in html and "陳情尚未送出" in html
    assert 'id="f-subject"' in html   # the form itself, ready to fill in again


def test_an_over_size_file_on_the_case_page_is_answered_on_the_case_page(app, rt, client_for):
    receipt = make_case(app, rt)
    app.config["MAX_CONTENT_LENGTH"] = 4000
    officer = client_for("pwb1")
    resp = officer.post(f"/cases/{receipt.number}/attachments", headers=ZH,
                        data={"file": (BytesIO(b"%PDF" + b"\0" * 10_000), "big.pdf")},
                        content_type="multipart/form-data")
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/cases/{receipt.number}#files")
    page = officer.get(f"/cases/{receipt.number}", headers=ZH).get_data(as_text=True)
    assert "檔案太大：最多" in page


def test_every_page_tells_the_browser_the_upload_limit_in_words(app):
    html = app.test_client().get("/public/petition", headers=ZH).get_data(as_text=True)
    assert f'name="civicflow-upload-limit" content="{app.config["MAX_CONTENT_LENGTH"]}"' in html
    assert 'data-message="檔案太大' in html and "js/upload-size.js" in html
    assert "<script>" not in html   # the CSP allows no inline script


# ---- the status page ----------------------------------------------------------------

def _look_up(client, number, password):
    return client.post("/public/status", data={"number": number, "password": password}, headers=ZH)


def test_status_shows_the_reply_deadline_not_the_registration_steps(app, rt, db):
    client = app.test_client()
    post(client, files=[("p.png", tiny_png())])
    receipt = client.get("/public/receipt", headers=ZH).get_data(as_text=True)
    number = receipt.split('id="receipt-number">')[1].split("<")[0]
    password = receipt.split('id="receipt-password">')[1].split("<")[0]
    assert _look_up(client, number, password).status_code == 302
    before = client.get("/public/status/case", headers=ZH).get_data(as_text=True)
    assert "登記中" in before and "登記後（一個工作天內）訂定。" in before
    assert "民國115年3月3日" not in before          # the registration step's deadline
    assert "民國115年3月2日 09:00 臺北時間" in before and "p.png" in before
    row = cases(db)[0]
    reg = ready_task(rt, row.id, "register")
    rt.claim(reg.id, CLERK)
    rt.complete(reg.id, CLERK, registration(channel="web", category="street_light"))
    after = client.get("/public/status/case", headers=ZH).get_data(as_text=True)
    assert 'id="reply-due">民國115年3月10日' in after   # the handling task's deadline


def test_only_failed_look_ups_count_against_the_limit(app, rt):
    app.config["PUBLIC_RATE_LIMIT"] = "2/hour"
    receipt = make_case(app, rt)
    client = app.test_client()
    for _ in range(4):
        assert _look_up(client, receipt.number, receipt.password).status_code == 302
    assert _look_up(client, receipt.number, "wrong").status_code == 200
    assert _look_up(client, receipt.number, "wrong").status_code == 200
    assert _look_up(client, receipt.number, receipt.password).status_code == 429


def test_the_citizen_reads_the_reply_and_its_legal_basis(app, rt):
    receipt = make_case(app, rt)
    handle = ready_task(rt, receipt.case_id, "handle")
    rt.claim(handle.id, OFFICER)
    rt.complete(handle.id, OFFICER, {"handling_action": "reply", "reply_text": "已派員更換燈具。",
                                     "legal_basis": "高雄市路燈管理自治條例", "remedy": "none"})
    client = app.test_client()
    _look_up(client, receipt.number, receipt.password)
    html = client.get("/public/status/case", headers=ZH).get_data(as_text=True)
    assert "已派員更換燈具。" in html and "已結案" in html and 'id="reply-due"' not in html


def test_a_model_may_let_a_petitioner_stay_anonymous(app):
    from types import SimpleNamespace
    from webapp import petitions, public_form
    anonymous = SimpleNamespace(name="anonymous", type="boolean")
    assert petitions.allows_anonymous([anonymous])
    assert not petitions.allows_anonymous([SimpleNamespace(name="subject", type="text")])
    nobody = {"name": "", "email": "", "phone": ""}
    with app.test_request_context(headers=ZH):
        assert public_form.person_errors(nobody, anonymous=True) == {}
        assert set(public_form.person_errors(nobody, anonymous=False)) == {"name", "email"}
        assert set(public_form.person_errors({**nobody, "phone": "abc"}, anonymous=True)) == {"phone"}


def test_with_csrf_on_an_over_size_body_is_still_answered_beside_the_field(db, db_url, clock, tmp_path):
    from webtest_support import csrf_token, seeded_app
    app = seeded_app(db, db_url, clock, tmp_path / "csrf", WTF_CSRF_ENABLED=True, MAX_CONTENT_LENGTH=4000)
    client = app.test_client()
    token = csrf_token(client.get("/public/petition").data)
    kept = client.post("/public/petition", headers=ZH, content_type="multipart/form-data",
                       data={**form(), "csrf_token": token,
                             "photos": (BytesIO(tiny_png() + b"\0" * 5000), "big.png")})
    assert kept.status_code == 422 and "鼓山一路路燈故障三天" in kept.get_data(as_text=True)
    refused = client.post("/public/petition", headers=ZH, content_type="multipart/form-data",
                          data={**form(), "csrf_token": token,
                                "photos": (BytesIO(b"\0" * 400_000), "huge.png")})
    assert refused.status_code == 413 and 'id="photos-err">檔案太大' in refused.get_data(as_text=True)
    app.extensions["civicflow.db"].dispose()


@pytest.mark.parametrize("page, written_in", [({"Accept-Language": "en"}, "en"), (ZH, "zh_TW")])
def test_a_petition_is_written_in_the_language_of_its_page(app, db, page, written_in):
    """Its reply letter is composed in the same language (petition.bpmn's `language`)."""
    resp = app.test_client().post("/public/petition", data=form(), headers=page,
                                  content_type="multipart/form-data")
    assert resp.status_code == 302
    assert cases(db)[0].language == written_in


def test_a_confidential_petition_is_confirmed_on_the_receipt_and_the_status_page(app):
    """Art. 170: the petitioner who asked is told it was recorded, and what it means."""
    client = app.test_client()
    post(client, confidential="true")
    receipt = client.get("/public/receipt", headers=ZH).get_data(as_text=True)
    assert "您已要求身分保密：只有受理登記的單位與承辦人看得到您的姓名及聯絡方式。" in receipt
    number = receipt.split('id="receipt-number">')[1].split("<")[0]
    password = receipt.split('id="receipt-password">')[1].split("<")[0]
    _look_up(client, number, password)
    status = client.get("/public/status/case", headers=ZH).get_data(as_text=True)
    assert 'id="identity-kept">依您的要求保密' in status
    other = app.test_client()
    post(other)
    plain = other.get("/public/receipt", headers=ZH).get_data(as_text=True)
    assert "身分保密" not in plain and 'id="receipt-confidential"' not in plain
