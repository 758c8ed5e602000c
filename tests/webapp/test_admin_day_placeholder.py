"""The administrators' date fields (calendar day, token expiry, audit
period) ask for a date in the form the reader's pages show and the server
reads: 115/03/02 in Chinese, 2026-03-02 in English, never an ROC date as an
English placeholder; an unreadable date's example follows the reader too."""
import re


def _day_input(html: str, name: str) -> str:
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)


def _errors(resp):
    return re.findall(r'class="field-error"[^>]*>([^<]*)<', resp.get_data(as_text=True))


def test_an_english_reader_is_asked_for_the_date_he_can_type(app, db, client_for):
    client = client_for("admin")
    client.post("/lang/en", data={"next": "/admin"})
    calendar = _day_input(client.get("/admin/calendar").get_data(as_text=True), "day")
    assert 'placeholder="2026-03-02"' in calendar and "115/" not in calendar
    audit = client.get("/admin/audit?since=2026-03-02").get_data(as_text=True)
    since = _day_input(audit, "since")
    assert 'placeholder="2026-03-02"' in since
    resp = client.get("/admin/audit?since=notadate")
    assert resp.status_code == 422 and _errors(resp) == ["Enter a valid date, e.g. 2026-03-02."]
    typed = client.post("/admin/tokens", data={"username": "pwb1", "label": "x",
                                               "expires": "2026-03-02"})
    assert not any("valid date" in e for e in _errors(typed))   # the example's form is read


def test_a_chinese_reader_keeps_the_roc_date(app, db, client_for):
    client = client_for("admin")
    calendar = _day_input(client.get("/admin/calendar").get_data(as_text=True), "day")
    assert 'placeholder="115/03/02"' in calendar
    resp = client.get("/admin/audit?since=notadate")
    assert resp.status_code == 422 and _errors(resp) == ["請輸入正確的日期，例如 115/03/02。"]
