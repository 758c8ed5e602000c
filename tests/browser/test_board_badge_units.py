"""The board's heat overlay says its days in the reader's language: a
supervisor reading Chinese sees 「1 天 / 8.6 天」 and 「準時 100%」 on 辦理並擬復,
never an English "d" (webapp/templates/board/index.html's data-label and
data-rate, js/board.js); and reads them, on a 1366 or a 1024 screen: the
badges and the steps' names are drawn at a readable size, not the third of
it a whole process fitted to the page left them."""
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


DAYS = r"[\d.—]+ 天 / [\d.—]+ 天"
RATE = r"準時 [\d.]+%"


def test_the_badge_counts_days_in_chinese(login, live_server, answered, shot):
    page = login("pwbboss")
    page.goto(f"{live_server}/board/?process=petition")
    page.wait_for_selector("#heat-diagram.ready .heat-badge >> visible=true")
    badges = [b.splitlines() for b in page.locator("#heat-diagram .heat-badge").all_inner_texts()]
    assert ["1 天 / 8.6 天", "準時 100%"] in badges, badges
    for lines in badges:
        for line in lines:
            # a step folded into a subprocess shape is named above its figures
            assert re.fullmatch(rf"{DAYS}|{RATE}|{DAYS} · {RATE}|[^\d]+", line), line
    shot(page, "board-badge-zh")


def _drawn(page) -> dict:
    """The smallest height on screen of a badge and of a step's name, in px."""
    return page.evaluate("""() => {
      const h = sel => Math.min(...[...document.querySelectorAll(sel)]
        .map(e => e.getBoundingClientRect().height).filter(x => x > 0));
      return {badge: h('#heat-diagram .heat-badge'),
              name: h('#heat-diagram .djs-element.heat-ok .djs-visual text tspan')};
    }""")


@pytest.mark.parametrize("width", [1366, 1024])
def test_the_badges_and_step_names_are_readable(login, live_server, answered, accessible, shot, width):
    page = login("pwbboss", width=width)
    page.goto(f"{live_server}/board/?process=petition")
    page.wait_for_selector("#heat-diagram.ready .heat-badge >> visible=true")
    drawn = _drawn(page)
    assert drawn["badge"] >= 30 and drawn["name"] >= 11, drawn   # two 13 px lines; a name at 0.8 or more
    figure = page.locator("#heat-diagram")
    assert figure.get_attribute("role") == "figure"
    assert "下方表格" in figure.get_attribute("aria-label")        # the figures in words: the step table
    page.click("#heat-zoom button[data-zoom=whole]")               # the whole process, small again
    assert _drawn(page)["badge"] >= 30                             # its badges keep their size
    accessible(page)
    shot(page, f"board-heat-{width}")
