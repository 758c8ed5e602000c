"""Date fields of model forms are typed as officials write them: a ROC date
(115/03/02) reaches the engine as 2026-03-02, is shown back as 115/03/02,
and a wrong one is shown again as typed with the error beside it."""
from werkzeug.datastructures import MultiDict

from engine.models.meta import Field
from webapp import taskform

DATE = Field(name="meeting_date", type="date", required=True, label_zh="會議日期")


def test_roc_and_iso_dates_reach_the_engine_as_iso():
    for typed in ("115/03/02", "民國115年3月2日", "115-3-2", "2026-03-02"):
        assert taskform.submitted([DATE], MultiDict({"meeting_date": typed})) == \
            {"meeting_date": "2026-03-02"}
    assert taskform.submitted([DATE], MultiDict({"meeting_date": "115/02/30"})) == \
        {"meeting_date": "115/02/30"}          # left for the engine to refuse by name


def test_the_field_shows_roc_with_a_hint_and_keeps_a_wrong_value(app):
    macro = app.jinja_env.get_template("macros/fields.html").module.render_field
    with app.test_request_context(headers={"Accept-Language": "zh-TW"}):
        html = str(macro(DATE, {"meeting_date": "2026-03-02"}, {}, []))
        assert 'value="115/03/02"' in html and 'type="text"' in html
        assert "民國年/月/日" in html or "115/03/02" in html.split("hint")[-1]
        wrong = str(macro(DATE, {"meeting_date": "昨天"}, {"meeting_date": "must be a date"}, []))
        assert 'value="昨天"' in wrong and 'aria-invalid="true"' in wrong
