"""The period report says how its figures are counted (report_tables'
notes, 說明 under a table): the petitions' on-time rate by its formula, and
why re-inspections planned stand beside none done or open (they wait about
a year). On the page in zh-TW and English, in the council's document, and
the document's wording says 答覆 as the rest of the UI does."""
from __future__ import annotations

import io
import re
import sys
from datetime import datetime
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import insert, select

from engine.data.schema import case, task, timer
from engine.time.clock import TAIPEI

sys.path.insert(0, str(Path(__file__).parent))
from report_rows import plant_march  # noqa: E402

MARCH = "from=2026-03-01&to=2026-03-31"
RATE_ZH = "說明：如期率（即如期答覆率）＝如期完成件數 ÷（已函復件數＋逾期未結件數）× 100%。"
RATE_EN = "Note: on-time rate = on time ÷ (replied + open past the deadline) × 100%."
WAIT_ZH = "說明：考評列乙等、丙等之機關，於考評日約一年後（次年度）複查"
WAIT_EN = "Note: an office graded 乙 or 丙 is re-inspected about a year after its visit"


@pytest.fixture
def march(app, db, clock):
    """March's cases, and two re-inspections of its audit waiting for 2027
    since its results were approved on 03-25."""
    plant_march(db)
    approved = datetime(2026, 3, 25, 10, 0, tzinfo=TAIPEI)
    with db.begin() as conn:
        audit_id = conn.execute(select(case.c.id).where(case.c.process_key == "records_audit")).scalar()
        conn.execute(insert(task).values(
            id="publish-1", case_id=audit_id, process_key="records_audit", element_id="publish_results",
            name="核定考評結果", state="completed", created_at=approved, completed_at=approved))
        conn.execute(insert(timer), [dict(
            case_id=audit_id, task_id=f"wait-{i}", element_id="wait_year", state="pending",
            due_at=datetime(2027, 3, 20 + i, 9, 0, tzinfo=TAIPEI)) for i in range(2)])
    clock.set(clock.now().replace(year=2026, month=4, day=2))
    return app


def _notes(html: str, key: str) -> list[str]:
    return re.findall(rf'<p class="table-note" data-note="{key}">([^<]*)</p>', html)


def test_the_page_states_how_the_rate_is_counted_under_each_petition_table(client_for, march):
    html = client_for("doaboss").get(f"/report/?{MARCH}").get_data(as_text=True)
    for key in ("petitions-channel", "petitions-category", "petitions-agency"):
        (note,) = _notes(html, key)
        assert note.startswith(RATE_ZH) and "逾期未結指至報表產製時已逾答覆期限仍未答覆之案件" in note
    (audit,) = _notes(html, "audit-activity")
    assert audit.startswith(WAIT_ZH) and "期末已排定 2 個機關，最早於民國116年3月20日複查。" in audit
    row = re.search(r'id="t-audit-activity".*?<th scope="row">期末已排定次年度複查</th><td>([^<]*)</td>',
                    html, re.S)
    assert row and row.group(1) == "2"
    assert "答復" not in html


def test_the_notes_in_english(client_for, march):
    client = client_for("doaboss")
    client.post("/lang/en", data={"next": "/"})
    html = client.get(f"/report/?{MARCH}").get_data(as_text=True)
    (note,) = _notes(html, "petitions-agency")
    assert note.startswith(RATE_EN) and "count against the rate" in note
    (audit,) = _notes(html, "audit-activity")
    assert audit.startswith(WAIT_EN) and "Scheduled at the period&#39;s end: 2, the first on 2027-03-20." in audit
    assert "說明" not in html


def test_the_council_document_explains_the_rate_and_the_waiting_reinspections(client_for, march):
    resp = client_for("doaboss").get(f"/report/report.docx?{MARCH}")
    assert resp.status_code == 200
    texts = [p.text for p in Document(io.BytesIO(resp.data)).paragraphs]
    body = "\n".join(texts)
    assert "如期答覆率 50.0%" in body and "答復" not in body
    assert sum(t.startswith(RATE_ZH) for t in texts) == 2   # under both petition tables it shows
    audit = [t for t in texts if t.startswith(WAIT_ZH)]
    assert len(audit) == 1 and "期末已排定 2 個機關，最早於民國116年3月20日複查。" in audit[0]
    captions = [i for i, t in enumerate(texts) if t == "表：本期考評工作"]
    assert captions and texts.index(audit[0]) > captions[0]   # under its table


def test_no_scheduled_count_when_none_waits(client_for, app, db, clock):
    plant_march(db)
    clock.set(clock.now().replace(year=2026, month=4, day=2))
    html = client_for("doaboss").get(f"/report/?{MARCH}").get_data(as_text=True)
    (audit,) = _notes(html, "audit-activity")
    assert audit.startswith(WAIT_ZH) and "期末已排定 " not in audit


def test_mediation_sessions_and_repairs_by_worker_say_what_they_count(client_for, march):
    """召開調解 counts sessions (the months add up to the half-year), and the
    repairs by contractor and in house split those completed (walked:
    181 + 147 beside 308 completed, unexplained)."""
    html = client_for("doaboss").get(f"/report/?{MARCH}").get_data(as_text=True)
    assert re.search(r'id="t-consumer-totals".*?<th scope="row">召開調解（場次）</th>', html, re.S)
    (consumer,) = _notes(html, "consumer-totals")
    assert "一件調解開會兩次計兩場" in consumer and "各月場次相加即為半年度場次" in consumer
    header = re.search(r'id="t-repairs-trades".*?</thead>', html, re.S).group(0)
    assert "其中委外廠商完成" in header and "其中自行修繕完成" in header
    (repairs,) = _notes(html, "repairs-trades")
    assert "二者合計等於已完成件數" in repairs and "尚未完成者均不計入" in repairs
