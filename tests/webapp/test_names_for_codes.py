"""Names, not codes: the board's steps, the drill-down's process and agency,
the signed-in user's agency, roles, and ROC week dates in the board's form."""
from __future__ import annotations

import re

from webapp.labels import role_label
from webtest_support import make_case

WEEKS = "from=115/02/23&to=115/03/02"


def _step_headers(html: str) -> list[str]:
    table = re.search(r'<table class="board compact" id="steps-table">.*?</table>', html, re.S).group(0)
    return re.findall(r'<tr data-step="[^"]+"><th scope="row">([^<]+)</th>', table)


def test_board_steps_and_lists_are_named_in_the_viewers_language(app, rt, client_for):
    make_case(app, rt)
    boss = client_for("doaboss")
    html = boss.get(f"/board/?process=petition&{WEEKS}").get_data(as_text=True)
    assert _step_headers(html) == ["登記陳情"]
    assert 'value="115/02/23"' in html and "人民陳情 各步驟" in html and "Petition" not in html
    listed = boss.get(f"/board/list?figure=completed&element=register&process=petition&{WEEKS}")
    page = listed.get_data(as_text=True)
    assert "· 登記陳情</h1>" in page and "Register petition" not in page
    assert "<td>行政暨國際處</td>" in page   # the agency by name, not DOA
    boss.post("/lang/en")
    english = boss.get(f"/board/?process=petition&{WEEKS}").get_data(as_text=True)
    assert _step_headers(english) == ["Register petition"]


def test_the_header_names_the_users_agency_and_roles_have_names(app, client_for):
    html = client_for("pwb1").get("/inbox").get_data(as_text=True)
    assert "pwb1 · 工務局" in html and "pwb1 · PWB" not in html
    with app.test_request_context(headers={"Accept-Language": "zh-TW"}):
        assert role_label("intake") == "收文登記" and role_label("nobody") == "nobody"
