"""Art. 170 in what officers write (engine/cases/masked.py): a reply, a
comment, a supplement request, a co-handling opinion or a title naming a
confidential petitioner reads masked on the case page, the task page and
the board's lists for whoever may not see the identity (co-handling
officers, other officers, supervisors, administrators), and whole for the
intake office and the responsible officer. An ordinary case is unchanged."""
from __future__ import annotations

import pytest

from engine.cases.actors import Actor
from webapp import users
from webtest_support import CLERK, PASSWORD, agency_step, make_case, ready_task

NAME, PHONE, EMAIL = "蘇祕密", "0987-654-321", "hidden.petitioner@example.tw"
PLANTED = (NAME, PHONE, EMAIL)
NAMING = f"{NAME}君：路燈已修復，請電 {PHONE} 或來信 {EMAIL}。"
MASKED = "***君：路燈已修復，請電 *** 或來信 h***@example.tw。"
PWB1 = Actor("pwb1", "PWB", frozenset({"officer"}))
DENIED = ("pwb2", "pwbboss", "admin")
ENTITLED = ("pwb1", "clerk")


def _client(app, username):
    client = app.test_client()
    assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302
    return client


def _leaks(text: str) -> list[str]:
    return [p for p in PLANTED if p in text]


def _answered(app, rt, confidential: bool):
    """A street-light petition whose title, supplement request, comment and
    reply name its petitioner; answered by pwb1 (the responsible officer)."""
    receipt = make_case(app, rt, person={"name": NAME, "phone": PHONE, "email": EMAIL},
                        confidential=confidential, subject=f"{NAME}陳情路燈不亮",
                        petitioner_name=NAME, petitioner_contact=PHONE)
    handle = ready_task(rt, receipt.case_id, "handle")
    rt.claim(handle.id, PWB1)
    rt.ask_supplement(handle.id, PWB1, f"請{NAME}補附照片")
    rt.answer_supplement(receipt.case_id, PWB1, f"{NAME}已補照片", task_id=handle.id)
    _client(app, "pwb1").post(f"/cases/{receipt.number}/comments",
                              data={"body": f"已電話聯絡 {PHONE}"})
    rt.complete(handle.id, PWB1, {"handling_action": "reply", "reply_text": NAMING,
                                  "legal_basis": "道路管理規則", "remedy": "none"})
    return receipt, handle.id


@pytest.fixture
def secret(app, rt):
    return _answered(app, rt, confidential=True)


@pytest.mark.parametrize("username", DENIED)
def test_the_case_and_task_pages_mask_what_officers_wrote_for(app, secret, username):
    receipt, handle_id = secret
    client = _client(app, username)
    page = client.get(f"/cases/{receipt.number}").get_data(as_text=True)
    assert not _leaks(page), _leaks(page)
    assert MASKED in page and "請***補附照片" in page and "***已補照片" in page
    assert "已電話聯絡 ***" in page and "***陳情路燈不亮" in page
    task_page = client.get(f"/tasks/{handle_id}").get_data(as_text=True)
    assert MASKED in task_page and not _leaks(task_page), _leaks(task_page)


def test_the_audit_export_masks_every_text_even_for_an_administrator(app, secret):
    receipt, _handle_id = secret
    text = _client(app, "admin").get(f"/admin/audit.csv?case_number={receipt.number}") \
        .get_data(as_text=True)
    assert "補附照片" in text and not _leaks(text), _leaks(text)


@pytest.mark.parametrize("username", ENTITLED)
def test_the_intake_office_and_the_responsible_officer_read_it_whole(app, secret, username):
    page = _client(app, username).get(f"/cases/{secret[0].number}").get_data(as_text=True)
    assert NAMING in page and f"已電話聯絡 {PHONE}" in page and f"請{NAME}補附照片" in page


def test_an_ordinary_case_reads_whole_for_a_supervisor(app, rt):
    receipt, _handle_id = _answered(app, rt, confidential=False)
    page = _client(app, "pwbboss").get(f"/cases/{receipt.number}").get_data(as_text=True)
    assert NAMING in page and f"{NAME}陳情路燈不亮" in page and "***" not in page


