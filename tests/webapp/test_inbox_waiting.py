"""An officer's inbox row of a case waiting on its petitioner (補正) says
待補正 where an overdue row says 逾期, however long the wait, and the
'overdue only' filter leaves it out; once answered, the row runs again."""
from __future__ import annotations

import re
from datetime import datetime

from engine.cases import supplements
from engine.time.calendar import TAIPEI
from webtest_support import make_case, ready_task

ZH = {"Accept-Language": "zh-TW"}


def row(page: str, number: str) -> str:
    found = re.search(rf'<tr class="([^"]*)" data-case="{number}">(.*?)</tr>', page, re.S)
    return found.group(1) + found.group(2) if found else ""


def test_a_waiting_task_says_paused_not_overdue(app, rt, client_for, clock):
    waiting, late = make_case(app, rt), make_case(app, rt)
    officer = client_for("pwb1")
    for receipt in (waiting, late):
        officer.post(f"/tasks/{ready_task(rt, receipt.case_id, 'handle').id}/claim")
    clock.set(datetime(2026, 3, 4, 10, 0, tzinfo=TAIPEI))
    handle = ready_task(rt, waiting.case_id, "handle")
    officer.post(f"/tasks/{handle.id}/supplement", data={"request": "請補正電桿編號"})
    clock.set(datetime(2026, 3, 20, 10, 0, tzinfo=TAIPEI))   # long past 03-10
    page = officer.get("/inbox", headers=ZH).get_data(as_text=True)
    assert "待補正" in row(page, waiting.number) and "逾期" not in row(page, waiting.number)
    assert "overdue" not in row(page, waiting.number).split(">")[0]
    assert "逾期" in row(page, late.number)
    only_overdue = officer.get("/inbox?overdue=1", headers=ZH).get_data(as_text=True)
    assert row(only_overdue, late.number) and not row(only_overdue, waiting.number)
    officer.post("/lang/en", data={"next": "/inbox"})
    english = officer.get("/inbox").get_data(as_text=True)
    assert "Awaiting supplement" in row(english, waiting.number)
    officer.post("/lang/zh_TW", data={"next": "/inbox"})

    rt.answer_supplement(waiting.case_id, supplements.PETITIONER, "電桿編號 A123")
    page = officer.get("/inbox", headers=ZH).get_data(as_text=True)
    assert "待補正" not in row(page, waiting.number)   # moved by 12 working days: 03-26
    assert "逾期" not in row(page, waiting.number)
