"""A task's declared tables and values in the reader's words
(webapp/step_tables.py, macros/step_data.html): the model's data is
untrusted, so it is escaped, capped, and what is no record is skipped;
a variable that is no list reads 未登錄."""
from flask import render_template_string

from engine.models.shown_data import Column, Table
from webapp import step_tables

WORDS = {"agencies": {"D-GUSHAN": ("鼓山區公所", "Gushan District Office")}, "choices": {}}
RESULTS = Table("audit_results", "各區公所考評結果", "Results per office", [
    Column("office", "agency", "受考評機關", "Office"),
    Column("visit_at", "date", "考評日期", "Visit date"),
    Column("score", "text", "總分", "Score"),
    Column("needs_reinspection", "boolean", "須複查", "Re-inspection", "應複查", "免複查")])
MACRO = '{% from "macros/step_data.html" import step_data_section %}{{ step_data_section(d) }}'


def test_a_row_reads_in_the_readers_words(app):
    row = {"office": "D-GUSHAN", "visit_at": "2026-06-10T09:00:00+08:00", "score": 85.0,
           "needs_reinspection": True, "grade": "甲"}
    with app.test_request_context():
        assert step_tables.table(RESULTS, [row], WORDS, "zh_TW").rows == [
            ["鼓山區公所", "民國115年6月10日", "85.0", "應複查"]]
    with app.test_request_context(headers={"Accept-Language": "en"}):
        shown = step_tables.table(RESULTS, [row], WORDS, "en")
    assert (shown.label, shown.headers[0]) == ("Results per office", "Office")
    assert shown.rows == [["Gushan District Office", "2026-06-10", "85.0", "Yes"]]


def test_a_value_the_model_words_reads_by_its_words(app):
    """A DMN's grade 甲 reads Good (甲) in English; an undeclared value as it is."""
    grade = Column("grade", "text", "等第", "Grade", choices=[
        ["優", "優", "Excellent (優)"], ["甲", "甲", "Good (甲)"]])
    graded = Table("audit_results", "各區公所考評結果", "Results per office", [grade])
    with app.test_request_context():
        assert step_tables.table(graded, [{"grade": "甲"}, {"grade": "戊"}], WORDS,
                                 "zh_TW").rows == [["甲"], ["戊"]]
        assert step_tables.table(graded, [{"grade": "甲"}], WORDS, "en").rows == [["Good (甲)"]]


def test_what_is_no_record_is_skipped_and_no_list_is_not_recorded(app):
    with app.test_request_context():
        shown = step_tables.table(RESULTS, ["D-GUSHAN", None, {"score": 70}], WORDS, "zh_TW")
        assert shown.rows == [["", "", "70", ""]] and shown.total == 1
        assert step_tables.table(RESULTS, "not a list", WORDS, "zh_TW").rows is None
        assert step_tables.table(RESULTS, None, WORDS, "zh_TW").rows is None


def test_a_long_list_is_capped(app):
    with app.test_request_context():
        shown = step_tables.table(RESULTS, [{"score": n} for n in range(501)], WORDS, "zh_TW")
    assert (len(shown.rows), shown.total) == (step_tables.MAX_ROWS, 501)


def test_values_are_escaped_and_the_page_says_what_it_left_out(app):
    capped = step_tables.Shown("結果", ["總分"], [["<script>alert(1)</script>"]], total=700)
    missing = step_tables.Shown("複查", ["機關"])
    empty = step_tables.Shown("空", ["機關"], [])
    with app.test_request_context():
        html = render_template_string(MACRO, d={"values": [("丙等", ""), ("甲等", "0")],
                                                "tables": [capped, missing, empty]})
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "僅顯示前 1 列，共 700 列。" in html
    assert "<dt>丙等</dt>\n    <dd><span class=\"hint\">未登錄</span>" in html
    assert "<dt>甲等</dt>\n    <dd>0</dd>" in html
    assert html.count("<caption") == 3 and html.count('<th scope="col">') == 3
    assert '<td colspan="1"><span class="hint">未登錄</span>' in html
    assert '<td colspan="1"><span class="hint">無</span>' in html
