"""The task page reads the case's completed forms once: the case panel keeps
what `casefile.read` made of them (its `data`) for the consent, the earlier
answers a step recalls and a model's own words, and the file takes its
opinions and its reply from the same completions, instead of reading again."""
from __future__ import annotations

from sqlalchemy import event

from webtest_support import ready_task

def _statements(db, into: list):
    def keep(conn, cursor, statement, parameters, *_a):
        into.append((statement, parameters))
    event.listen(db, "before_cursor_execute", keep)
    return lambda: event.remove(db, "before_cursor_execute", keep)


def _completed_form_reads(seen) -> int:
    """Reads of the completed forms, whatever their order (the case's data,
    the opinions, the reply)."""
    return sum(1 for statement, params in seen
               if "audit.detail" in statement and "complete" in _values(params))


def _values(params) -> tuple:
    """A statement's parameters: a tuple on SQLite, a dict on PostgreSQL."""
    return tuple(params.values()) if isinstance(params, dict) else tuple(params or ())


def test_the_task_page_reads_the_completed_forms_once(app, rt, client_for, registered_case):
    db = app.extensions["civicflow.db"]
    task = ready_task(rt, registered_case.case_id, "handle")
    client = client_for("pwb1")
    client.post(f"/tasks/{task.id}/claim")
    client.get(f"/tasks/{task.id}")            # definitions cached, as on a warm server
    seen = []
    stop = _statements(db, seen)
    try:
        html = client.get(f"/tasks/{task.id}").get_data(as_text=True)
    finally:
        stop()
    assert "路燈故障" in html                    # the panel still shows the petitioner's words
    # Before fbaf716: 34 statements on SQLite (28 on PostgreSQL); at 31c3597:
    # 31 (25), the forms read once in order but twice more latest first for
    # the reply (the case file's, the reply to deliver); now 29 (23), one
    # read: the reply is the last of the forms read that wrote one.
    assert _completed_form_reads(seen) == 1
    assert len(seen) <= 29
