"""The inbox rows' links and words computed before the template
(webapp/inbox_rows.py) and the processes read once per request
(webapp/request_cache.py): the same as url_for and the queries give."""
from flask import g, url_for

from engine.cases import queries
from webapp import inbox_rows, request_cache
from webtest_support import ready_task

AWKWARD = ["115000000001", "B-00000001", "a b", "路燈", "x/y", "50%", "q?x=1&y", "#frag", "é'\"<>"]


def test_row_links_are_what_url_for_builds(app):
    with app.test_request_context("/inbox"):
        for endpoint, name in (("cases.show", "number"), ("inbox.task_page", "task_id")):
            href = inbox_rows.href_of(endpoint, name)
            for value in AWKWARD:
                assert href(value) == url_for(endpoint, **{name: value})


def test_row_links_keep_the_script_root(app):
    with app.test_request_context("/inbox", base_url="http://x/civicflow"):
        href = inbox_rows.href_of("cases.show", "number")
        assert href("115000000001") == url_for("cases.show", number="115000000001")
        assert href("115000000001").startswith("/civicflow/")


def test_a_page_lists_the_task_its_case_and_deadline(registered_case, rt, client_for):
    task = ready_task(rt, registered_case.case_id)
    html = client_for("pwb1").get("/inbox?view=queue").get_data(as_text=True)
    assert f'href="/cases/{registered_case.number}"' in html
    assert f'href="/tasks/{task.id}"' in html
    assert "民國" in html   # the deadline in the ROC calendar


def test_processes_are_read_once_per_request(app, db):
    with app.test_request_context("/inbox"), db.connect() as conn:
        first = request_cache.latest_processes(conn)
        assert [p.key for p in first] == [p.key for p in queries.processes(conn)]
        assert request_cache.latest_processes(conn) is first
    with app.test_request_context("/inbox"), db.connect() as conn:   # a new request reads again
        assert "latest_processes" not in g
        assert request_cache.latest_processes(conn) is not first


def test_both_tab_counts_in_one_statement_as_before(registered_case, rt, db):
    task = ready_task(rt, registered_case.case_id)
    viewer = queries.Viewer("pwb1", task.candidate_agency, frozenset({"officer"}))
    with db.connect() as conn:
        assert queries.inbox_counts(conn, viewer) == {"mine": 0, "queue": 1}
        assert queries.inbox_counts(conn, viewer, cap=0) == {"mine": 0, "queue": 0}


def test_agency_names_the_first_alone_then_all(app, db):
    from sqlalchemy import select
    from engine.data.schema import agency
    from webapp import labels
    with db.connect() as conn:
        codes = conn.execute(select(agency.c.code).order_by(agency.c.code).limit(3)).scalars().all()
        expected = {c: labels._pick(p, c) for c, p in labels.agency_names(conn).items()}
    with app.test_request_context("/inbox"):
        assert labels.agency_name(codes[0]) == expected[codes[0]]
        assert labels.agency_name(codes[0]) == expected[codes[0]] and "agency_names" not in g
        assert [labels.agency_name(c) for c in codes] == [expected[c] for c in codes]
        assert "agency_names" in g
        assert labels.agency_name("NO-SUCH") == "NO-SUCH" and labels.agency_name("") == ""
    with app.test_request_context("/inbox"):
        assert labels.agency_name("NO-SUCH") == "NO-SUCH"


def test_the_queue_tab_says_how_many_are_overdue_whichever_tab_opens(registered_case, rt, db, client_for):
    """When 林先生's inbox shows 我的工作 (it opens there once he holds a
    task), the 機關待領 tab still says how many of the bureau's waiting tasks
    are overdue."""
    import re
    from datetime import timedelta
    from sqlalchemy import update
    from engine.data.schema import task as task_table
    waiting = ready_task(rt, registered_case.case_id)
    with db.begin() as conn:
        conn.execute(update(task_table).where(task_table.c.id == waiting.id)
                     .values(due_at=rt.clock.now() - timedelta(days=1)))
    viewer = queries.Viewer("pwb1", waiting.candidate_agency, frozenset({"officer"}))
    with db.connect() as conn:
        counts = queries.inbox_counts(conn, viewer, now=rt.clock.now())
    assert counts == {"mine": 0, "queue": 1, "mine_overdue": 0, "queue_overdue": 1}
    html = client_for("pwb1").get("/inbox?view=mine").get_data(as_text=True)
    tab = re.search(r'<a [^>]*data-view="queue".*?</a>', html, re.S).group(0)
    assert "逾期 1" in tab
    mine = re.search(r'<a [^>]*data-view="mine".*?</a>', html, re.S).group(0)
    assert "逾期" not in mine
