"""The board's step table is headed from the columns its cells come from
(webapp/board_rows.STEP_COLUMNS, also the Steps sheet's): the header's words
and the cells' figures in the same order, a completed figure linked to its
tasks of the step, an empty rate a dash."""
from __future__ import annotations

import re

from webapp import board_rows
from webtest_support import make_case

WEEKS = "from=115/02/23&to=115/03/02"
WORDS = ["步驟", "已完成", "如期完成", "逾期完成", "準時率（百分比）", "處理時間中位數（日）", "給予時間（日）"]


def _steps_table(html: str) -> str:
    return re.search(r'<table class="board compact" id="steps-table">.*?</table>', html, re.S).group(0)


def test_step_headers_and_cells_follow_the_same_columns(app, rt, client_for):
    make_case(app, rt)   # its registration: a completed step of the petition
    html = client_for("doaboss").get(f"/board/?agency=DOA&{WEEKS}").get_data(as_text=True)
    table = _steps_table(html)
    heads = re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', table)
    assert heads == WORDS
    assert re.findall(r'data-column="(\w+)"', table) == list(board_rows.STEP_COLUMNS)
    row = re.search(r'<tr data-step="register">.*?</tr>', table, re.S).group(0)
    assert re.findall(r'data-figure="(\w+)"', row) == list(board_rows.STEP_COLUMNS)
    link = re.search(r'<a data-figure="completed" href="([^"]+)">1</a>', row).group(1)
    assert link.startswith("/board/list?agency=DOA&amp;") and link.count("agency=") == 1
    assert link.endswith("figure=completed&amp;element=register&amp;process=petition")
    assert '<span data-figure="late">0</span>' in row


def test_the_drill_link_of_a_step_lists_its_tasks(app, rt, client_for):
    make_case(app, rt)
    boss = client_for("doaboss")
    html = boss.get(f"/board/?process=petition&{WEEKS}").get_data(as_text=True)
    href = re.search(r'<tr data-step="register">.*?<a data-figure="on_time" href="([^"]+)"',
                     _steps_table(html), re.S).group(1).replace("&amp;", "&")
    assert "&process=" not in href.split("figure=")[1]   # the filter names the process already
    page = boss.get(href).get_data(as_text=True)
    assert "· 登記陳情</h1>" in page


def test_a_step_row_links_its_completed_figures_only(app):
    """The step table's cells come from the agency table's own cells():
    its columns, and only the completed figures linked, 0 never."""
    from types import SimpleNamespace
    step = SimpleNamespace(key="handle", completed=4, on_time=3, late=1, on_time_rate=75.0,
                           median_days=2.5, allowed_days=6)
    with app.test_request_context("/board/"):
        [line] = board_rows.step_table([step], "from=2026-02-23&to=2026-03-02", "petition")["step_lines"]
    links = {column: href for column, _, href in line.cells}
    assert list(links) == list(board_rows.STEP_COLUMNS)
    assert links["completed"].endswith("figure=completed&element=handle&process=petition")
    assert links["late"].endswith("figure=late&element=handle&process=petition")
    assert links["on_time_rate"] is None and links["median_days"] is None and links["allowed_days"] is None
    step.late = 0
    with app.test_request_context("/board/"):
        [line] = board_rows.step_table([step], "from=2026-02-23&to=2026-03-02", None)["step_lines"]
    assert dict((c, h) for c, _, h in line.cells)["late"] is None
