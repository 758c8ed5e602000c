"""An administrator answers a citizen who asks about a strange e-mail: from
the outbox list she opens the notice and reads what was sent, word for word
(markup in it shows as typed, never as a page element), to whom, its state
and the mail server's error, in zh-TW."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from playwright.sync_api import expect
from sqlalchemy import insert

from engine.data.schema import outbox

pytestmark = pytest.mark.browser
NOW = datetime(2026, 3, 10, 2, 0, tzinfo=timezone.utc)
BODY = "您好：\n\n有關您的陳情，工務局答覆如下：\n<b id=\"planted\">已派員修復</b>\n\n高雄市政府\n"


@pytest.fixture
def failed_notice(live_server, db):
    with db.begin() as conn:
        conn.execute(insert(outbox).values(
            kind="reply", recipient="mei@example.tw", subject="陳情案件答覆（案號 115-000007）",
            body=BODY, dedupe_key="k-mei", status="dead", attempts=8, created_at=NOW,
            next_attempt_at=NOW, last_error="SMTPRecipientsRefused: 550 5.1.1 no such user"))


def test_admin_reads_the_mail_a_citizen_asks_about(login, live_server, failed_notice, shot, accessible):
    admin = login("admin")
    admin.goto(f"{live_server}/admin/outbox?status=dead")
    admin.click("#notices a:has-text('陳情案件答覆（案號 115-000007）')")
    expect(admin.locator("h1")).to_have_text("陳情案件答覆（案號 115-000007）")
    facts = admin.locator("#notice-facts").inner_text()
    assert "mei@example.tw" in facts and "嘗試 8 次後失敗" in facts
    assert "郵件伺服器拒收此收件地址。" in facts and "民國115年3月10日 10:00" in facts
    body = admin.locator("#notice-body")
    assert body.inner_text().strip() == BODY.strip()
    assert admin.locator("#planted").count() == 0          # the markup is text, not an element
    assert "no such user" not in facts.split("技術細節")[0]   # the server's words wait under 技術細節
    accessible(admin)
    shot(admin, "admin-outbox-notice")
