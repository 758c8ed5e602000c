"""The board in a section chief's words: the drill-down names who completed a
task (林雅婷, not pwb1), it and the board say the same period (to the Sunday
ending the last week), and the weekly trend's table reads 民國 dates."""
from __future__ import annotations

import re

from sqlalchemy import update

from engine.data.schema import app_user
from webtest_support import REPLY, page_text, section_text, work_step

WEEKS = "from=2026-02-23&to=2026-03-02"   # the weeks of Mon 02-23 and Mon 03-02


def _answered(db, rt, client_for, receipt):
    with db.begin() as conn:
        conn.execute(update(app_user).where(app_user.c.username == "pwb1")
                     .values(display_name="林雅婷"))
    work_step(client_for("pwb1"), rt, receipt.case_id, "handle", REPLY)


def _drill_table(page: str) -> str:
    return page_text(page[page.index('id="drill-table"'):page.index("</table>")])


def test_the_drill_down_names_who_completed_a_task(registered_case, rt, db, client_for):
    _answered(db, rt, client_for, registered_case)
    page = client_for("pwbboss").get(f"/board/list?figure=completed&agency=PWB&{WEEKS}")
    table = _drill_table(page.get_data(as_text=True))
    assert "民國115年3月2日 09:00 林雅婷" in table
    assert "pwb1" not in table


def test_the_board_and_its_drill_down_say_the_same_period(registered_case, rt, db, client_for):
    _answered(db, rt, client_for, registered_case)
    boss = client_for("pwbboss")
    board = page_text(boss.get(f"/board/?agency=PWB&{WEEKS}").get_data(as_text=True))
    listed = page_text(boss.get(f"/board/list?figure=completed&agency=PWB&{WEEKS}")
                       .get_data(as_text=True))
    period = "民國115年2月23日 至 民國115年3月8日"   # Mon 02-23 to Sun 03-08
    assert f"以 {period} 各週計" in board
    assert f"{period} 各週完成的工作" in listed
    assert "至 民國115年3月2日" not in listed   # no longer the last week's Monday


def test_the_weekly_table_reads_roc_dates(registered_case, rt, db, client_for):
    _answered(db, rt, client_for, registered_case)
    page = client_for("pwbboss").get(f"/board/?agency=PWB&{WEEKS}").get_data(as_text=True)
    weeks = section_text(page, "trend-h")
    assert "民國115年2月23日" in weeks and "民國115年3月2日" in weeks
    assert not re.search(r"\b115/0\d/\d\d\b", weeks), weeks
