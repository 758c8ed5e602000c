"""A note (備註) written on a case reads in the administrator's audit trail
with its text, not as an empty detail; on a confidential case the text is
masked there as every text is (engine/data/audit_search.py). A note audited
before the trail kept its text reads the text the case holds."""
from __future__ import annotations

import re
from datetime import datetime, timezone

from sqlalchemy import insert

from engine.data import audit
from engine.data.schema import comment
from webtest_support import make_case, page_text

NOTE = "已電話聯絡陳情人，明日派員查看路燈"


def _note_rows(client, number: str) -> list[str]:
    html = client.get(f"/admin/audit?case_number={number}&action=comment").get_data(as_text=True)
    table = html[html.index('<table id="audit"'):]
    return [page_text(row) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]]


def test_a_note_reads_with_its_text_in_both_languages(registered_case, client_for):
    client_for("pwb1").post(f"/cases/{registered_case.number}/comments", data={"body": NOTE})
    admin = client_for("admin")
    [row] = _note_rows(admin, registered_case.number)
    assert "備註" in row and f"備註內容：{NOTE}" in row, row
    csv = admin.get(f"/admin/audit.csv?case_number={registered_case.number}").get_data(as_text=True)
    assert f"備註內容：{NOTE}" in csv
    admin.post("/lang/en", data={"next": "/admin/audit"})
    [row] = _note_rows(admin, registered_case.number)
    assert f"note: {NOTE}" in row, row


def test_a_note_on_a_confidential_case_is_masked(app, rt, client_for):
    receipt = make_case(app, rt, person={"name": "蘇祕密", "phone": "0987-654-321"},
                        confidential=True, petitioner_name="蘇祕密")
    client_for("pwb1").post(f"/cases/{receipt.number}/comments",
                            data={"body": "已電話聯絡蘇祕密 0987-654-321，明日派員"})
    [row] = _note_rows(client_for("admin"), receipt.number)
    assert "備註內容：已電話聯絡*** ***，明日派員" in row, row
    assert "蘇祕密" not in row and "0987-654-321" not in row


def test_a_note_audited_without_its_text_reads_the_cases_note(app, db, registered_case, client_for):
    """Notes were audited with no detail until the trail kept their text; two
    of one instant stay two records."""
    at = datetime(2026, 3, 3, 1, 0, tzinfo=timezone.utc)
    with db.begin() as conn:
        for _ in range(2):
            conn.execute(insert(comment).values(case_id=registered_case.case_id, author="pwb1",
                                                at=at, body=NOTE))
            audit.record(conn, case_id=registered_case.case_id, at=at, actor="pwb1",
                         action="comment")
    rows = _note_rows(client_for("admin"), registered_case.number)
    assert len(rows) == 2 and all(f"備註內容：{NOTE}" in row for row in rows), rows
