"""The outbox: templates, dedupe, SMTP delivery, retry with backoff, no double send."""
import sys
from pathlib import Path
import socket
import threading
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select, update

from engine.scheduling.outbox import (
    KINDS, RetryPolicy, SmtpSettings, deliver_batch, enqueue, format_day, render,
)
from engine.data.schema import outbox
# Test helpers live next to the tests; --import-mode=importlib does not put
# this folder on sys.path by itself.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from timing_support import T0, add_cases

PARAMS = dict(case_number="1140000123", title="路燈不亮", received="民國114年3月3日",
              agency="工務局", due="民國114年3月11日", from_agency="民政局",
              to_agency="工務局", reason="需現場會勘", old_due="a", new_due="b",
              reply_text="已修復。", task="回覆", recipient_name="科長",
              date="2025-03-03", due_today=2, overdue=1, lines="- 1140000123",
              answer="電桿編號 A123", earlier_case="1140000100", earlier_reply_date="民國114年2月3日",
              earlier_reply_number="高市工字第1140001號", signed_by="高雄市政府工務局",
              kind="人民陳情")


class Recorder:
    """An SMTP handler that can refuse the next few messages."""

    def __init__(self):
        self.messages = []
        self.fail_next = 0
        self.fail_code = "451 4.3.0 try again later"
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.fail_next:
                self.fail_next -= 1
                return self.fail_code
            self.messages.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    handler = Recorder()
    ctl = Controller(handler, hostname="127.0.0.1", port=free_port())
    ctl.start()
    handler.settings = SmtpSettings(host="127.0.0.1", port=ctl.port, sender="cf@city.example")
    yield handler
    ctl.stop()


@pytest.fixture
def db(db):
    with db.begin() as conn:
        db.case_id = add_cases(conn, 1)[0]
    return db


def queue(db, key, recipient="citizen@example.org", kind="extension", locale="zh_TW"):
    with db.begin() as conn:
        return enqueue(conn, case_id=db.case_id, kind=kind, recipient=recipient,
                       locale=locale, params=PARAMS, dedupe_key=key, now=T0)


def status(db):
    with db.connect() as conn:
        return {r.dedupe_key: (r.status, r.attempts) for r in conn.execute(select(outbox))}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("locale", ["zh_TW", "en"])
def test_every_template_renders(kind, locale):
    subject, body = render(kind, locale, PARAMS)
    assert "1140000123" in subject + body and "{" not in subject + body


def test_missing_parameter_is_an_error():
    with pytest.raises(ValueError, match="reason"):
        render("extension", "en", {"case_number": "1", "title": "t", "old_due": "a", "new_due": "b"})


def test_format_day_uses_roc_year_in_chinese():
    assert format_day(T0, "zh_TW") == "民國114年3月3日"
    assert format_day(T0, "en-US") == "3 March 2025"


def test_enqueue_dedupes_and_rolls_back_with_the_caller(db):
    assert queue(db, "ext:1") is not None
    assert queue(db, "ext:1") is None
    with pytest.raises(RuntimeError), db.begin() as conn:
        enqueue(conn, case_id=db.case_id, kind="reply", recipient="x@example.org",
                locale="en", params=PARAMS, dedupe_key="reply:1", now=T0)
        raise RuntimeError("the state change failed")
    assert status(db) == {"ext:1": ("pending", 0)}


def test_delivers_once(db, smtp):
    queue(db, "a")
    queue(db, "b", locale="en", kind="reply")
    report = deliver_batch(db, smtp.settings, T0, "w1")
    assert (report.claimed, report.sent) == (2, 2)
    assert status(db) == {"a": ("sent", 1), "b": ("sent", 1)}
    assert deliver_batch(db, smtp.settings, T0 + timedelta(days=1), "w1").claimed == 0
    assert len(smtp.messages) == 2
    body = smtp.messages[0].content.decode()
    assert "Message-ID: <outbox-" in body and smtp.messages[0].rcpt_tos == ["citizen@example.org"]


def test_temporary_failure_backs_off_then_sends(db, smtp):
    queue(db, "a")
    smtp.fail_next = 2
    policy = RetryPolicy(base_delay=timedelta(minutes=1))
    assert deliver_batch(db, smtp.settings, T0, "w1", policy=policy).retried == 1
    # Not due again before the backoff has passed.
    assert deliver_batch(db, smtp.settings, T0 + timedelta(seconds=59), "w1", policy=policy).claimed == 0
    assert deliver_batch(db, smtp.settings, T0 + timedelta(minutes=1), "w1", policy=policy).retried == 1
    # Second backoff is twice the first.
    assert deliver_batch(db, smtp.settings, T0 + timedelta(minutes=2, seconds=59), "w1", policy=policy).claimed == 0
    assert deliver_batch(db, smtp.settings, T0 + timedelta(minutes=3), "w1", policy=policy).sent == 1
    assert status(db) == {"a": ("sent", 3)} and len(smtp.messages) == 1


def test_dead_after_max_attempts_and_on_permanent_refusal(db, smtp):
    queue(db, "temp")
    policy = RetryPolicy(max_attempts=2, base_delay=timedelta(seconds=1))
    smtp.fail_next = 5
    deliver_batch(db, smtp.settings, T0, "w1", policy=policy)
    assert deliver_batch(db, smtp.settings, T0 + timedelta(seconds=1), "w1", policy=policy).dead == 1
    queue(db, "perm")
    smtp.fail_next, smtp.fail_code = 1, "550 5.1.1 no such mailbox"
    assert deliver_batch(db, smtp.settings, T0 + timedelta(hours=1), "w1", policy=policy).dead == 1
    assert status(db) == {"temp": ("dead", 2), "perm": ("dead", 1)}
    assert smtp.messages == []


