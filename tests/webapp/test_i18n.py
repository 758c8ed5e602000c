"""zh-TW by default, English on request, ROC dates, Asia/Taipei times."""
from datetime import date, datetime, timezone

from webapp.i18n import local_dt, roc_date


def test_roc_dates_and_taipei_time():
    assert roc_date(date(2026, 11, 26), "zh_TW") == "民國115年11月26日"
    assert roc_date(date(2026, 11, 26), "en") == "2026-11-26"
    # 16:30 UTC is half past midnight the next day in Taipei.
    assert local_dt(datetime(2026, 11, 25, 16, 30, tzinfo=timezone.utc), "zh_TW") == "民國115年11月26日 00:30"
    assert local_dt(datetime(2026, 11, 25, 16, 30), "en") == "2026-11-26 00:30"  # naive = UTC


def test_pages_are_in_traditional_chinese_by_default(app):
    html = app.test_client().get("/login").get_data(as_text=True)
    assert "登入" in html and 'lang="zh-Hant-TW"' in html


def test_english_is_switchable(app):
    client = app.test_client()
    client.post("/lang/en", data={"next": "/login"})
    html = client.get("/login").get_data(as_text=True)
    assert "Staff login" in html and 'lang="en"' in html


def test_case_page_shows_roc_dates(registered_case, client_for):
    html = client_for("pwb1").get(f"/cases/{registered_case.number}").get_data(as_text=True)
    assert "民國115年3月2日" in html
