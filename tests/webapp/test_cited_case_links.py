"""A case number cited in a petition's subject, words or reply (engine/cases/
cited.py, webapp/case_number_spans.py): a link to that case's page on the
task and case pages when the viewer may open it, listed among the related
cases as 內文提及; a number the viewer may not open stays plain text and is
listed nowhere (its existence is not disclosed)."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import update

from engine.cases import queries
from engine.cases.actors import Actor
from engine.data.schema import case
from webtest_support import REPLY, deploy_library, make_case, page_text, ready_task, section_text

PWB1 = Actor("pwb1", "PWB", frozenset({"officer"}))
SECRET_NAME = "蘇祕密"


@pytest.fixture
def cited(app, rt):
    """(the PWB case cited, EPB's case cited, the citing PWB case): the citing
    one about another matter and place, so nothing flags the first as similar."""
    earlier = make_case(app, rt)                                     # PWB's street light
    elsewhere = make_case(app, rt, category="noise", subject="工地噪音")   # EPB's
    citing = make_case(app, rt, category="road_damage", district="D-NANZI",
                       subject=f"與案號 {earlier.number} 同一路段",
                       content=f"前案 {earlier.number} 與 {elsewhere.number} 皆未改善。")
    return earlier, elsewhere, citing


def _link(number: str) -> str:
    return f'<a class="case-number" href="/cases/{number}">{number}</a>'


def _plain(number: str) -> str:
    return f'<span class="case-number">{number}</span>'


def _words(page: str) -> str:
    """The markup of the petitioner's words (the panel's first cp-text)."""
    start = page.index('class="cp-text"')
    return page[start:page.index("</div>", start)]


def test_the_task_page_links_a_cited_case_the_officer_may_open(rt, cited, client_for):
    earlier, elsewhere, citing = cited
    handle = ready_task(rt, citing.case_id, "handle")
    page = client_for("pwb1").get(f"/tasks/{handle.id}").get_data(as_text=True)
    assert f"<strong>與案號 {_link(earlier.number)} 同一路段</strong>" in page
    words = _words(page)
    assert _link(earlier.number) in words
    assert _plain(elsewhere.number) in words and f"/cases/{elsewhere.number}" not in page


def test_the_case_page_links_it_in_the_title_subject_and_words(cited, client_for):
    earlier, elsewhere, citing = cited
    page = client_for("pwb1").get(f"/cases/{citing.number}").get_data(as_text=True)
    assert f'<p class="cp-lead">與案號 {_link(earlier.number)} 同一路段</p>' in page
    assert f"<strong>與案號 {_link(earlier.number)} 同一路段</strong>" in page
    assert _link(earlier.number) in _words(page)
    assert f"/cases/{elsewhere.number}" not in page
    # The link opens the case it names.
    assert client_for("pwb1").get(f"/cases/{earlier.number}").status_code == 200


def test_the_related_cases_list_the_cited_case_and_not_the_hidden_one(cited, client_for):
    earlier, elsewhere, citing = cited
    page = client_for("pwb1").get(f"/cases/{citing.number}").get_data(as_text=True)
    related = section_text(page, "cp-related-h")
    assert related == f"相關案件 {earlier.number} 路燈不亮 內文提及 處理中"
    assert elsewhere.number not in related and "無。" not in related
    english = client_for("pwb1")
    english.post("/lang/en", data={"next": "/inbox"})
    en = english.get(f"/cases/{citing.number}").get_data(as_text=True)
    assert section_text(en, "cp-related-h") == \
        f"Related cases {earlier.number} 路燈不亮 cited in the text in progress"


def test_an_agency_that_may_open_both_sees_both_linked(cited, client_for):
    earlier, elsewhere, citing = cited
    page = client_for("admin").get(f"/cases/{citing.number}").get_data(as_text=True)
    assert _link(earlier.number) in page and _link(elsewhere.number) in page
    related = section_text(page, "cp-related-h")
    assert related.index(earlier.number) < related.index(elsewhere.number)   # as the text names them


def test_a_number_cited_in_the_reply_is_a_link(app, rt, client_for):
    earlier = make_case(app, rt)
    citing = make_case(app, rt, category="road_damage", district="D-NANZI", subject="路面坑洞")
    handle = ready_task(rt, citing.case_id, "handle")
    rt.claim(handle.id, PWB1)
    rt.complete(handle.id, PWB1, dict(REPLY, reply_text=f"已併案號 {earlier.number} 辦理。"))
    page = client_for("pwb1").get(f"/cases/{citing.number}").get_data(as_text=True)
    assert f"已併案號 {_link(earlier.number)} 辦理。" in page
    assert "內文提及" in section_text(page, "cp-related-h")


def test_a_cited_case_flagged_as_similar_is_listed_once_as_cited(app, rt, client_for):
    earlier = make_case(app, rt)
    citing = make_case(app, rt, subject=f"重複陳情 {earlier.number}")   # same matter, same place
    page = client_for("pwb1").get(f"/cases/{citing.number}").get_data(as_text=True)
    related = section_text(page, "cp-related-h")
    assert related.count(earlier.number) == 1
    assert "內文提及" in related and "疑似重複" not in related


def test_a_cited_confidential_case_reads_its_title_masked(app, rt, client_for):
    secret = make_case(app, rt, person={"name": SECRET_NAME, "phone": "0987654321"},
                       confidential=True, subject=f"{SECRET_NAME}陳情路燈不亮")
    citing = make_case(app, rt, category="road_damage", district="D-NANZI",
                       subject=f"同案號 {secret.number}")
    page = client_for("pwb2").get(f"/cases/{citing.number}").get_data(as_text=True)
    related = section_text(page, "cp-related-h")
    assert "***陳情路燈不亮" in related and SECRET_NAME not in page
    assert _link(secret.number) in page


def test_the_page_asks_once_for_all_the_numbers_it_cites(cited, client_for, monkeypatch):
    earlier, elsewhere, citing = cited
    asked = []
    real = queries.visible_numbers
    monkeypatch.setattr(queries, "visible_numbers",
                        lambda conn, viewer, numbers: asked.append(sorted(numbers)) or
                        real(conn, viewer, numbers))
    client_for("pwb1").get(f"/cases/{citing.number}")
    assert asked == [sorted([earlier.number, elsewhere.number])]


def test_a_case_the_viewer_may_not_open_stays_plain_whoever_cites_it(app, rt, db, client_for):
    """A number of no case and one of a case out of reach read alike."""
    elsewhere = make_case(app, rt, category="noise", subject="工地噪音")   # EPB's
    missing = "115-999999"
    citing = make_case(app, rt, category="road_damage", district="D-NANZI",
                       subject=f"參見 {elsewhere.number} 及 {missing}")
    page = client_for("pwb1").get(f"/cases/{citing.number}").get_data(as_text=True)
    lead = re.search(r'<p class="cp-lead">(.*?)</p>', page).group(1)
    assert lead == f"參見 {_plain(elsewhere.number)} 及 {_plain(missing)}"
    assert page_text(section_text(page, "cp-related-h")) == "相關案件 無。"
    with db.begin() as conn:   # once EPB hands it to PWB, it is theirs to open
        conn.execute(update(case).where(case.c.id == elsewhere.case_id)
                     .values(responsible_agency="PWB"))
    page = client_for("pwb1").get(f"/cases/{citing.number}").get_data(as_text=True)
    assert _link(elsewhere.number) in page and _plain(missing) in page


def test_a_number_in_a_related_cases_title_links_only_where_it_may_be_opened(app, rt, client_for):
    """相關案件: a related case's title citing an open case links it; one
    citing a case out of reach (EPB's) reads plain, as a missing number."""
    first = make_case(app, rt, category="road_damage", district="D-NANZI", subject="路面坑洞")
    elsewhere = make_case(app, rt, category="noise", subject="工地噪音")   # EPB's
    earlier = make_case(app, rt, category="road_damage", district="D-NANZI",
                        subject=f"前案 {first.number} 及 {elsewhere.number} 未改善")
    citing = make_case(app, rt, subject=f"同案號 {earlier.number}")
    page = client_for("pwb1").get(f"/cases/{citing.number}").get_data(as_text=True)
    related = page[page.index('id="cp-related-h"'):]
    related = related[:related.index("</section>")]
    assert f"前案 {_link(first.number)} 及 {_plain(elsewhere.number)} 未改善" in related
    assert f"/cases/{elsewhere.number}" not in page
    admin = client_for("admin").get(f"/cases/{citing.number}").get_data(as_text=True)
    assert f"前案 {_link(first.number)} 及 {_link(elsewhere.number)} 未改善" in admin


COMPLAINT_PEOPLE = [("cpo1", "CPO", ["intake", "officer"])]
CPO = Actor("cpo1", "CPO", frozenset({"intake", "officer"}))


def _complaint(rt, claim: str) -> str:
    """A consumer complaint at its business step whose 爭議內容 is `claim`: its number."""
    started = rt.start_case("consumer_complaint", {"title": "力健健身房 消費爭議"})
    intake = ready_task(rt, started["id"], "intake")
    rt.claim(intake.id, CPO)
    rt.complete(intake.id, CPO, dict(
        request_type="first_complaint", category="fitness", consumer_name="張志明",
        business_name="力健健身房", claim_text=claim, has_prior_complaint=False, already_mediated=False))
    return started["number"]


def test_the_consumers_own_words_link_the_cases_they_cite(app, rt, db, client_for):
    """The consumer complaint keeps the words as 爭議內容 (claim_text): its
    numbers link and list as 內文提及, as a petition's content's do."""
    deploy_library(rt, db, COMPLAINT_PEOPLE)
    earlier = _complaint(rt, "健身房歇業，會費未退。")
    petition = make_case(app, rt)   # PWB's: not the centre's to open
    number = _complaint(rt, f"同前案 {earlier} 業者，另見 {petition.number}。")
    page = client_for("cpo1").get(f"/cases/{number}").get_data(as_text=True)
    assert f"同前案 {_link(earlier)} 業者，另見 {_plain(petition.number)}。" in _words(page)
    assert "爭議內容" in section_text(page, "cp-words-h")
    related = section_text(page, "cp-related-h")
    assert f"{earlier} 力健健身房 消費爭議 內文提及" in related and petition.number not in related
