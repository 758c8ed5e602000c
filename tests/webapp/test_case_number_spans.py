"""whole_numbers: each case number in a text wrapped to stay whole, the rest
escaped as Jinja escapes it, the stored text unchanged."""
from __future__ import annotations

from markupsafe import Markup

from webapp.case_number_spans import whole_numbers

WHOLE = '<span class="case-number">{}</span>'


def test_a_cited_number_is_wrapped_and_the_words_escaped():
    out = whole_numbers("重複陳情 115-000123 <b>路燈</b>")
    assert out == f"重複陳情 {WHOLE.format('115-000123')} &lt;b&gt;路燈&lt;/b&gt;"
    assert isinstance(out, Markup)


def test_every_number_and_a_two_digit_year_are_wrapped():
    out = whole_numbers("（案號 99-000001、115-000002）")
    assert out == f"（案號 {WHOLE.format('99-000001')}、{WHOLE.format('115-000002')}）"


def test_other_runs_of_digits_stay_as_they_are():
    for text in ("07-3368333", "2026-03-10", "0912-345678", "1115-0001234", "115-0001234"):
        assert whole_numbers(text) == text


def test_a_number_in_markup_is_wrapped_outside_its_tags_only():
    link = Markup('<a href="/cases/115-000123">115-000123</a>')
    assert whole_numbers(link) == f'<a href="/cases/115-000123">{WHOLE.format("115-000123")}</a>'


def test_nothing_reads_as_nothing():
    assert whole_numbers(None) == "" and whole_numbers("") == ""


LINK = '<a class="case-number" href="/cases/{0}">{0}</a>'


def test_a_number_the_viewer_may_open_is_a_link_and_the_rest_stays_plain(app):
    with app.test_request_context():
        out = whole_numbers("與案號 115-000123 同一路段，另見 115-000124 <b>", {"115-000123"})
    assert out == (f"與案號 {LINK.format('115-000123')} 同一路段，另見 "
                   f"{WHOLE.format('115-000124')} &lt;b&gt;")
    assert isinstance(out, Markup)


def test_without_numbers_to_open_nothing_is_linked():
    assert whole_numbers("案號 115-000123", frozenset()) == f"案號 {WHOLE.format('115-000123')}"
