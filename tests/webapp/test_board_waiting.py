"""The deadline board over HTTP with a case waiting on its petitioner (補正):
a 待補正 column beside 逾期, the waiting case counted there and not overdue,
its number linked to the list of exactly that case, which says 待補正."""
from __future__ import annotations

import html as html_lib
import re
from datetime import datetime

from engine.time.calendar import TAIPEI
from webtest_support import make_case, ready_task

WEEKS = "from=2026-02-23&to=2026-03-02"
ZH = {"Accept-Language": "zh-TW"}


def figures(page: str, agency: str) -> dict:
    """{figure: (text, link or None)} of one agency's row of the board table."""
    row = re.search(rf'<tr data-agency="{agency}"[^>]*>(.*?)</tr>', page, re.S).group(1)
    out = {}
    for m in re.finditer(r'<(a|span) data-figure="(\w+)"(?: href="([^"]*)")?>([^<]*)<', row):
        out[m.group(2)] = (m.group(4), html_lib.unescape(m.group(3)) if m.group(3) else None)
    return out


def waiting_and_overdue(app, rt, client_for, clock):
    """Two street lights at PWB due Tue 03-10; one asked for 補正 on Wed 03-04;
    then Wed 03-11: the other is overdue, the waiting one is not."""
    waiting, late = make_case(app, rt), make_case(app, rt)
    handle = ready_task(rt, waiting.case_id, "handle")
    officer = client_for("pwb1")
    officer.post(f"/tasks/{handle.id}/claim")
    clock.set(datetime(2026, 3, 4, 10, 0, tzinfo=TAIPEI))
    assert officer.post(f"/tasks/{handle.id}/supplement",
                        data={"request": "請補正電桿編號"}).status_code == 302
    clock.set(datetime(2026, 3, 11, 10, 0, tzinfo=TAIPEI))
    return waiting, late


def test_the_board_counts_the_waiting_case_apart_and_links_to_it(app, rt, client_for, clock):
    waiting, late = waiting_and_overdue(app, rt, client_for, clock)
    boss = client_for("pwbboss")
    page = boss.get(f"/board/?{WEEKS}", headers=ZH).get_data(as_text=True)
    assert "<th scope=\"col\">待補正</th>" in page
    pwb = figures(page, "PWB")
    assert (pwb["open"][0], pwb["overdue"][0], pwb["paused"][0], pwb["due_soon"][0]) == (
        "2", "1", "1", "0")
    listed = boss.get(pwb["paused"][1], headers=ZH).get_data(as_text=True)
    assert "<h1>待補正" in listed
    assert f'/cases/{waiting.number}"' in listed and f'/cases/{late.number}"' not in listed
    row = re.search(rf'<tr class="([^"]*)" data-case="{waiting.number}">(.*?)</tr>', listed, re.S)
    assert "overdue" not in row.group(1) and "待補正" in row.group(2)
    overdue = boss.get(pwb["overdue"][1], headers=ZH).get_data(as_text=True)
    assert f'/cases/{late.number}"' in overdue and f'/cases/{waiting.number}"' not in overdue


def test_the_board_explains_the_figure_in_english(app, rt, client_for, clock):
    waiting_and_overdue(app, rt, client_for, clock)
    boss = client_for("pwbboss")
    boss.post("/lang/en", data={"next": "/board/"})
    text = boss.get(f"/board/?{WEEKS}").get_data(as_text=True)
    assert "Awaiting supplement" in text and "their deadline is paused" in text


def test_the_csv_names_the_waiting_figure_as_the_page_does(app, rt, client_for, clock):
    import csv
    import io
    waiting_and_overdue(app, rt, client_for, clock)
    data = client_for("pwbboss").get(f"/board/export.csv?{WEEKS}", headers=ZH).data
    head, *rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    pwb = dict(zip(head, next(r for r in rows if r[0] == "PWB")))
    assert (pwb["逾期"], pwb["待補正"], pwb["未結"]) == ("1", "1", "2")
