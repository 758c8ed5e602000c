"""A citizen's petition reads the model's register form once per request:
the public fields, the page's language and the petitioner's own fields all
come from that one read."""
from __future__ import annotations

from sqlalchemy import event, select

from engine.data.schema import case
from webapp import petitions
from test_public import ZH, form


def _counted(monkeypatch) -> list:
    calls = []
    real = petitions.register_fields

    def counting(conn, *a, **kw):
        calls.append(1)
        return real(conn, *a, **kw)
    monkeypatch.setattr(petitions, "register_fields", counting)
    return calls


def _filed(app, headers):
    db = app.extensions["civicflow.db"]
    seen = []

    def keep(*_a):
        seen.append(1)
    event.listen(db, "before_cursor_execute", keep)
    try:
        resp = app.test_client().post("/public/petition", data=form(), headers=headers,
                                      content_type="multipart/form-data")
    finally:
        event.remove(db, "before_cursor_execute", keep)
    return resp, len(seen)


def test_a_petition_reads_the_register_form_once(app, db, monkeypatch):
    calls = _counted(monkeypatch)
    resp, statements = _filed(app, {"Accept-Language": "en"})
    # Before: 18 statements, 3 reads of the register form and 2 connections; now 15.
    assert resp.status_code == 302 and len(calls) == 1 and statements <= 15
    with db.connect() as conn:
        filed = conn.execute(select(case)).one()
    assert filed.language == "en"     # the page's language, from the one read
    page = app.test_client().get("/public/petition", headers=ZH).get_data(as_text=True)
    assert 'name="subject"' in page and len(calls) == 2   # a GET reads it once too


def test_a_refused_petition_reads_it_once_and_files_nothing(app, db, monkeypatch):
    calls = _counted(monkeypatch)
    resp = app.test_client().post("/public/petition", data=form(subject=""), headers=ZH,
                                  content_type="multipart/form-data")
    assert resp.status_code == 422 and 'id="f-subject-err">請填寫此欄位。' in resp.get_data(as_text=True)
    assert len(calls) == 1
    with db.connect() as conn:
        assert conn.execute(select(case)).first() is None
