"""The intake clerk's routing, earlier cases and receipt (docs/journeys: 陳小姐):
the routing table's suggested lead agency while she types, hers to overrule;
the receipt naming the lead agency and the earlier cases of the same matter
or the same person, kept for a reload until the next registration; the
read-back step opening claimed for her."""
import re

from sqlalchemy import select, update

from engine.data.schema import case, task
from webapp.roc_dates import format_roc_datetime
from webtest_support import make_case, page_text, ready_task

HINT = "/intake/route-hint"


def _form(clock, **over) -> dict:
    data = {"received_at": format_roc_datetime(clock.now()), "channel": "letter",
            "subject": "路燈不亮", "content": "鼓山區某路段路燈故障", "category": "street_light",
            "district": "D-GUSHAN", "language": "zh_TW", "art173_ground": "none",
            "person_name": "陳大文", "person_phone": "0911222333"}
    data.update(over)
    return data


def _register(clerk, clock, **over) -> str:
    """Register on /intake/new; the receipt's text."""
    resp = clerk.post("/intake/new", data=_form(clock, **over))
    assert resp.status_code == 302, resp.get_data(as_text=True)[:2000]
    return clerk.get("/intake/receipt").get_data(as_text=True)


def _number(receipt: str) -> str:
    return receipt.split('id="receipt-number">')[1].split("<")[0]


def _case_id(db, number):
    with db.connect() as conn:
        return conn.execute(select(case.c.id).where(case.c.number == number)).scalar_one()


def test_the_suggestion_is_the_routing_tables_agency(client_for):
    clerk = client_for("clerk")
    resp = clerk.get(HINT, query_string={"category": "street_light", "district": "D-GUSHAN"})
    assert resp.status_code == 200
    assert resp.json["agency"] == "PWB" and resp.json["co_agencies"] == []
    assert resp.json["text"] == "依分案規則建議主辦機關：工務局"
    flood = clerk.get(HINT, query_string={"category": "flooding", "district": "CITY"}).json
    assert flood["agency"] == "WRB" and flood["co_agencies"] == ["PWB", "EPB"]
    assert "會辦機關：工務局、環境保護局" in flood["text"]
    local = clerk.get(HINT, query_string={"category": "local_affairs", "district": "D-SANMIN"})
    assert local.json["agency"] == "D-SANMIN"   # the district office of the place


def test_the_suggestion_refuses_what_the_form_does_not_offer(client_for):
    clerk = client_for("clerk")
    for query in ({"category": "nonsense", "district": "D-GUSHAN"},
                  {"category": "street_light", "district": "D-ATLANTIS"},
                  {"category": "street_light"}, {}):
        resp = clerk.get(HINT, query_string=query)
        assert resp.status_code == 400
        assert resp.json["error"] == "請從表單選擇案件類別與行政區。"
    officer = client_for("pwb1")
    assert officer.get(HINT, query_string={"category": "street_light",
                                          "district": "D-GUSHAN"}).status_code == 403


def test_the_form_shows_the_suggestion_and_offers_another_lead_agency(client_for, clock):
    clerk = client_for("clerk")
    page = clerk.get("/intake/new").get_data(as_text=True)
    assert 'id="route-hint"' in page and 'name="routed_agency"' in page
    assert "改由此機關主辦（空白則依分案規則）" in page and "js/intake-route.js" in page
    # Shown again after a refusal, script or not.
    again = clerk.post("/intake/new", data=_form(clock, subject="")).get_data(as_text=True)
    assert "依分案規則建議主辦機關：工務局" in again


def test_the_clerks_lead_agency_overrules_the_routing_table(client_for, clock, db, rt):
    clerk = client_for("clerk")
    receipt = _register(clerk, clock, routed_agency="WRB")
    handle = ready_task(rt, _case_id(db, _number(receipt)))
    assert handle.element_id == "handle" and handle.candidate_agency == "WRB"
    assert "主辦機關：水利局（收件人員指定）" in page_text(receipt)


def test_without_the_clerks_choice_the_routing_table_decides(client_for, clock, db, rt):
    clerk = client_for("clerk")
    receipt = _register(clerk, clock)
    handle = ready_task(rt, _case_id(db, _number(receipt)))
    assert handle.element_id == "handle" and handle.candidate_agency == "PWB"
    assert "主辦機關：工務局（依分案規則）" in page_text(receipt)


