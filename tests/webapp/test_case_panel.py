"""The case panel on the task and case pages: a model's `shows` limits what a
task shows; English viewers read words, never codes; no ISO instants."""
from __future__ import annotations

import re

from webtest_support import make_case, petition_files, ready_task

HANDLE = '<bpmn:userTask id="handle" name="辦理並擬復 Handle and draft the reply"><bpmn:extensionElements><civicflow:task agency="responsible_agency" role="officer" due="due_at" keep_with="handle"/>'


def _text(html: str) -> str:
    """The page's words as a reader sees them: tags out, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def _claimed_task_page(client_for, rt, receipt, user="pwb1"):
    task = ready_task(rt, receipt.case_id, "handle")
    client = client_for(user)
    client.post(f"/tasks/{task.id}/claim")
    return client.get(f"/tasks/{task.id}").get_data(as_text=True)


def test_a_task_shows_the_parts_its_model_declares(app, rt, client_for):
    files = petition_files()
    xml = files["petition.bpmn"].decode()
    assert HANDLE in xml
    files["petition.bpmn"] = xml.replace(HANDLE, HANDLE.replace('due="due_at"', 'due="due_at" shows="content"')).encode()
    rt.deploy(files)
    receipt = make_case(app, rt)
    html = _claimed_task_page(client_for, rt, receipt)
    assert "鼓山區某路段路燈故障三天" in html            # the petitioner's words
    assert 'id="cp-timeline-h"' not in html and 'id="cp-files-h"' not in html
    assert "王小明" not in html                         # the identity is not a declared part
    case_page = client_for("pwb1").get(f"/cases/{receipt.number}").get_data(as_text=True)
    assert 'id="cp-timeline-h"' in case_page and "王小明" in case_page   # the case page shows all
    assert re.search(r"<dt>行政區</dt>\s*<dd>\s*鼓山區\s*</dd>", case_page)


def test_by_default_a_task_shows_everything_the_viewer_may_see(registered_case, rt, client_for):
    html = _claimed_task_page(client_for, rt, registered_case)
    for part in ("cp-words-h", "cp-facts-h", "cp-files-h", "cp-related-h", "cp-comments-h", "cp-timeline-h"):
        assert f'id="{part}"' in html, part
    assert "王小明" in html and "路燈故障" in html and "書面" in html
    # 行政區 is where the matter is: the district, not its office (an agency;
    # the task's form still offers 鼓山區公所 to transfer the case to).
    panel = html[html.index('class="case-panel"'):html.index('class="task-work"')]
    assert re.search(r"<dt>行政區</dt>\s*<dd>\s*鼓山區\s*</dd>", panel) and "鼓山區公所" not in panel


def test_english_viewers_read_words_and_no_iso_instants(registered_case, rt, client_for):
    client = client_for("pwb1")
    client.post("/lang/en", data={"next": "/inbox"})
    task = ready_task(rt, registered_case.case_id, "handle")
    client.post(f"/tasks/{task.id}/claim")
    html = client.get(f"/tasks/{task.id}").get_data(as_text=True)
    panel = html[html.index('class="case-panel"'):html.index('class="task-work"')]
    text = re.sub(r"<[^>]+>", " ", panel)
    assert "Street lights" in text and "Chinese" in text
    assert re.search(r"<dt>District</dt>\s*<dd>\s*Gushan District\s*</dd>", panel)
    assert "District Office" not in text
    assert "Taipei time" in text
    for code in ("street_light", "D-GUSHAN", "zh_TW", "letter"):
        assert code not in text, code
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", text)


def test_the_reply_given_is_on_the_case_page(registered_case, rt, client_for):
    task = ready_task(rt, registered_case.case_id, "handle")
    pwb = client_for("pwb1")
    pwb.post(f"/tasks/{task.id}/claim")
    resp = pwb.post(f"/tasks/{task.id}/complete", data={
        "handling_action": "reply", "reply_text": "已派員更換燈具。", "legal_basis": "市區道路條例",
        "remedy": "appeal"})
    assert resp.status_code == 302
    html = pwb.get(f"/cases/{registered_case.number}").get_data(as_text=True)
    reply = html[html.index('id="cp-reply-h"'):]
    assert "已派員更換燈具。" in reply and "市區道路條例" in reply and "訴願" in reply


def test_a_timer_in_the_timeline_is_named_by_the_model_with_the_step_it_watches(
        registered_case, rt, client_for, clock):
    """Not "a step of the process": the timeline says which timer fired (催辦)
    and on which step, in the reader's language."""
    from datetime import timedelta, timezone

    from sqlalchemy import select

    from engine.data.schema import timer
    with rt.db.connect() as conn:
        reminder, due = conn.execute(select(timer.c.id, timer.c.due_at).where(
            timer.c.case_id == registered_case.case_id,
            timer.c.element_id == "handle_reminder_timer")).one()
    # SQLite gives the UTC instant without its zone.
    clock.set(due.replace(tzinfo=due.tzinfo or timezone.utc) + timedelta(minutes=1))
    assert rt.fire_timer(reminder)
    zh = _claimed_task_page(client_for, rt, registered_case)
    assert "期限計時觸發 · 催辦（辦理並擬復） · 系統" in _text(zh)
    assert "流程中的步驟" not in zh
    task = ready_task(rt, registered_case.case_id, "handle")
    client = client_for("pwb1")
    client.post("/lang/en", data={"next": "/inbox"})
    text = _text(client.get(f"/tasks/{task.id}").get_data(as_text=True))
    assert "Timer fired · Reminder (Handle and draft the reply) · the system" in text and "handle_reminder_timer" not in text
