"""The audit trail's CSV opens right in Excel on a zh-TW Windows machine (UTF-8
with a BOM, CRLF rows, the type said once) and a person's typed text can
never run as a formula there: a display name or a note beginning with
= + - @ (or a tab) is kept as text (webapp/export.py)."""
from __future__ import annotations

import csv
import io

from sqlalchemy import update

from engine.data.schema import app_user

TYPED = ("=HYPERLINK(\"http://evil.example\",\"按此\")", "+SUM(1,2)", "-2+3", "@A1", "\t=1+1")


def _export(client, query: str) -> tuple[bytes, list[list[str]], str]:
    resp = client.get(f"/admin/audit.csv?{query}")
    body = resp.get_data()
    return body, list(csv.reader(io.StringIO(body.decode("utf-8-sig")))), resp.headers["Content-Type"]


def test_the_csv_is_excel_ready_and_typed_formulas_stay_text(db, client_for, registered_case):
    pwb1 = client_for("pwb1")
    for text in TYPED:
        with db.begin() as conn:
            conn.execute(update(app_user).where(app_user.c.username == "pwb1")
                         .values(display_name=text))
        pwb1.post(f"/cases/{registered_case.number}/comments", data={"body": text})
    body, rows, kind = _export(client_for("admin"), f"case_number={registered_case.number}"
                                                    "&action=comment")
    assert body.startswith("\ufeff序號,時間,使用者,帳號,動作,案號,內容\r\n".encode())
    assert kind == "text/csv; charset=utf-8"
    users = {row[2] for row in rows[1:]}
    assert users == {"'" + TYPED[-1]}   # every row names the account as it is now
    notes = [row[6] for row in rows[1:]]
    assert sorted(notes) == sorted(f"備註內容：{t.strip()}" for t in TYPED)   # a label first
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t")], cells
