"""After a transfer (改分) the new agency reads where the case came from and
why, on the case page and beside its own task; the case page's task table
shows instants as the panel does (民國115年3月2日 09:00)."""
from __future__ import annotations

import re

from webtest_support import page_text, ready_task, section_text, work_step

TRANSFER = {"handling_action": "transfer", "competent_agency": "EPB",
            "transfer_reason": "噪音陳情屬環保局權責"}
SAID = "工務局 → 環境保護局（民國115年3月2日），理由：噪音陳情屬環保局權責"


def _transferred(client_for, rt, receipt):
    """pwb1 transfers the street light letter to EPB: EPB's officer's client."""
    work_step(client_for("pwb1"), rt, receipt.case_id, "handle", TRANSFER)
    return client_for("epb1")


def test_the_new_agency_reads_the_transfer_on_the_case_page(registered_case, rt, client_for):
    epb = _transferred(client_for, rt, registered_case)
    page = epb.get(f"/cases/{registered_case.number}").get_data(as_text=True)
    facts = section_text(page, "cp-facts-h")
    assert f"改分 {SAID}" in facts
    # beside the timeline's 完成工作 · 辦理並擬復 that chose it
    assert f"改分：{SAID}" in section_text(page, "cp-timeline-h")
    assert "EPB" not in facts and "PWB" not in facts   # names, never codes


def test_the_new_agency_reads_the_transfer_beside_its_task(registered_case, rt, client_for):
    epb = _transferred(client_for, rt, registered_case)
    handle = ready_task(rt, registered_case.case_id, "handle")
    assert handle.candidate_agency == "EPB"
    epb.post(f"/tasks/{handle.id}/claim")
    page = epb.get(f"/tasks/{handle.id}").get_data(as_text=True)
    panel = page[page.index('class="case-panel"'):page.index('class="task-work"')]
    assert f"改分 {SAID}" in page_text(panel)


def test_english_readers_read_the_transfer_in_their_words(registered_case, rt, client_for):
    epb = _transferred(client_for, rt, registered_case)
    epb.post("/lang/en", data={"next": "/inbox"})
    facts = section_text(epb.get(f"/cases/{registered_case.number}").get_data(as_text=True),
                         "cp-facts-h")
    assert re.search(r"Public Works Bureau → Environmental Protection Bureau \(2026-03-02\), "
                     r"reason: 噪音陳情屬環保局權責", facts), facts


def test_a_case_never_transferred_shows_no_transfer(registered_case, client_for):
    page = client_for("pwb1").get(f"/cases/{registered_case.number}").get_data(as_text=True)
    assert "→" not in section_text(page, "cp-facts-h")


def test_the_case_pages_task_table_shows_dates_as_the_panel_does(registered_case, client_for):
    page = client_for("pwb1").get(f"/cases/{registered_case.number}").get_data(as_text=True)
    tasks = section_text(page, "tasks-h")
    assert "民國115年3月2日 09:00" in tasks       # the register step, completed
    assert not re.search(r"\b\d{3}/\d{2}/\d{2}\b", tasks), tasks