def test_server_down_retries_every_claimed_row(db):
    queue(db, "a")
    queue(db, "b")
    down = SmtpSettings(host="127.0.0.1", port=free_port(), timeout=2)
    report = deliver_batch(db, down, T0, "w1")
    assert (report.claimed, report.retried) == (2, 2)
    assert status(db) == {"a": ("pending", 1), "b": ("pending", 1)}


def test_row_of_a_dead_worker_is_reclaimed_after_the_lease(db, smtp):
    queue(db, "a")
    with db.begin() as conn:   # a worker claimed it, then died before sending
        conn.execute(update(outbox).values(status="sending", claimed_at=T0, attempts=1))
    policy = RetryPolicy(lease=timedelta(minutes=5))
    assert deliver_batch(db, smtp.settings, T0 + timedelta(minutes=4), "w2", policy=policy).claimed == 0
    assert deliver_batch(db, smtp.settings, T0 + timedelta(minutes=5), "w2", policy=policy).sent == 1
    assert status(db) == {"a": ("sent", 2)}


def test_late_worker_cannot_overwrite_a_reclaimed_row(db, smtp):
    """A worker whose lease ran out does not settle the row another worker owns."""
    from engine.scheduling.outbox import _settle
    queue(db, "a")
    with db.begin() as conn:
        conn.execute(update(outbox).values(status="sending", claimed_at=T0, attempts=2))
    stale = type("Row", (), {"id": 1, "attempts": 1})()
    _settle(db, stale, status="dead", last_error="stale")
    assert status(db) == {"a": ("sending", 2)}


def test_two_workers_racing_send_each_notice_once(db, smtp):
    for i in range(60):
        queue(db, f"n{i}")
    reports = []
    threads = [threading.Thread(target=lambda w=w: reports.append(
        deliver_batch(db, smtp.settings, T0, w, limit=7))) for w in ("w1", "w2") * 6]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    while deliver_batch(db, smtp.settings, T0, "w3").claimed:
        pass
    subjects = [m.content for m in smtp.messages]
    assert len(subjects) == 60 and len(set(subjects)) == 60
    assert set(status(db).values()) == {("sent", 1)}


def test_one_notice_reads_whole_with_its_case_number(db):
    from engine.data.schema import case
    from engine.scheduling.outbox import notice
    nid = queue(db, "one")
    with db.connect() as conn:
        row = notice(conn, nid)
        number = conn.execute(select(case.c.number).where(case.c.id == db.case_id)).scalar_one()
        assert notice(conn, nid + 1) is None
    assert (row.recipient, row.case_number, row.status, row.attempts) == (
        "citizen@example.org", number, "pending", 0)
    assert row.body == render("extension", "zh_TW", PARAMS)[1]


NAME, PHONE = "蘇祕密", "0987-654-321"


def _confidential_notice(db, confidential=True) -> int:
    """A reply to a petitioner who asked for confidentiality (Art. 170), its
    text naming them, refused by the mail server."""
    from engine.data.schema import case, petitioner
    nid = queue(db, "secret", kind="reply", locale="zh_TW")
    body = f"{NAME}君您好：請回電 0987654321 或寫信至 citizen@example.org。"
    with db.begin() as conn:
        conn.execute(update(case).where(case.c.id == db.case_id).values(confidential=confidential))
        conn.execute(petitioner.insert().values(case_id=db.case_id, name=NAME, phone=PHONE,
                                                email="citizen@example.org"))
        conn.execute(update(outbox).where(outbox.c.id == nid).values(
            status="dead", body=body, last_error="SMTPRecipientsRefused: citizen@example.org"))
    return nid


def test_a_notice_of_a_confidential_case_masks_the_petitioner_everywhere_it_is_shown(db):
    from engine.scheduling.outbox import notice, notices
    nid = _confidential_notice(db)
    with db.connect() as conn:
        row, listed = notice(conn, nid), notices(conn)[0]
        stored = conn.execute(select(outbox).where(outbox.c.id == nid)).one()
    assert row.confidential and row.recipient == listed.recipient == "c***@example.org"
    assert row.last_error == listed.last_error == "SMTPRecipientsRefused: c***@example.org"
    assert row.body == "***君您好：請回電 *** 或寫信至 c***@example.org。"
    assert stored.recipient == "citizen@example.org" and NAME in stored.body   # kept whole


def test_a_notice_of_a_case_that_is_not_confidential_is_shown_whole(db):
    from engine.scheduling.outbox import notice
    nid = _confidential_notice(db, confidential=False)
    with db.connect() as conn:
        row = notice(conn, nid)
    assert not row.confidential and row.recipient == "citizen@example.org"
    assert NAME in row.body and "0987654321" in row.body


def test_a_resent_confidential_notice_goes_to_the_stored_address(db, smtp):
    from engine.scheduling.outbox import resend
    nid = _confidential_notice(db)
    with db.begin() as conn:
        assert resend(conn, nid, "admin", T0)
    report = deliver_batch(db, smtp.settings, T0 + timedelta(seconds=1), "w1")
    assert report.sent == 1
    assert smtp.messages[0].rcpt_tos == ["citizen@example.org"]