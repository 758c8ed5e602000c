"""An organisation's document-exchange application on the department's task
pages: the review reads what kind of organisation it is, its registration
and why it applies; the account set-up reads the registration; the notice
to the organisation reads the decision and the account (the model's
show_fields)."""
import pytest
from sqlalchemy import select

from engine.data.schema import case
from webtest_support import deploy_library, recalled, work_step

REGISTRATION = "立案字號或統一編號 高市社團字第1090123號"


@pytest.fixture
def library(app, rt, db):
    deploy_library(rt, db, [("doa1", "DOA", ["officer"]), ("doa2", "DOA", ["officer"])])
    return app


def test_review_set_up_and_notice_read_the_application_and_the_decision(library, rt, db, client_for):
    doa1, doa2 = client_for("doa1"), client_for("doa2")
    resp = doa1.post("/cases/new/document_exchange_signup", data={
        "organisation_name": "高雄市社區營造協會", "organisation_kind": "association",
        "registration_number": "高市社團字第1090123號", "contact_name": "陳理事長",
        "contact_email": "office@community.example.tw", "contact_phone": "07-3456789",
        "application_reason": "與市府各機關往來公文改以電子交換"})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:1500]
    with db.connect() as conn:
        cid = conn.execute(select(case.c.id).where(
            case.c.process_key == "document_exchange_signup")).scalar_one()
    review = recalled(work_step(doa2, rt, cid, "review_application", {"decision": "approved"}))
    assert review == (f"本案先前登錄的內容 組織類別 人民團體 {REGISTRATION} "
                      "申請事由 與市府各機關往來公文改以電子交換")
    setup = recalled(work_step(doa1, rt, cid, "setup_account", {
        "exchange_account": "ORG0043", "certificate_issued": "true", "setup_on": "2026-03-02"}))
    assert setup == f"本案先前登錄的內容 {REGISTRATION}"
    notice = recalled(work_step(doa1, rt, cid, "notify_organisation", {
        "notice_number": "高市府行資字第1150001號", "notice_text": "貴會申請使用本府公文電子交換服務，業已開通。"}))
    assert notice == ("本案先前登錄的內容 審查結果 核准使用公文電子交換服務 "   # approved: no reason to refuse
                      "交換帳號（機關代碼） ORG0043 開通日期 民國115年3月2日")
