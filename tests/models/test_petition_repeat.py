"""A repeat petition (APA Art. 173) cites an earlier case: bpmn/petition.bpmn's
close_repeat task, driven through the engine with the frozen clock.

The earlier case must exist, be visible to the clerk and have been answered;
otherwise completing the task is refused with an error naming `earlier_case`
(and nothing of the command is kept). Its reply date may be neither before
that case's receipt nor after today (the error names `earlier_reply_date`). An accepted citation links both cases.
"""
import pytest
from engine.cases import links, queries
from engine.data.errors import InvalidData
from engine.data.schema import case

from .conftest import at

PETITIONER = {"name": "王小明", "email": "wang@example.org"}
REGISTER = dict(channel="web", subject="路燈不亮", content="中山路路燈不亮", category="street_light",
                district="D-GUSHAN", language="zh_TW", art173_ground="none")


def petition(lib, **over):
    cid = lib.start("petition", {"title": "路燈不亮"}, petitioner=dict(PETITIONER))
    lib.complete(cid, "register", **{**REGISTER, **over})
    return cid


def answered(lib):
    cid = petition(lib)
    lib.complete(cid, "handle", handling_action="reply", reply_text="已派員修復。",
                 legal_basis="路燈維護管理要點")
    assert lib.case(cid).status == "completed"
    return cid


def cite(lib, cid, number, reply_date="2026-03-02"):
    lib.complete(cid, "close_repeat", earlier_case=number, earlier_reply_date=reply_date,
                 earlier_reply_number="高市工務字第1150000001號")


def refusal(lib, cid, number, field="earlier_case", reply_date="2026-03-02"):
    with pytest.raises(InvalidData) as err:
        cite(lib, cid, number, reply_date)
    assert set(err.value.errors) == {field}                 # the field is named
    return err.value.errors[field]


@pytest.fixture
def repeat(library):
    library.clock.set(at(2026, 3, 2))
    return petition(library, art173_ground="repeat")


def test_an_unknown_case_is_refused_and_the_task_stays_open(library, repeat):
    assert refusal(library, repeat, "115-999999").code == "cited_unknown"
    assert library.open_elements(repeat) == ["close_repeat"]
    assert library.case(repeat).status == "open"
    assert "linked_case" not in library.data(repeat)


def test_an_unanswered_case_is_refused(library, repeat):
    open_case = petition(library)                 # still with the officer
    number = library.case(open_case).number
    assert refusal(library, repeat, number).code == "cited_unanswered"


def test_a_case_the_clerk_may_not_see_reads_as_unknown(library, repeat):
    # A consumer complaint is the consumer protection office's: the petition
    # clerk never held it, so citing it discloses nothing.
    other = library.start("consumer_complaint", {"title": "旅行社退費"},
                          petitioner={"name": "陳美玲", "email": "chen@example.org"})
    number = library.case(other).number
    assert refusal(library, repeat, number).code == "cited_unknown"


def test_a_case_cannot_cite_itself(library, repeat):
    assert refusal(library, repeat, library.case(repeat).number).code == "cited_self"


def test_a_reply_dated_before_the_earlier_case_was_received_is_refused(library, repeat):
    earlier = answered(library)                   # received and answered on 2026-03-02
    number = library.case(earlier).number
    error = refusal(library, repeat, number, "earlier_reply_date", reply_date="2026-03-01")
    assert (error.code, error.params) == ("reply_before_receipt", {"received": "2026-03-02"})
    assert library.open_elements(repeat) == ["close_repeat"]


def test_a_reply_dated_after_today_is_refused(library, repeat):
    earlier = answered(library)
    error = refusal(library, repeat, library.case(earlier).number, "earlier_reply_date",
                    reply_date="2026-03-03")      # the clock is at 2026-03-02
    assert (error.code, error.params) == ("date_too_late", {"max": "2026-03-02"})


def test_an_answered_case_is_cited_and_both_cases_show_the_link(library, repeat):
    earlier = answered(library)
    number = library.case(earlier).number
    cite(library, repeat, number)
    data = library.data(repeat)
    assert (data["outcome"], data["linked_case"], data["link_kind"]) == (
        "closed_repeat", number, "repeat")
    assert data["earlier_replied_on"] == "2026-03-02"
    clerk = queries.Viewer("doa.intake", "DOA", frozenset({"intake"}))
    with library.db.connect() as conn:
        from_repeat = queries.linked_cases(conn, clerk, repeat)
        from_earlier = queries.linked_cases(conn, clerk, earlier)
    assert [(r.number, r.kind, r.direction) for r in from_repeat] == [(number, "repeat", "out")]
    assert [(r.number, r.kind, r.direction) for r in from_earlier] == [
        (library.case(repeat).number, "repeat", "in")]


def test_the_flagged_answered_duplicate_is_offered_first(library):
    library.clock.set(at(2026, 3, 2))
    earlier = answered(library)
    library.clock.set(at(2026, 3, 4))
    still_open = petition(library)                # newer, but not answered
    library.clock.set(at(2026, 3, 5))
    repeat = petition(library, art173_ground="repeat")
    elsewhere = petition(library, district="D-NANZI")   # another district: not flagged
    clerk = queries.Viewer("doa.intake", "DOA", frozenset({"intake"}))
    with library.db.connect() as conn:
        row = conn.execute(case.select().where(case.c.id == repeat)).one()
        offered = links.cited_candidates(conn, clerk, row)
    numbers = [library.case(c).number for c in (earlier, still_open)]
    assert [(o["number"], o["replied_on"]) for o in offered] == [
        (numbers[0], "2026-03-02"), (numbers[1], None)]
    assert library.case(elsewhere).number not in [o["number"] for o in offered]

