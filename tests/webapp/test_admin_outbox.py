"""/admin/outbox/<id> (webapp/views/admin/outbox.py): an administrator reads
one notice whole, linked from the outbox list, to answer a citizen who asks
about a mail: recipient, subject, the body as plain text (never HTML), state,
attempts, the last error and the ROC time. Reading it writes no audit row;
supervisors (who see their agencies' failed notices) may not open it."""
from __future__ import annotations

import re
from datetime import datetime, timezone

from sqlalchemy import func, insert, select

from engine.data.schema import audit, outbox
from webtest_support import page_text

NOW = datetime(2026, 3, 10, 2, 0, tzinfo=timezone.utc)   # 10:00 in Taipei
BODY = "您好：\n\n您的陳情已答覆如下：<script>alert('x')</script> <b>請參閱</b>\n\n高雄市政府\n"


def _notice(db, status="dead", error="SMTPRecipientsRefused: 550 no such user"):
    with db.begin() as conn:
        return conn.execute(insert(outbox).values(
            kind="reply", recipient="ming@example.tw", subject="陳情案件答覆（案號 115-000001）",
            body=BODY, dedupe_key="k1", status=status, attempts=8, created_at=NOW,
            next_attempt_at=NOW, last_error=error)).inserted_primary_key[0]


def _audit_rows(db) -> int:
    with db.connect() as conn:
        return conn.execute(select(func.count()).select_from(audit)).scalar()


def test_the_list_links_each_notice_to_its_page(db, client_for):
    nid = _notice(db)
    listing = client_for("admin").get("/admin/outbox?status=dead").get_data(as_text=True)
    assert f'href="/admin/outbox/{nid}"' in listing


def test_an_administrator_reads_the_notice_whole_as_plain_text(db, client_for):
    nid = _notice(db)
    admin = client_for("admin")          # signing in is audited; reading is not
    before = _audit_rows(db)
    resp = admin.get(f"/admin/outbox/{nid}")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "<script>alert" not in html and "<b>請參閱</b>" not in html          # escaped, never HTML
    body = re.search(r'<pre class="notice-body" id="notice-body">(.*?)</pre>', html, re.S).group(1)
    assert body == BODY.replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;")
    text = page_text(html)
    assert "陳情案件答覆（案號 115-000001）" in text and "ming@example.tw" in text
    assert "嘗試 8 次後失敗" in text and "嘗試次數 8" in text
    assert "郵件伺服器拒收此收件地址。" in text and "550 no such user" in text
    assert "民國115年3月10日 10:00 臺北時間" in text
    assert "通知內文" in text and "回到寄件匣" in text and "重新寄送" in text
    assert _audit_rows(db) == before


def test_the_page_speaks_english_when_switched(db, client_for):
    nid = _notice(db, status="sent", error=None)
    admin = client_for("admin")
    admin.post("/lang/en")
    text = page_text(admin.get(f"/admin/outbox/{nid}").get_data(as_text=True))
    assert "Text of the notice" in text and "Back to the outbox" in text and "Last error —" in text
    assert "Send again" not in text                                           # only a failed one


def test_a_supervisor_may_not_open_a_notice_and_an_unknown_one_is_404(db, client_for):
    nid = _notice(db)
    assert client_for("pwbboss").get(f"/admin/outbox/{nid}").status_code == 403
    assert client_for("admin").get(f"/admin/outbox/{nid + 1}").status_code == 404
