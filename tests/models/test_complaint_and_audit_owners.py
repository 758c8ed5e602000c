"""The consumer complaint and the records audit name their 主辦機關 from the
moment they start (the consumer protection officers; the Department of
Administration that audits the district offices); a mediation session is
recorded on or before today in Taipei; the steps after the business's reply
show that reply beside their form."""
import pytest

from engine.data.errors import InvalidData

from .conftest import at
from .test_consumer_complaint import new_case, to_mediation


def test_a_consumer_complaint_belongs_to_the_consumer_protection_officers_at_once(library):
    library.clock.set(at(2026, 3, 2))
    cid = library.start("consumer_complaint", {"title": "旅行社退費爭議"})
    assert library.open_elements(cid) == ["intake"]   # before its first form
    assert library.case(cid).responsible_agency == "CPO"


def test_a_records_audit_belongs_to_the_department_at_once(library):
    library.clock.set(at(2026, 3, 2))
    cid = library.start("records_audit", {"title": "115年度區公所檔案管理考評"})
    assert library.open_elements(cid) == ["plan_audit"]
    assert library.case(cid).responsible_agency == "DOA"


def session(lib, cid, session_date):
    lib.complete(cid, "mediation_session", session_date=session_date, members_present=7,
                 business_attended=True, session_result="failed")


def test_a_mediation_session_after_today_is_refused(library):
    cid = to_mediation(library)
    library.clock.set(at(2026, 3, 2, 23, 30))          # late on Monday in Taipei
    with pytest.raises(InvalidData) as err:
        session(library, cid, "2026-03-03")
    refused = err.value.errors["session_date"]
    assert (refused.code, refused.params) == ("date_too_late", {"max": "2026-03-02"})
    session(library, cid, "2026-03-02")
    assert library.data(cid)["outcome"] == "mediation_failed"


def test_a_mediation_record_is_not_signed_after_today(library):
    cid = to_mediation(library)
    library.complete(cid, "mediation_session", session_date="2026-03-02", members_present=7,
                     business_attended=True, session_result="settled")
    with pytest.raises(InvalidData) as err:
        library.complete(cid, "record_settlement", record_number="高市消調字第115001號",
                         signed_on="2026-03-09", court_approval=False)
    assert err.value.errors["signed_on"].code == "date_too_late"


def test_the_steps_after_the_business_reply_show_it(library):
    cid = new_case(library, "first_complaint")
    with library.db.connect() as conn:
        from engine.cases import queries
        meta = {e: queries.task_meta(conn, library.case(cid).definition_id, e)
                for e in ("consumer_next", "second_complaint", "mediation_offer", "mediation_session")}
    assert all("business_reply" in m.show_fields for m in meta.values())
    assert "cpo_findings" in meta["mediation_offer"].show_fields
