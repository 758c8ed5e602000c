"""The audit trail says a typhoon closure and a case moved to a new model
version in words: the districts and agencies by name, what the day became,
the deadlines before and after; never a district or agency code, a task id,
or the stored keys (per_agency, moved, deadline, decisions, outcome)
(webapp/views/admin/audit_shapes.py)."""
from __future__ import annotations

import re
from datetime import datetime, timezone

from engine.data import audit
from engine.time.calendar import TAIPEI
from engine.time.deadlines import as_utc
from webtest_support import page_text, ready_task

CODES = ("per_agency", "moved", "task", "holiday", "LINGYA", "FENGSHAN", "PWB", "deadline",
         "decisions", "outcome", "same", "changed", "from", "process_key", "handle", "route")


def _rows(html: str) -> list[str]:
    table = html[html.index('<table id="audit"'):]
    return [page_text(row) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]]


def _shown(client, action: str) -> str:
    [row] = [r for r in _rows(client.get("/admin/audit").get_data(as_text=True)) if action in r]
    return row


def test_a_closure_names_the_districts_and_agencies(client_for, rt, registered_case):
    due = as_utc(ready_task(rt, registered_case.case_id, "handle").due_at).astimezone(TAIPEI)
    admin = client_for("admin")
    admin.post("/admin/calendar", data={"day": due.date().isoformat(), "kind": "holiday",
                                        "reason": "凱米颱風停止上班",
                                        "districts": ["LINGYA", "FENGSHAN"]})
    row = _shown(admin, "宣布停班或補行上班")
    assert "種類：停止上班" in row, row
    assert "行政區：苓雅區、鳳山區" in row and "工務局：1 件" in row, row
    assert not [c for c in CODES if c in row], row
    assert re.search(r"[0-9a-f]{8}-[0-9a-f]{4}", row) is None, row   # no task id


def test_a_moved_case_says_its_deadline_and_decision_in_words(client_for, app, registered_case):
    detail = {"from_version": 1, "to_version": 2, "run": 7, "mapping": {},
              "recompute_deadlines": True, "defaults": [],
              "deadline": {"from": "2026-11-30T23:59:59+08:00", "to": "2026-11-27T23:59:59+08:00"},
              "deadlines": [{"task": "84e822d8-ed99-4535-a81b-6667e391fe68", "element": "handle",
                             "from": "2026-11-30T23:59:59+08:00",
                             "to": "2026-11-27T23:59:59+08:00"}],
              "decisions": {"outcome": "changed", "element": "route",
                            "changes": {"deadline_days": [6, 5]}}}
    with app.extensions["civicflow.db"].begin() as conn:
        audit.record(conn, case_id=registered_case.case_id, at=datetime.now(timezone.utc),
                     actor="analyst", action="migrate", **detail)
    row = _shown(client_for("admin"), "移至新版流程模型")
    assert "處理期限：民國115年11月30日 → 民國115年11月27日" in row, row
    assert "辦理並擬復：民國115年11月30日 → 民國115年11月27日" in row, row
    assert "已依新版決策表重新計算" in row, row
    assert "改由" not in row and not [c for c in CODES if c in row], row
    assert re.search(r"[0-9a-f]{8}-[0-9a-f]{4}", row) is None, row