@pytest.mark.parametrize("username", ("pwbboss", "admin"))
def test_the_board_lists_mask_the_title(app, rt, username):
    """The open cases, then (answered) the tasks completed this week."""
    receipt = make_case(app, rt, person={"name": NAME, "phone": PHONE}, confidential=True,
                        subject=f"{NAME}陳情路燈不亮")
    client = _client(app, username)
    for figure in ("open", "completed"):
        if figure == "completed":
            handle = ready_task(rt, receipt.case_id, "handle")
            rt.claim(handle.id, PWB1)
            rt.complete(handle.id, PWB1, {"handling_action": "reply", "reply_text": "已修復。",
                                          "legal_basis": "道路管理規則", "remedy": "none"})
        page = client.get(f"/board/list?figure={figure}").get_data(as_text=True)
        assert receipt.number in page and "***陳情路燈不亮" in page, figure
        assert not _leaks(page), (figure, _leaks(page))


# --- a co-handled petition: the other agencies' task pages ---------------------

@pytest.fixture
def co_handled(app, rt, db):
    """A confidential building-safety petition co-handled by FIRE and UDB
    (lead PWB); FIRE's opinion names the petitioner."""
    with db.begin() as conn:
        for name, code in (("fire1", "FIRE"), ("udb1", "UDB")):
            users.add_user(conn, name, code, ["officer"], PASSWORD)
    receipt = make_case(app, rt, person={"name": NAME, "phone": PHONE, "email": EMAIL},
                        confidential=True, category="building_safety", district="D-SANMIN",
                        petitioner_name=NAME, petitioner_contact=PHONE)
    fire = Actor("fire1", "FIRE", frozenset({"officer"}))
    opinion = agency_step(rt, receipt.case_id, "co_opinion_task", "FIRE")
    rt.claim(opinion.id, fire)
    rt.complete(opinion.id, fire, {"co_opinion_text": f"已會勘，{NAME}（{PHONE}）所述屬實",
                                   "co_agrees": True})
    return receipt, agency_step(rt, receipt.case_id, "co_opinion_task", "UDB")


def test_a_co_handling_officer_reads_the_other_opinion_masked(app, co_handled):
    receipt, udb_task = co_handled
    client = _client(app, "udb1")
    client.post(f"/tasks/{udb_task.id}/claim")
    for path in (f"/tasks/{udb_task.id}", f"/cases/{receipt.number}"):
        page = client.get(path).get_data(as_text=True)
        assert "已會勘，***（***）所述屬實" in page and not _leaks(page), (path, _leaks(page))


def test_the_intake_clerk_reads_the_opinion_whole(app, co_handled):
    receipt, _udb_task = co_handled
    page = _client(app, CLERK.username).get(f"/cases/{receipt.number}").get_data(as_text=True)
    assert f"已會勘，{NAME}（{PHONE}）所述屬實" in page


@pytest.mark.parametrize("username", ("pwbboss", "admin"))
def test_the_decisions_pages_mask_an_extension_reason_naming_the_petitioner(app, rt, username):
    receipt = make_case(app, rt, person={"name": NAME, "phone": PHONE}, confidential=True)
    handle = ready_task(rt, receipt.case_id, "handle")
    rt.claim(handle.id, PWB1)
    rt.complete(handle.id, PWB1, {"handling_action": "extension", "extension_days": 5,
                                  "extension_reason": f"需與{NAME}（{PHONE}）約定會勘"})
    approve = ready_task(rt, receipt.case_id, "approve_extension")
    client = _client(app, username)
    for path in ("/decisions", f"/decisions/{approve.id}"):
        page = client.get(path).get_data(as_text=True)
        assert "需與***（***）約定會勘" in page and not _leaks(page), (path, _leaks(page))


# --- the task page's phone-the-petitioner box ---------------------------------

def test_a_masked_phone_is_no_link_to_dial(app, rt):
    """A phone-only confidential petitioner asked for a supplement: the
    supervisor reads the number masked and not as a tel: link; the
    responsible officer can dial it."""
    receipt = make_case(app, rt, person={"name": NAME, "phone": PHONE}, confidential=True)
    handle = ready_task(rt, receipt.case_id, "handle")
    rt.claim(handle.id, PWB1)
    rt.ask_supplement(handle.id, PWB1, "請補附照片")

    def phone_box(username):
        page = _client(app, username).get(f"/tasks/{handle.id}").get_data(as_text=True)
        return page.split('id="supplement-phone"')[1].split("</div>")[0]
    box = phone_box("pwbboss")
    assert "***" in box and "tel:" not in box and not _leaks(box), box
    assert f'href="tel:{PHONE}"' in phone_box("pwb1")
