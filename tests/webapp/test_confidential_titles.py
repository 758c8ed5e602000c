"""Art. 170 in case titles outside the case's own page (engine/cases/masked.py:
Titles, listed): a title naming a confidential petitioner reads masked in the
inbox (its search too), in the API's task list and case, and among the
related, similar and cited cases beside another case, for whoever may not
see the identity; whole for the intake office and the responsible officer."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import event, insert, update

from engine.cases.actors import Actor
from engine.data.schema import case_link, task
from webtest_support import make_case, page_text, ready_task, section_text

NAME, PHONE = "蘇祕密", "0987-654-321"
TITLE, MASKED = f"{NAME}陳情路燈不亮", "***陳情路燈不亮"
PWB1 = Actor("pwb1", "PWB", frozenset({"officer"}))


def _secret(app, rt, **over):
    return make_case(app, rt, person={"name": NAME, "phone": PHONE}, confidential=True,
                     subject=TITLE, **over)


@pytest.fixture
def secret(app, rt):
    return _secret(app, rt)


def _inbox_row(client, number, query="") -> str:
    page = client.get(f"/inbox?{query}").get_data(as_text=True)
    rows = [r for r in page.split("<tr")[1:] if f'data-case="{number}"' in r]
    return page_text("<tr" + rows[0].split("</tr>")[0]) if rows else ""


def test_the_agency_queue_and_the_team_list_mask_the_title(secret, client_for):
    row = _inbox_row(client_for("pwb2"), secret.number, "view=queue")
    assert MASKED in row and NAME not in row
    row = _inbox_row(client_for("pwbboss"), secret.number, "view=team")
    assert MASKED in row and NAME not in row


def test_the_responsible_officer_reads_the_title_whole_in_the_inbox(rt, secret, client_for):
    rt.claim(ready_task(rt, secret.case_id, "handle").id, PWB1)
    assert TITLE in _inbox_row(client_for("pwb1"), secret.number, "view=mine")
    assert MASKED in _inbox_row(client_for("pwbboss"), secret.number, "view=team")


def test_a_search_finds_by_the_title_as_read_never_by_the_hidden_name(secret, client_for):
    """A search for the name must not tell which case the person filed."""
    pwb2 = client_for("pwb2")
    assert MASKED in _inbox_row(pwb2, secret.number, "view=queue&q=路燈不亮")
    assert _inbox_row(pwb2, secret.number, f"view=queue&q={NAME}") == ""
    assert _inbox_row(pwb2, secret.number, f"view=queue&q={NAME[:2]}") == ""
    assert MASKED in _inbox_row(pwb2, secret.number, f"view=queue&q={secret.number}")


def test_a_search_leaving_hidden_cases_out_fills_its_page_and_offers_the_next(
        app, rt, db, client_for):
    """Two of five cases the name finds are the hidden petitioner's: the
    first page of two still lists two (not one beside a hidden case) and
    offers the next; the next lists the last, and offers no further page;
    a page of three holds them all and offers none."""
    made = [make_case(app, rt, subject=f"{NAME}步道路燈不亮"), _secret(app, rt), _secret(app, rt),
            make_case(app, rt, subject=f"{NAME}步道路燈不亮"), make_case(app, rt, subject=f"{NAME}步道")]
    first_due = datetime(2026, 4, 1, tzinfo=timezone.utc)
    with db.begin() as conn:   # soonest due in the order made
        for n, receipt in enumerate(made):
            conn.execute(update(task).where(task.c.case_id == receipt.case_id,
                                            task.c.element_id == "handle")
                         .values(due_at=first_due + timedelta(hours=n)))
    pwb2, shown = client_for("pwb2"), [made[0].number, made[3].number, made[4].number]
    for page, numbers, more in ((1, shown[:2], True), (2, shown[2:], False)):
        html = pwb2.get(f"/inbox?view=queue&q={NAME}&limit=2&page={page}").get_data(as_text=True)
        assert [n for n in (r.number for r in made) if f'data-case="{n}"' in html] == numbers
        assert (f"page={page + 1}" in html) == more, page
    whole = pwb2.get(f"/inbox?view=queue&q={NAME}&limit=3").get_data(as_text=True)
    assert "page=2" not in whole            # a full page with nothing after it: no 下一頁


def test_an_ordinary_case_reads_whole_and_is_found_by_the_name(app, rt, client_for):
    receipt = make_case(app, rt, person={"name": NAME, "phone": PHONE}, subject=TITLE)
    assert TITLE in _inbox_row(client_for("pwb2"), receipt.number, f"view=queue&q={NAME}")


def test_the_api_masks_the_title_for_a_token_that_may_not_see_the_petitioner(
        app, rt, secret, token_for):
    api = app.test_client()
    listed = api.get("/api/v1/tasks?view=queue", headers=token_for("pwb2")).get_json()["tasks"]
    assert [t["case_title"] for t in listed if t["case_number"] == secret.number] == [MASKED]
    found = api.get("/api/v1/tasks?view=queue&q=" + NAME, headers=token_for("pwb2")).get_json()
    assert found["tasks"] == []
    for who, title in (("pwb2", MASKED), ("pwbboss", MASKED), ("admin", MASKED), ("clerk", TITLE)):
        body = api.get(f"/api/v1/cases/{secret.number}", headers=token_for(who)).get_json()
        assert body["title"] == title, who
        assert NAME not in str(body) or who == "clerk", who
    rt.claim(ready_task(rt, secret.case_id, "handle").id, PWB1)
    mine = api.get("/api/v1/tasks?view=mine", headers=token_for("pwb1")).get_json()["tasks"]
    assert [t["case_title"] for t in mine] == [TITLE]


def _related(client, number) -> str:
    return section_text(client.get(f"/cases/{number}").get_data(as_text=True), "cp-related-h")


def test_similar_and_linked_cases_beside_a_case_mask_the_title(app, rt, db, secret, client_for):
    ordinary = make_case(app, rt)          # same category and district: A is a possible duplicate
    related = _related(client_for("pwb2"), ordinary.number)
    assert secret.number in related and MASKED in related and NAME not in related
    with db.begin() as conn:               # linked instead (a related case): no longer "possible"
        conn.execute(insert(case_link).values(case_id=ordinary.case_id,
                                              other_case_id=secret.case_id, kind="related"))
    related = _related(client_for("pwbboss"), ordinary.number)
    assert MASKED in related and NAME not in related and "可能重複" not in related
    assert TITLE in _related(client_for("clerk"), ordinary.number)


def test_a_related_case_naming_the_hidden_petitioner_is_masked_beside_their_case(
        app, rt, secret, client_for):
    """An ordinary case whose title names the confidential petitioner would
    tell, beside the confidential case, who filed it."""
    make_case(app, rt, subject=f"{NAME}再次陳情")
    related = _related(client_for("pwb2"), secret.number)
    assert "***再次陳情" in related and NAME not in related


@pytest.fixture
def citing(app, rt, db, client_for):
    """A confidential petition registered by another intake office (EPB's,
    so DOA's clerk may not see its petitioner); then a repeat
    petition at DOA's close_repeat, claimed by the clerk."""
    earlier = _secret(app, rt)
    with db.begin() as conn:
        conn.execute(update(task).where(task.c.case_id == earlier.case_id,
                                        task.c.candidate_role == "intake")
                     .values(candidate_agency="EPB"))
    repeat = make_case(app, rt, art173_ground="repeat")
    task_id = ready_task(rt, repeat.case_id, "close_repeat").id
    clerk = client_for("clerk")
    clerk.post(f"/tasks/{task_id}/claim")
    return earlier, clerk, task_id


def test_the_cited_cases_offer_masks_the_title_asking_once(app, citing):
    earlier, clerk, task_id = citing
    asked = []

    def keep(conn, cursor, statement, *_a):
        if "p_name" in statement:          # masked.hidden: the listed cases' petitioners
            asked.append(statement)
    db = app.extensions["civicflow.db"]
    event.listen(db, "before_cursor_execute", keep)
    try:
        page = clerk.get(f"/tasks/{task_id}").get_data(as_text=True)
    finally:
        event.remove(db, "before_cursor_execute", keep)
    offer = page_text(page.split('id="f-earlier_case-offer"')[1].split("</div>")[0])
    assert earlier.number in offer and MASKED in offer
    assert NAME not in page
    assert len(asked) == 1                 # the panel's similar cases and the offer: one read
