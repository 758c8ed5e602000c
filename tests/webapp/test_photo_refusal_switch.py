"""A refused photo's error survives the language switch: the page carries the
refusal's reason (and the file's name), never its words, and the form shown
in the other language says it again beside the photo field; a reason the
page never gives is ignored, and nothing is filed. Without the page's script
the switch sends the photos chosen along: they are checked, never kept, and
asked for again."""
from __future__ import annotations

import html as htmllib
import re
from io import BytesIO
from pathlib import Path

from webapp import photo_refusal
from test_public import ZH, cases, form, post, tiny_png

EN = {"Accept-Language": "en"}


def hidden(page: str) -> dict:
    return dict(re.findall(r'<input type="hidden" name="(photos_refused\w*)" value="([^"]*)"', page))


def switched(app, carried: dict, lang="en", errors_shown=True):
    data = {**form(), "switch_language": lang, **carried}
    if errors_shown:
        data["errors_shown"] = "1"
    return app.test_client().post("/public/petition", data=data, headers=ZH,
                                  content_type="multipart/form-data")


def stored(app) -> list:
    """Every file under the attachment store."""
    return [p for p in Path(app.config["ATTACHMENT_DIR"]).rglob("*") if p.is_file()]


def photo(body: bytes, name="路燈.png"):
    return {"photos": [(BytesIO(body), name)]}


def test_a_photo_of_the_wrong_kind_is_said_again_in_english_after_the_switch(app, db):
    refused = post(app.test_client(), files=[("路燈.gif", b"GIF89a")])
    page = htmllib.unescape(refused.get_data(as_text=True))
    assert 'id="photos-err">無法附加 路燈.gif：僅接受照片（JPEG、PNG）與 PDF 檔案。' in page
    carried = hidden(page)
    assert carried == {"photos_refused": "type", "photos_refused_name": "路燈.gif"}
    resp = switched(app, carried)
    again = htmllib.unescape(resp.get_data(as_text=True))
    assert resp.status_code == 422
    assert 'id="photos-err">路燈.gif cannot be attached: only photos (JPEG, PNG) and PDF files.' in again
    assert 'href="#photos">Photos or documents: 路燈.gif cannot be attached' in again   # the summary
    assert "Please choose your files again" in again and "鼓山一路路燈故障三天" in again
    assert hidden(again) == carried   # and again on the next switch
    assert cases(db) == []


def test_a_photo_too_large_on_the_english_page_is_said_again_in_chinese(app, db):
    app.config["MAX_CONTENT_LENGTH"] = 4000
    data = {**form(), "photos": [(BytesIO(tiny_png() + b"\0" * 5000), "big.png")]}
    refused = app.test_client().post("/public/petition", data=data, headers=EN,
                                     content_type="multipart/form-data").get_data(as_text=True)
    assert 'id="photos-err">The file is too large: at most' in refused
    assert hidden(refused) == {"photos_refused": "size", "photos_refused_name": ""}
    resp = switched(app, hidden(refused), lang="zh_TW")
    again = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert 'id="photos-err">檔案太大：最多 0.0038147 MB（所有檔案合計）' in again
    assert cases(db) == []


def test_a_reason_the_page_never_gives_is_ignored(app, db):
    for carried in ({"photos_refused": "<script>"}, {"photos_refused": "type"},
                    {"photos_refused": "empty", "photos_refused_name": "  "}):
        resp = switched(app, carried)
        assert 'id="photos-err"' not in resp.get_data(as_text=True), carried
        assert resp.status_code == 200
    assert cases(db) == []


def test_an_ordinary_send_ignores_what_the_page_carried(app, db):
    resp = post(app.test_client(), photos_refused="type", photos_refused_name="路燈.gif")
    assert resp.status_code == 302 and len(cases(db)) == 1


