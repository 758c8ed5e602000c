"""Photos attached to a case show as thumbnails on the case page and beside a
task (macros/files.html), served inline by an access-checked route
(webapp/views/cases.py `photo`) that sends only real JPEG and PNG files under
their own type; every other file stays a download link."""
from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

from sqlalchemy import select

from engine.data.schema import attachment
from test_public import tiny_png
from webtest_support import ready_task

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32   # the bytes a JPEG starts with


def _attach(client, number, name, body):
    client.post(f"/cases/{number}/attachments", data={"file": (BytesIO(body), name)},
                content_type="multipart/form-data")


def _files(db) -> dict:
    with db.connect() as conn:
        return {r.filename: r for r in conn.execute(select(attachment))}


def test_a_photo_is_a_thumbnail_and_a_pdf_a_link(registered_case, client_for, db, rt):
    pwb, number = client_for("pwb1"), registered_case.number
    _attach(pwb, number, "路燈.png", tiny_png())
    _attach(pwb, number, "現場.jpg", JPEG)
    _attach(pwb, number, "公文.pdf", b"%PDF-1.4 report")
    files = _files(db)
    page = pwb.get(f"/cases/{number}").get_data(as_text=True)
    task = ready_task(rt, registered_case.case_id, "handle")
    pwb.post(f"/tasks/{task.id}/claim")
    beside = pwb.get(f"/tasks/{task.id}").get_data(as_text=True)
    for shown in (page, beside):
        for name in ("路燈.png", "現場.jpg"):
            full = f"/cases/{number}/attachments/{files[name].id}/photo"
            assert (f'<a class="cp-thumb" href="{full}" target="_blank" rel="noopener">'
                    f'<img src="{full}" alt="{name}" loading="lazy"></a>') in shown
        assert f'/attachments/{files["公文.pdf"].id}/photo' not in shown
        assert (f'<a href="/cases/{number}/attachments/{files["公文.pdf"].id}">公文.pdf</a>') in shown
        assert len(re.findall(r'<img [^>]*loading="lazy"', shown)) == 2


def test_the_photo_is_sent_inline_as_what_it_is(registered_case, client_for, db):
    pwb, number = client_for("pwb1"), registered_case.number
    _attach(pwb, number, "路燈.png", tiny_png())
    row = _files(db)["路燈.png"]
    got = pwb.get(f"/cases/{number}/attachments/{row.id}/photo")
    assert got.status_code == 200 and got.data == tiny_png()
    assert got.headers["Content-Type"] == "image/png"
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert got.headers["Content-Disposition"].startswith("inline")
    assert "private" in got.headers["Cache-Control"]
    download = pwb.get(f"/cases/{number}/attachments/{row.id}")
    assert download.headers["Content-Disposition"].startswith("attachment")   # unchanged


def test_only_who_may_see_the_case_gets_the_photo(registered_case, client_for, db, app):
    pwb, number = client_for("pwb1"), registered_case.number
    _attach(pwb, number, "路燈.png", tiny_png())
    row = _files(db)["路燈.png"]
    url = f"/cases/{number}/attachments/{row.id}/photo"
    assert client_for("epb1").get(url).status_code == 404               # another bureau
    assert app.test_client().get(url).status_code in (302, 401)          # nobody signed in


def test_no_other_file_is_shown_inline(registered_case, client_for, db, app):
    pwb, number = client_for("pwb1"), registered_case.number
    _attach(pwb, number, "公文.pdf", b"%PDF-1.4 report")
    _attach(pwb, number, "路燈.png", tiny_png())
    files = _files(db)
    assert pwb.get(f"/cases/{number}/attachments/{files['公文.pdf'].id}/photo").status_code == 404
    # A stored photo whose bytes are no longer a PNG is not sent as one.
    stored = Path(app.config["ATTACHMENT_DIR"]) / files["路燈.png"].storage_key
    stored.write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>")
    assert pwb.get(f"/cases/{number}/attachments/{files['路燈.png'].id}/photo").status_code == 404
