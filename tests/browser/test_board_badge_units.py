"""The board's heat overlay says its days in the reader's language: a
supervisor reading Chinese sees 「1 天 / 8.6 天 · 100%」 on 辦理並擬復, never an
English "d" (webapp/templates/board/index.html's data-label, js/board.js)."""
from __future__ import annotations

import re

import pytest

from webtest_support import CLERK, registration

pytestmark = pytest.mark.browser


@pytest.fixture
def answered(live_server, db, clock):
    """A street-light petition 工務局 answered the day after it came in."""
    from engine.cases.actors import Actor
    from engine.cases.runtime import Engine
    from webapp.petitions import ready_task
    rt = Engine(db, clock)
    ref = rt.start_case("petition", {}, petitioner_info={"name": "王小明", "email": "ming@example.tw"})
    with db.connect() as conn:
        reg = ready_task(conn, ref["id"], "register")
    rt.complete(reg.id, CLERK, registration())
    clock.advance(days=1)
    with db.connect() as conn:
        handle = ready_task(conn, ref["id"], "handle")
    rt.complete(handle.id, Actor("pwb1", "PWB", frozenset({"officer"})),
                {"handling_action": "reply", "reply_text": "已修復", "legal_basis": "市區道路條例"})


def test_the_badge_counts_days_in_chinese(login, live_server, answered, shot):
    page = login("pwbboss")
    page.goto(f"{live_server}/board/?process=petition")
    page.wait_for_selector("#heat-diagram.ready .heat-badge >> visible=true")
    # a step folded into a subprocess shape is named before its figures
    lines = [line for badge in page.locator("#heat-diagram .heat-badge").all_inner_texts()
             for line in badge.splitlines()]
    assert "1 天 / 8.6 天 · 100%" in lines, lines
    for line in lines:
        assert re.fullmatch(r"(\S+ )?[\d.—]+ 天 / [\d.—]+ 天( · [\d.]+%)?", line), line
    shot(page, "board-badge-zh")
