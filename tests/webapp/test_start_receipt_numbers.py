"""The start page's receipt keeps each case number whole: the started case's
number and a number its title cites (a business named after an earlier
complaint) are each wrapped to never break at the hyphen (whole_numbers)."""
from webtest_support import deploy_library, login

WHOLE = '<span class="case-number">115-000123</span>'
COMPLAINT = {"request_type": "first_complaint", "category": "online_shopping",
             "consumer_name": "陳美玲", "consumer_contact": "0911222333",
             "business_name": "好買網（續 115-000123）", "claim_text": "商品未到貨且拒絕退款"}


def test_the_started_cases_title_keeps_a_cited_number_whole(app, rt, db):
    deploy_library(rt, db, [("cpoclerk", "CPO", ["intake"])])
    client = login(app.test_client(), "cpoclerk")
    resp = client.post("/cases/new/consumer_complaint", data=COMPLAINT)
    receipt = client.get(resp.headers["Location"]).get_data(as_text=True)
    row = receipt.split("<tbody>")[1].split("</tbody>")[0]
    assert f"好買網（續 {WHOLE}） 消費爭議" in row
    assert '<a class="case-number" href="/cases/' in row
