"""A 工務局 supervisor's deadline board: steps named in Chinese only, and only
the processes their agency has cases in (not the consumer complaints)."""
from __future__ import annotations

import re

import pytest
from webtest_support import CLERK, ROOT, registration

pytestmark = pytest.mark.browser


@pytest.fixture
def pwb_case(live_server, db, clock):
    """A street-light petition at PWB answered at once; the consumer-complaint
    model deployed too, with no case of PWB's."""
    from engine.cases.actors import Actor
    from engine.cases.runtime import Engine
    from webapp.petitions import ready_task
    rt = Engine(db, clock)
    rt.deploy({"consumer_complaint.bpmn": (ROOT / "bpmn" / "consumer_complaint.bpmn").read_bytes()})
    ref = rt.start_case("petition", {}, petitioner_info={"name": "王小明", "email": "ming@example.tw"})
    with db.connect() as conn:
        reg = ready_task(conn, ref["id"], "register")
    rt.complete(reg.id, CLERK, registration())
    with db.connect() as conn:
        handle = ready_task(conn, ref["id"], "handle")
    rt.complete(handle.id, Actor("pwb1", "PWB", frozenset({"officer"})),
                {"handling_action": "reply", "reply_text": "已修復", "legal_basis": "市區道路條例"})
    return ref["id"]


def test_pwb_supervisor_reads_their_steps_in_chinese(login, pwb_case, shot, accessible):
    page = login("pwbboss")
    page.click("nav a:has-text('期限管控')")
    offered = page.locator("#board-process option").all_inner_texts()
    assert offered == ["全部", "人民陳情"]
    assert "人民陳情" in page.locator("#steps-h").inner_text()
    page.wait_for_selector("#heat-diagram svg text")
    labels = " ".join(page.locator("#heat-diagram svg text").all_text_contents())
    assert "登記陳情" in labels and "作成答覆" in labels
    assert not re.search(r"[A-Za-z]", labels), labels   # no English beside the Chinese
    steps = page.locator("#steps-table tbody th").all_inner_texts()
    assert "辦理並擬復" in steps and not any("Handle" in s for s in steps)
    assert "消費爭議" not in page.locator("main").inner_text()
    shot(page, "board-pwb-supervisor")
    accessible(page)
