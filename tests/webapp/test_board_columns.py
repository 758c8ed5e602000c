"""The board's columns are named once (engine/board/figures.py: the open
figures, the completed ones, the rates, in the page's order): the page's
linked figures and every export sheet take their headers and values by
those names, not by a position in a list (the old DONE = 6); the words of
each are written once (webapp/board_rows.words)."""
import re
from types import SimpleNamespace

from engine.board.figures import Figures
from webapp import board_rows
from webapp.views import board
from webtest_support import make_case

WEEKS = "from=2026-02-23&to=2026-03-02"

ROW = Figures("PWB", open=11, due_soon=2, overdue=3, paused=4, extended=5, escalated=6,
              completed=20, on_time=15, with_due=16, allowed_secs=16 * 3 * 86400, median_days=1.5)
# Each column's header and the value of ROW it must carry.
EXPECTED = {"未結": 11, "2 個工作日內到期": 2, "逾期": 3, "待補正": 4, "已展期": 5, "已陳報上級": 6,
            "已完成": 20, "如期完成": 15, "逾期完成": 1, "準時率（百分比）": 93.8,
            "處理時間中位數（日）": 1.5, "給予時間（日）": 3.0}


def test_the_page_heads_each_column_with_its_figure_s_words(app, rt, client_for):
    """The header's words, the agency row's cells and the total's come in
    the same order, the figures' (webapp/board_rows.COLUMNS)."""
    make_case(app, rt)   # a street light: a PWB row
    page = client_for("doaboss").get(f"/board/?{WEEKS}").data.decode()
    table = re.search(r'<table class="board" id="board-table".*?</table>', page, re.S).group(0)
    assert re.findall(r'colspan="(\d+)" scope="colgroup">([^<]*)<', table) == [
        ("6", "主辦案件（目前未結）"), ("5", "所選週內完成的工作")]
    words = [h for h in EXPECTED if h != "給予時間（日）"]
    assert re.findall(r'<th[^>]*scope="col">([^<]*)</th>', table) == ["機關", *words]
    for agency in ("PWB", "total"):
        row = re.search(rf'<tr data-agency="{agency}".*?</tr>', table, re.S).group(0)
        assert re.findall(r'data-figure="(\w+)"', row) == list(board_rows.COLUMNS)
    pwb = re.search(r'<tr data-agency="PWB".*?</tr>', table, re.S).group(0)
    assert re.findall(r'data-figure="open"[^>]*>(\d+)<', pwb) == ["1"]


def test_the_drill_down_list_is_headed_by_its_figure_s_words(client_for):
    c = client_for("doaboss")
    for figure, words in (("paused", "待補正"), ("late", "逾期完成")):
        page = c.get(f"/board/list?figure={figure}&{WEEKS}").data.decode()
        assert re.search(r"<h1>([^<]*)</h1>", page).group(1).strip() == words


def test_each_sheet_pairs_every_header_with_its_figure(app):
    result = SimpleNamespace(rows=[ROW], total=ROW, weeks=[ROW])
    with app.test_request_context(headers={"Accept-Language": "zh-TW"}):
        sheets = board._sheets(SimpleNamespace(names={"agencies": {}}), result, [ROW])
    shown = {}
    for sheet in sheets:   # after the key columns (code and agency, week, step): the figures
        assert len(sheet.header) == len(sheet.rows[0]), sheet.title
        keys = len(sheet.header) - sum(h in EXPECTED for h in sheet.header)
        shown[sheet.header[0]] = dict(zip(sheet.header[keys:], sheet.rows[0][keys:]))
    assert shown["機關代碼"] == {h: v for h, v in EXPECTED.items() if h != "給予時間（日）"}
    done = ["已完成", "如期完成", "逾期完成", "準時率（百分比）"]
    assert shown["週"] == {h: EXPECTED[h] for h in done}
    assert shown["步驟"] == {h: EXPECTED[h] for h in (*done, "處理時間中位數（日）", "給予時間（日）")}