def test_each_refusal_reads_in_the_viewers_language(app):
    refusals = [photo_refusal.of([("a.png", tiny_png())] * 6, 10_000),
                photo_refusal.of([("空.png", b"")], 10_000),
                photo_refusal.of([("x.exe", b"MZ")], 10_000)]
    with app.test_request_context("/", headers=EN):
        assert [str(r) for r in refusals] == [
            "Please attach at most 5 files.", "The file 空.png is empty.",
            "x.exe cannot be attached: only photos (JPEG, PNG) and PDF files."]
    with app.test_request_context("/", headers=ZH):
        assert str(refusals[1]) == "檔案 空.png 是空的。"
    assert photo_refusal.of([("a.png", tiny_png())], 10_000) is None


def test_a_refusal_found_and_one_carried_are_built_alike(app):
    """One constructor: the file named only where the reason says it, as people see it."""
    found = photo_refusal.of([("C:\\相片\\路燈.gif", b"GIF89a")], 10_000)
    carried = photo_refusal.carried({"photos_refused": "type",
                                     "photos_refused_name": "C:\\相片\\路燈.gif"})
    assert found == carried == photo_refusal.Refusal("type", "路燈.gif")
    assert photo_refusal.carried({"photos_refused": "size", "photos_refused_name": "big.png"}) \
        == photo_refusal.of([("big.png", tiny_png() + b"\0" * 20_000)], 10_000) \
        == photo_refusal.Refusal("size")
    app.config["MAX_CONTENT_LENGTH"] = 10 * 1024 * 1024   # the app's own limit is said
    with app.test_request_context("/", headers=EN):
        assert "at most 10 MB" in str(photo_refusal.Refusal("size"))


# ---- photos sent along by a switch without the page's script -----------------------

def test_a_photo_sent_with_the_switch_is_neither_filed_nor_kept_and_is_asked_for_again(app, db):
    resp = switched(app, photo(tiny_png()), errors_shown=False)
    page = htmllib.unescape(resp.get_data(as_text=True))
    assert resp.status_code == 200
    assert "Submit a petition to the city government" in page and 'lang="en"' in page
    assert "Please choose your files again" in page and "鼓山一路路燈故障三天" in page
    assert 'id="photos-err"' not in page and "error-summary" not in page
    assert cases(db) == [] and stored(app) == []


def test_a_photo_sent_with_the_switch_is_another_than_the_one_refused(app, db):
    carried = {"photos_refused": "type", "photos_refused_name": "路燈.gif"}
    mended = htmllib.unescape(switched(app, {**carried, **photo(tiny_png())}).get_data(as_text=True))
    assert 'id="photos-err"' not in mended and "Please choose your files again" in mended
    again = switched(app, {**carried, **photo(b"GIF89a", "招牌.gif")})
    page = htmllib.unescape(again.get_data(as_text=True))
    assert again.status_code == 422
    assert 'id="photos-err">招牌.gif cannot be attached: only photos (JPEG, PNG) and PDF files.' in page
    assert hidden(page) == {"photos_refused": "type", "photos_refused_name": "招牌.gif"}
    assert cases(db) == [] and stored(app) == []


def test_a_photo_too_large_sent_with_the_switch_still_switches(app, db):
    app.config["MAX_CONTENT_LENGTH"] = 4000
    for errors_shown in (False, True):
        resp = switched(app, photo(tiny_png() + b"\0" * 5000, "big.png"), errors_shown=errors_shown)
        page = resp.get_data(as_text=True)
        assert resp.status_code == 422, errors_shown   # as the form's own page for it
        assert 'id="photos-err">The file is too large: at most' in page
        assert "Please choose your files again" in page and "鼓山一路路燈故障三天" in page
    # Far over the limit the body is not read at all: the page it gives a
    # petition that large, in the language it was in, asking for the form again.
    huge = switched(app, photo(b"\0" * 400_000, "huge.png"), errors_shown=False)
    assert huge.status_code == 413 and 'id="photos-err">檔案太大' in huge.get_data(as_text=True)
    assert cases(db) == [] and stored(app) == []
