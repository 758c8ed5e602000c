"""The board's agency table built before the template (webapp/board_rows.py):
a non-zero figure links to its drill-down list with the board's filter, the
figure and the agency, as the template's macro built it; zero and the row
without an agency link nothing."""
from flask import url_for

from engine.board.figures import Board, Figures
from webapp import board_rows

QUERY = "from=2026-02-23&to=2026-03-02"
LABELS = {"agencies": {"PWB": ("工務局", "Public Works Bureau")}, "choices": {}}


def _board():
    pwb = Figures("PWB", open=3, overdue=1, completed=2, on_time=1, with_due=2)
    return Board([pwb, Figures("", open=1)], Figures("", open=4, overdue=1), [], None)


def test_links_of_an_agency_row(app):
    with app.test_request_context("/board/"):
        table = board_rows.table(_board(), LABELS, QUERY, None)
        pwb, nobody = table["lines"]
        base = f"{url_for('board.drill_down')}?{QUERY}&figure="
    cells = {fig: (value, href) for fig, value, href in pwb.cells}
    assert [fig for fig, _, _ in pwb.cells] == list(board_rows.FIGURES)
    assert cells["open"] == (3, f"{base}open&agency=PWB")
    assert cells["late"] == (1, f"{base}late&agency=PWB")   # with_due - on_time
    assert cells["due_soon"] == (0, None)
    assert pwb.label == "工務局"
    assert all(href is None for _, _, href in nobody.cells) and nobody.label


def test_total_row_links_to_the_filter_agency_only(app):
    with app.test_request_context("/board/"):
        everyone = board_rows.table(_board(), LABELS, QUERY, None)["total_cells"]
        one = board_rows.table(_board(), LABELS, QUERY, "PWB")["total_cells"]
    assert dict((f, h) for f, _, h in everyone)["open"].endswith("&figure=open")
    assert dict((f, h) for f, _, h in one)["open"].endswith("&figure=open&agency=PWB")