def test_an_oral_petition_names_the_agency_it_will_be_routed_to(client_for, clock, db, rt):
    """Routed only after the read-back: the receipt asks the table with its answers."""
    receipt = _register(client_for("clerk"), clock, channel="counter", category="flooding",
                        district="CITY")
    assert ready_task(rt, _case_id(db, _number(receipt))).element_id == "read_back"
    text = page_text(receipt)
    assert "主辦機關：水利局（依分案規則）" in text and "會辦機關：工務局、環境保護局" in text


def test_the_receipt_lists_earlier_cases_of_the_same_person_and_matter(app, rt, client_for,
                                                                         clock):
    same_person = make_case(app, rt, person={"name": "陳大文", "phone": "0911 222 333"},
                            category="garbage", district="D-SANMIN", subject="垃圾未清運")
    same_matter = make_case(app, rt, person={"name": "李四", "phone": "0922000111"},
                            subject="路燈閃爍")
    unrelated = make_case(app, rt, person={"name": "王五", "email": "wang5@example.tw"},
                          category="noise", district="D-SANMIN", subject="夜間噪音")
    receipt = _register(client_for("clerk"), clock, person_phone="0911-222-333")
    earlier = page_text(receipt.split('id="earlier-h"')[1].split("</section>")[0])
    assert f'href="/cases/{same_person.number}"' in receipt
    assert f'href="/cases/{same_matter.number}"' in receipt
    assert f"{same_person.number} 垃圾未清運 同一陳情人" in earlier
    assert f"{same_matter.number} 路燈閃爍 同一事由" in earlier
    assert unrelated.number not in receipt
    assert "李四" not in receipt   # another case's petitioner is never named


def test_a_confidential_earlier_case_of_another_intake_office_reads_masked(app, rt, db,
                                                                          client_for, clock):
    """Art. 170: the same matter's earlier case, registered by EPB's intake
    office, names its petitioner in its title; DOA's clerk reads it masked."""
    secret = make_case(app, rt, person={"name": "蘇祕密", "phone": "0987654321"},
                       confidential=True, subject="蘇祕密陳情路燈不亮")
    with db.begin() as conn:
        conn.execute(update(task).where(task.c.case_id == secret.case_id,
                                        task.c.candidate_role == "intake")
                     .values(candidate_agency="EPB"))
    receipt = _register(client_for("clerk"), clock)
    earlier = page_text(receipt.split('id="earlier-h"')[1].split("</section>")[0])
    assert f"{secret.number} ***陳情路燈不亮 同一事由" in earlier
    assert "蘇祕密" not in receipt


def test_the_receipt_survives_a_reload_until_the_next_registration(client_for, clock):
    clerk = client_for("clerk")
    first = _register(clerk, clock)
    again = clerk.get("/intake/receipt")
    assert again.status_code == 200
    assert _number(again.get_data(as_text=True)) == _number(first)
    assert 'id="receipt-password"' in again.get_data(as_text=True)
    assert 'id="print-receipt"' in first and "css/intake.css" in first
    second = _register(clerk, clock, subject="夜間噪音", category="noise", district="D-SANMIN",
                       person_phone="0977000111")
    assert _number(second) != _number(first) and _number(first) not in second
    # Sending the form again ends the last receipt, even when the form is refused.
    clerk.post("/intake/new", data=_form(clock, subject=""))
    assert clerk.get("/intake/receipt").status_code == 302


def test_read_back_from_the_receipt_opens_the_step_claimed_for_the_clerk(client_for, clock, db,
                                                                           rt):
    clerk = client_for("clerk")
    receipt = _register(clerk, clock, channel="phone")
    step = ready_task(rt, _case_id(db, _number(receipt)))
    assert step.element_id == "read_back" and step.assignee is None   # a GET claims nothing
    action = re.search(r'action="([^"]*read-back)"', receipt).group(1)
    resp = clerk.post(action)
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/tasks/{step.id}")
    assert ready_task(rt, step.case_id).assignee == "clerk"
    # Pressed again (back to the receipt), it opens the step as it is: no error.
    again = clerk.post(action)
    assert again.headers["Location"].endswith(f"/tasks/{step.id}")
    page = clerk.get(f"/tasks/{step.id}").get_data(as_text=True)
    assert "未完成" not in page and "Not done" not in page
