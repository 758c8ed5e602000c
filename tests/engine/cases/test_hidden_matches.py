"""engine/cases/hidden_matches.py: a search for a confidential petitioner's
name (Art. 170) leaves their cases out of the query itself, so every page of
the inbox and the team list is full until the last, the pager sees whether
more follow, and "all N that match" counts what the list shows."""
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, insert, update

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


@pytest.fixture
def mixed(db):
    """Twelve confidential cases of B000 in the queue, hidden from OFFICER,
    soonest due first, all found by 祕密: eight kept (the 祕密基地 trail, filed
    by 王小明), then three found only by the name 蘇祕密, and one of those due
    with the fourth kept (a tie the page may sort either way).
    Returns (kept, gone) task ids."""
    kind = ["kept"] * 4 + ["tie"] + ["kept"] * 4 + ["gone"] * 3
    due = [0, 1, 2, 3, 3, 4, 5, 6, 7, 8, 9, 10]
    with db.begin() as conn:
        ids = add_cases(conn, len(kind))
        for c, k in zip(ids, kind):
            conn.execute(update(case).where(case.c.id == c).values(
                confidential=True, responsible_agency="B000",
                title="祕密基地路燈不亮" if k == "kept" else f"{NAME}陳情路燈不亮"))
        conn.execute(insert(petitioner), [dict(case_id=c, name="王小明" if k == "kept" else NAME)
                                          for c, k in zip(ids, kind)])
        conn.execute(insert(task), [dict(
            id=f"t{c:03d}", case_id=c, process_key="petition", element_id="handle", name="辦理",
            candidate_agency="B000", state="ready", created_at=T0,
            due_at=T0 + timedelta(hours=h)) for c, h in zip(ids, due)])
    return ([f"t{c:03d}" for c, k in zip(ids, kind) if k == "kept"],
            [f"t{c:03d}" for c, k in zip(ids, kind) if k != "kept"])


def _hidden_statements(db):
    """The statements the hidden matches are read with (they read the petitioner)."""
    said = []
    event.listen(db, "before_cursor_execute",
                 lambda conn, cursor, statement, *rest: said.append(statement)
                 if "petitioner" in statement else None)
    return said


def test_the_hidden_matches_are_read_only_as_far_as_the_page_can_reach(db, mixed):
    kept, gone = mixed
    said = _hidden_statements(db)
    with db.connect() as conn:
        first = [r.id for r in queries.inbox(conn, OFFICER, _search("祕密"), T0)]
    assert first == kept[:PAGE]
    assert len(said) == 1 and "LIMIT" in said[0].upper()   # bounded: enough kept before the rest
    pages = _pages(db, lambda c, o: queries.inbox(c, OFFICER, _search("祕密", o), T0))
    assert [t for p in pages for t in p] == kept and not set(gone) & {t for p in pages for t in p}


def test_a_capped_count_and_the_whole_count_still_tell_the_list(db, mixed):
    kept, _ = mixed
    f = InboxFilter(view="team", text="祕密", limit=PAGE)
    with db.connect() as conn:
        assert team.team_count(conn, SUPERVISOR, f, T0) == len(kept)
        assert team.team_count(conn, SUPERVISOR, f, T0, cap=3) == 3
        assert [r.id for r in team.matching_tasks(conn, SUPERVISOR, f, T0, cap=5)] == kept[:5]
