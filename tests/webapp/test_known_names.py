"""One read of people's names per page (webapp/people.py known_names over
engine/cases/people.py), and the team list's agency looked up once for its
list and its workload summary (webapp/team_workload.py)."""
import re

from sqlalchemy import event
from webtest_support import held_by

from webapp.people import known_names, person_name


def _selects(db, into: list):
    def keep(conn, cursor, statement, *_a):
        if statement.lstrip().startswith("SELECT"):
            into.append(statement)
    event.listen(db, "before_cursor_execute", keep)
    return lambda: event.remove(db, "before_cursor_execute", keep)


def test_known_names_reads_once_and_person_name_then_reads_none(app):
    db = app.extensions["civicflow.db"]
    seen = []
    with app.test_request_context():
        with db.connect() as conn:
            stop = _selects(db, seen)
            names = known_names(conn, {"pwb1", "system", "nobody", None})
            read = len(seen)
            assert person_name("pwb1") == names["pwb1"] and person_name("nobody") == "nobody"
            stop()
            assert names["system"] == person_name("system") == "系統"   # as the timeline says
    assert read == 1 and len(seen) == 1          # person_name read nothing more
    assert set(names) == {"pwb1", "system", "nobody"}


def test_the_team_list_looks_up_the_chosen_agency_once(app, rt, client_for):
    db = app.extensions["civicflow.db"]
    held_by(app, rt, 1)
    admin = client_for("admin")
    seen = []
    stop = _selects(db, seen)
    try:
        page = admin.get("/inbox?view=team&agency=PWB&figure=due_soon").get_data(as_text=True)
    finally:
        stop()
    assert 'id="workload"' in page
    lookups = [s for s in seen if re.search(r'FROM agency\s+WHERE agency\.code = ', s)
               and "agency.active" in s]
    assert len(lookups) == 1, lookups
