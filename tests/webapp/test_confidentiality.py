"""Art. 170 in every channel: a confidential petitioner's name and contact
reach only the intake office that registered the petition and the officer
responsible for the case. A name and a phone number are planted, then every
page, API answer, export and Open311 response each person gets is searched
for them."""
from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from webtest_support import CLERK, PASSWORD, ready_task, registration  # noqa: E402

from webapp import petitions, users  # noqa: E402

NAME, PHONE, EMAIL = "蘇祕密", "0987-654-321", "hidden.petitioner@example.tw"
ADDRESS, MEDIA = "高雄市鼓山區保密路七號", "https://photos.example.tw/secret-door.jpg"
PLANTED = (NAME, PHONE, EMAIL)
# Users beside the seeded ones: another agency's intake clerk, an officer of the
# registering department (DOA) and an officer of a co-handling agency.
EXTRA_USERS = {"pwbclerk": ("PWB", ["intake"]), "doa1": ("DOA", ["officer"])}
DENIED = ("pwbclerk", "doa1", "pwb2", "pwbboss", "doaboss", "admin", "analyst", "epb1")


@pytest.fixture
def secret(app, rt, db):
    """A confidential letter registered at the counter the way the intake page
    does (the model's petitioner fields carry the name and contact), with a
    place and a photo; now at PWB's 'handle', claimed by pwb1."""
    with db.begin() as conn:
        for name, (code, roles) in EXTRA_USERS.items():
            users.add_user(conn, name, code, roles, PASSWORD)
    data = registration(confidential=True, petitioner_name=NAME, petitioner_contact=PHONE)
    with app.app_context():
        receipt = petitions.start(rt, {**data, "address": ADDRESS, "lat": 22.6273,
                                       "long": 120.2669, "media_url": MEDIA}, actor=CLERK,
                                  person={"name": NAME, "phone": PHONE, "email": EMAIL})
        reg = ready_task(rt, receipt.case_id, "register")
        rt.claim(reg.id, CLERK)
        rt.complete(reg.id, CLERK, data)
    handle = ready_task(rt, receipt.case_id, "handle")
    with db.begin() as conn:
        token = users.create_token(conn, "pwb1", "test")
    resp = app.test_client().post(f"/api/v1/tasks/{handle.id}/claim",
                                  headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code in (200, 204), resp.data[:300]
    return receipt, handle


def _client(app, username):
    client = app.test_client()
    resp = client.post("/login", data={"username": username, "password": PASSWORD})
    assert resp.status_code == 302, username
    return client


def _token(db, username):
    with db.begin() as conn:
        return users.create_token(conn, username, "confidentiality test")


def _text(resp) -> str:
    """What a person gets, as text: a page, JSON, CSV, or every cell of a workbook."""
    if resp.mimetype.endswith("spreadsheetml.sheet"):
        from openpyxl import load_workbook
        book = load_workbook(io.BytesIO(resp.data))
        return "\n".join(str(v) for ws in book for row in ws.iter_rows(values_only=True)
                         for v in row if v is not None)
    return resp.get_data(as_text=True)


def _pages(receipt, handle):
    return [f"/cases/{receipt.number}", f"/tasks/{handle.id}", "/", "/inbox",
            f"/cases/find?number={receipt.number}", "/board/", "/admin/outbox?status=all", "/board/export.csv",
            "/board/export.xlsx", "/report/", "/report/report.xlsx",
            f"/admin/audit?case_number={receipt.number}",
            f"/admin/audit.csv?case_number={receipt.number}"]


def _api(receipt, handle):
    return [f"/api/v1/cases/{receipt.number}", f"/api/v1/cases/{receipt.case_id}",
            f"/api/v1/tasks/{handle.id}", "/api/v1/tasks", "/api/v1/tasks?view=queue"]


def _leaks(resp) -> list[str]:
    text = _text(resp)
    return [p for p in PLANTED if p in text]


@pytest.mark.parametrize("username", DENIED)
def test_no_page_or_export_shows_the_identity_to(app, secret, username):
    client = _client(app, username)
    for path in _pages(*secret):
        resp = client.get(path)
        assert not _leaks(resp), (username, path, resp.status_code, _leaks(resp))


@pytest.mark.parametrize("username", ("pwbclerk", "doa1", "pwb2", "pwbboss", "admin"))
def test_they_read_the_case_but_are_told_the_petitioner_is_confidential(app, secret, username):
    """Not a 404 that would make the searches above vacuous: the case is theirs to read."""
    receipt, _handle = secret
    resp = _client(app, username).get(f"/cases/{receipt.number}")
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "路燈不亮" in page
    assert "陳情人身分保密（不予顯示）" in page


@pytest.mark.parametrize("username", DENIED)
def test_no_api_answer_shows_the_identity_to(app, db, secret, username):
    headers = {"Authorization": f"Bearer {_token(db, username)}"}
    client = app.test_client()
    for path in _api(*secret):
        resp = client.get(path, headers=headers)
        assert not _leaks(resp), (username, path, resp.status_code, _leaks(resp))
    receipt, _handle = secret
    case_resp = client.get(f"/api/v1/cases/{receipt.number}", headers=headers)
    if case_resp.status_code == 200:   # the case is theirs to read, the person is not
        assert case_resp.get_json()["petitioner"] == {"confidential": True}


@pytest.mark.parametrize("username", ("clerk", "pwb1"))
def test_the_registering_clerk_and_the_responsible_officer_see_name_and_phone(
        app, db, secret, username):
    receipt, _handle = secret
    page = _client(app, username).get(f"/cases/{receipt.number}").get_data(as_text=True)
    assert NAME in page and PHONE in page
    headers = {"Authorization": f"Bearer {_token(db, username)}"}
    body = app.test_client().get(f"/api/v1/cases/{receipt.number}", headers=headers).get_json()
    assert body["petitioner"]["name"] == NAME and body["petitioner"]["phone"] == PHONE


def test_the_responsible_officer_sees_it_on_the_task_page(app, secret):
    _receipt, handle = secret
    page = _client(app, "pwb1").get(f"/tasks/{handle.id}").get_data(as_text=True)
    assert NAME in page and PHONE in page


def test_exports_never_hold_the_identity_even_for_those_who_may_see_it(app, db, secret):
    """Art. 170: 'it never appears in exports', whoever downloads them."""
    with db.begin() as conn:
        users.add_user(conn, "doaadmin", "DOA", ["admin", "supervisor", "intake"], PASSWORD)
    client = _client(app, "doaadmin")
    receipt, _handle = secret
    for path in ("/board/export.csv", "/board/export.xlsx", "/report/report.xlsx",
                 f"/admin/audit.csv?case_number={receipt.number}"):
        resp = client.get(path)
        assert resp.status_code == 200 and not _leaks(resp), (path, _leaks(resp))


def test_open311_publishes_neither_identity_nor_place_nor_photo(app, secret):
    receipt, _handle = secret
    client = app.test_client()
    listed = client.get("/open311/v2/requests.json").get_json()
    mine = [r for r in listed if r["service_code"] == "street_light"]
    assert len(mine) == 1
    request_id = mine[0]["service_request_id"]
    assert receipt.number not in request_id
    for path in ("/open311/v2/requests.json", "/open311/v2/requests.xml",
                 f"/open311/v2/requests/{request_id}.json", f"/open311/v2/requests/{request_id}.xml",
                 f"/open311/v2/requests.json?service_request_id={request_id}"):
        text = client.get(path).get_data(as_text=True)
        for secret_text in (*PLANTED, ADDRESS, MEDIA, "22.6273", "120.2669", "保密路"):
            assert secret_text not in text, (path, secret_text)
    one = client.get(f"/open311/v2/requests/{request_id}.json").get_json()[0]
    assert one["address"] == "" and one["lat"] is None and one["long"] is None
    assert one["media_url"] == "" and one["description"] == ""


def test_the_mail_outbox_shows_no_confidential_petitioners_address(app, rt, secret):
    """The reply mailed to the petitioner waits in the administrator's outbox:
    its recipient is not shown (the case page's allowed readers have it)."""
    from engine.cases.actors import Actor
    _receipt, handle = secret
    officer = Actor("pwb1", "PWB", frozenset({"officer"}))
    rt.complete(handle.id, officer, {"handling_action": "reply", "reply_text": "已修復路燈。",
                                     "legal_basis": "道路管理規則", "remedy": "none"})
    page = _client(app, "admin").get("/admin/outbox?status=all")
    assert page.status_code == 200 and "115-" in page.get_data(as_text=True)  # the notice is listed
    assert not _leaks(page), _leaks(page)


@pytest.mark.parametrize("username", ("pwbboss", "admin"))
def test_the_decisions_list_and_page_show_the_matter_not_the_person(app, rt, secret, username):
    """待我核決 shows each request's subject and words (webapp/views/decisions.py):
    never a confidential petitioner's name or contact."""
    from engine.cases.actors import Actor
    _receipt, handle = secret
    officer = Actor("pwb1", "PWB", frozenset({"officer"}))
    rt.complete(handle.id, officer, {"handling_action": "extension", "extension_days": 5,
                                     "extension_reason": "需會同台電現場會勘"})
    approve = ready_task(rt, _receipt.case_id, "approve_extension")
    client = _client(app, username)
    for path in ("/decisions", f"/decisions/{approve.id}"):
        resp = client.get(path)
        page = resp.get_data(as_text=True)
        assert resp.status_code == 200 and "路燈不亮" in page, path   # the matter is shown
        assert not _leaks(resp), (username, path, _leaks(resp))


# --- the administrator's outbox and audit trail (engine/data/masking.py) --------

OPEN_NAME, OPEN_EMAIL = "王小明", "ming@example.tw"   # make_case's petitioner, not confidential
REPLY = {"handling_action": "reply", "legal_basis": "道路管理規則", "remedy": "none"}


def _replied(rt, case_id, handle_id, name, phone):
    """The officer's reply names the petitioner, as letters do (蘇祕密君); the
    reply notice to the petitioner then names them too."""
    from engine.cases.actors import Actor
    from engine.data.schema import outbox
    from sqlalchemy import select
    officer = Actor("pwb1", "PWB", frozenset({"officer"}))
    handle = ready_task(rt, case_id, "handle")
    if handle.assignee != "pwb1":
        rt.claim(handle.id, officer)
    rt.complete(handle.id, officer, {**REPLY, "reply_text": f"{name}君：路燈已修復，如仍故障請電 {phone}。"})
    with rt.db.connect() as conn:
        return conn.execute(select(outbox.c.id).where(
            outbox.c.case_id == case_id, outbox.c.kind == "reply")).scalar_one()


def _failed(db, notice_id):
    from engine.data.schema import outbox
    from sqlalchemy import update
    with db.begin() as conn:
        conn.execute(update(outbox).where(outbox.c.id == notice_id).values(
            status="dead", attempts=8, last_error=f"SMTPRecipientsRefused: {{'{EMAIL}': (550, b'no')}}"))


@pytest.fixture
def both_replied(app, rt, db, secret):
    """The confidential petition and an ordinary one, each answered by a reply
    naming its petitioner, each refused by the mail server."""
    from webtest_support import make_case
    receipt, handle = secret
    secret_notice = _replied(rt, receipt.case_id, handle.id, NAME, PHONE)
    other = make_case(app, rt)
    open_notice = _replied(rt, other.case_id, None, OPEN_NAME, "0912345678")
    _failed(db, secret_notice)
    return receipt, secret_notice, other, open_notice


def test_the_outbox_masks_a_confidential_petitioner_in_the_list_and_the_notice(app, both_replied):
    _receipt, secret_notice, _other, open_notice = both_replied
    admin = _client(app, "admin")
    listing = admin.get("/admin/outbox?status=all")
    page = admin.get(f"/admin/outbox/{secret_notice}")
    failed_of_pwb = _client(app, "pwbboss").get("/admin/outbox")   # a supervisor's: failed ones
    for resp in (listing, page, failed_of_pwb):
        text = resp.get_data(as_text=True)
        assert resp.status_code == 200 and not _leaks(resp), _leaks(resp)
        assert "h***@example.tw" in text and "陳情人要求身分保密（行政程序法第170條）" in text
    body = page.get_data(as_text=True)
    assert "***君：路燈已修復，如仍故障請電 ***。" in body and "郵件伺服器拒收此收件地址。" in body
    ordinary = admin.get(f"/admin/outbox/{open_notice}").get_data(as_text=True)
    assert OPEN_NAME in ordinary and OPEN_EMAIL in ordinary and "0912345678" in ordinary
    assert "身分保密" not in ordinary and OPEN_EMAIL in listing.get_data(as_text=True)


def test_a_confidential_notice_sent_again_goes_to_the_stored_address(app, db, both_replied, monkeypatch):
    from engine.data.schema import outbox as outbox_table
    from engine.scheduling import outbox
    from sqlalchemy import select
    _receipt, secret_notice, _other, _open = both_replied
    assert _client(app, "admin").post(f"/admin/outbox/{secret_notice}/resend").status_code == 302
    sent = []

    class Client:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def send_message(self, msg):
            sent.append(msg)

    monkeypatch.setattr(outbox, "_connect", lambda smtp: Client())
    with db.connect() as conn:
        row = conn.execute(select(outbox_table).where(outbox_table.c.id == secret_notice)).one()
    assert (row.status, row.recipient) == ("pending", EMAIL)
    outbox.deliver_batch(db, outbox.SmtpSettings(host="mail.example"), row.next_attempt_at, "t")
    assert [m["To"] for m in sent if NAME in m.get_content()] == [EMAIL]


def test_the_audit_trail_masks_a_confidential_petitioner_in_free_text_and_resends(app, db, both_replied):
    """The reply text names the person, the resend records the address: the
    page and its CSV mask both; an ordinary case's trail stays whole."""
    receipt, secret_notice, other, _open = both_replied
    admin = _client(app, "admin")
    assert admin.post(f"/admin/outbox/{secret_notice}/resend").status_code == 302
    for path in (f"/admin/audit?case_number={receipt.number}",
                 f"/admin/audit.csv?case_number={receipt.number}"):
        resp = admin.get(path)
        text = resp.get_data(as_text=True)
        assert resp.status_code == 200 and not _leaks(resp), (path, _leaks(resp))
        assert "路燈已修復" in text and "h***@example.tw" in text, path
    ordinary = admin.get(f"/admin/audit.csv?case_number={other.number}").get_data(as_text=True)
    assert f"{OPEN_NAME}君" in ordinary
