"""engine/cases/hidden_matches.py: a search for a confidential petitioner's
name (Art. 170) leaves their cases out of the query itself, so every page of
the inbox and the team list is full until the last, the pager sees whether
more follow, and "all N that match" counts what the list shows."""
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, update

from engine.cases import queries, team
from engine.cases.queries import InboxFilter, Viewer
from engine.data.schema import case, petitioner, task

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from timing_support import T0, add_cases  # noqa: E402

NAME = "蘇祕密"
OFFICER = Viewer("o1", "B000", frozenset({"officer"}))
SUPERVISOR = Viewer("boss", "B000", frozenset({"supervisor"}))
ROWS, PAGE = 30, 4


@pytest.fixture
def queue(db):
    """ROWS queue tasks of B000, soonest due first; every third case is
    confidential, filed by NAME and titled with it. The others' titles name a
    trail called after them (found by the name, read whole). Returns
    (ordinary, confidential) task ids in the queue's order."""
    with db.begin() as conn:
        ids = add_cases(conn, ROWS)
        secret = ids[1::3]
        conn.execute(update(case).values(title=f"{NAME}步道路燈不亮", responsible_agency="B000"))
        conn.execute(update(case).where(case.c.id.in_(secret))
                     .values(title=f"{NAME}陳情路燈不亮", confidential=True))
        conn.execute(insert(petitioner), [dict(case_id=c, name=NAME if c in secret else "王小明",
                                               phone="0987-654-321") for c in ids])
        conn.execute(insert(task), [dict(
            id=f"t{c:03d}", case_id=c, process_key="petition", element_id="handle", name="辦理",
            candidate_agency="B000", state="ready", created_at=T0,
            due_at=T0 + timedelta(hours=n)) for n, c in enumerate(ids)])
    return [f"t{c:03d}" for c in ids if c not in secret], [f"t{c:03d}" for c in secret]


def _pages(db, read) -> list[list[str]]:
    """Every page `read(conn, offset)` gives, as the pager walks them: on
    while a page is full."""
    pages, offset = [], 0
    with db.connect() as conn:
        while True:
            pages.append([r.id for r in read(conn, offset)])
            if len(pages[-1]) < PAGE:
                return pages
            offset += PAGE


def _search(text, offset=0) -> InboxFilter:
    return InboxFilter(view="queue", text=text, limit=PAGE, offset=offset)


def test_a_search_for_the_hidden_name_pages_through_the_others_in_full_pages(db, queue):
    ordinary, _ = queue
    pages = _pages(db, lambda c, o: queries.inbox(c, OFFICER, _search(NAME, o), T0))
    assert [t for p in pages for t in p] == ordinary
    assert all(len(p) == PAGE for p in pages[:-1]) and len(pages[-1]) == len(ordinary) % PAGE


def test_the_team_list_pages_and_counts_the_same(db, queue):
    ordinary, _ = queue
    f = InboxFilter(view="team", text=NAME, limit=PAGE)
    pages = _pages(db, lambda c, o: team.team_tasks(c, SUPERVISOR, InboxFilter(
        view="team", text=NAME, limit=PAGE, offset=o), T0))
    assert [t for p in pages for t in p] == ordinary
    with db.connect() as conn:
        assert team.team_count(conn, SUPERVISOR, f, T0) == len(ordinary)
        assert [r.id for r in team.matching_tasks(conn, SUPERVISOR, f, T0)] == ordinary


def test_words_the_viewer_reads_still_find_the_confidential_cases(db, queue):
    ordinary, secret = queue
    pages = _pages(db, lambda c, o: queries.inbox(c, OFFICER, _search("陳情路燈", o), T0))
    assert [t for p in pages for t in p] == secret
    with db.connect() as conn:   # and its number, though the title names the person
        number = conn.execute(case.select().where(case.c.confidential.is_(True))).first().number
        assert len(queries.inbox(conn, OFFICER, _search(number), T0)) == 1


def test_the_responsible_officer_finds_their_cases_by_the_name(db, queue):
    ordinary, secret = queue
    with db.begin() as conn:
        conn.execute(update(task).where(task.c.id.in_(secret[:2])).values(assignee="o1"))
    with db.connect() as conn:
        mine = queries.inbox(conn, OFFICER, InboxFilter(view="mine", text=NAME), T0)
    assert [r.id for r in mine] == secret[:2]
