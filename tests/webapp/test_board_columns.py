"""The board's columns are named once (engine/board/figures.py: the open
figures, the completed ones, the rates, in the page's order): the page's
linked figures and every export sheet take their headers and values by
those names, not by a position in a list (the old DONE = 6)."""
from types import SimpleNamespace

from engine.board.figures import COMPLETED_FIGURES, OPEN_FIGURES, Figures
from engine.board.lists import CASE_FIGURES, TASK_FIGURES
from webapp import board_rows
from webapp.views import board

ROW = Figures("PWB", open=11, due_soon=2, overdue=3, paused=4, extended=5, escalated=6,
              completed=20, on_time=15, with_due=16, allowed_secs=16 * 3 * 86400, median_days=1.5)
# Each column's header and the value of ROW it must carry.
EXPECTED = {"未結": 11, "2 個工作日內到期": 2, "逾期": 3, "待補正": 4, "已展期": 5, "已陳報上級": 6,
            "已完成": 20, "如期完成": 15, "逾期完成": 1, "準時率（百分比）": 93.8,
            "處理時間中位數（日）": 1.5, "給予時間（日）": 3.0}


def test_the_page_links_and_the_drill_down_lists_share_the_names():
    assert board_rows.FIGURES == (*OPEN_FIGURES, *COMPLETED_FIGURES)
    assert (CASE_FIGURES, TASK_FIGURES) == (OPEN_FIGURES, COMPLETED_FIGURES)
    assert board.AGENCY_COLUMNS[:len(board_rows.FIGURES)] == board_rows.FIGURES


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
