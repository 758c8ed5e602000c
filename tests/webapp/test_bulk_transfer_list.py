"""Bulk 改分 offers every agency but the one whose tasks move: 工務局's
supervisor never sees 工務局 in the list (the inbox's team list, the board's
case lists), and a crafted post to it is refused beside the agency field in
zh-TW, nothing moved. An administrator's list keeps every agency."""
import re

from webtest_support import held_by, make_case, ready_task

BOARD = {"board_figure": "open", "board_agency": "PWB"}
OWN_AGENCY = "這些工作已在貴機關，無須改分；請選擇要改分的其他機關。"


def _transfer_list(html: str) -> list[str]:
    box = html[html.index('id="bulk-agency"'):]
    return re.findall(r'<option value="([^"]+)"', box[:box.index("</select>")])


def test_the_supervisors_own_bureau_is_not_offered(app, rt, client_for):
    held_by(app, rt, 1)
    boss = client_for("pwbboss")
    for url in ("/inbox?view=team", "/board/list?figure=open&agency=PWB"):
        offered = _transfer_list(boss.get(url).get_data(as_text=True))
        assert "EPB" in offered and "PWB" not in offered, url
    admin = client_for("admin").get("/board/list?figure=open&agency=PWB").get_data(as_text=True)
    assert "PWB" in _transfer_list(admin)


def test_the_workload_choice_beside_it_keeps_every_agency(app, rt, client_for):
    make_case(app, rt, category="other", district="CITY")   # at the department's 'handle'
    html = client_for("doaboss").get("/inbox?view=team").get_data(as_text=True)
    assert "DOA" not in _transfer_list(html)
    choice = html[html.index('id="workload-agency"'):]   # the department reads any agency's
    assert 'value="DOA"' in choice[:choice.index("</select>")]


def test_a_transfer_to_the_own_bureau_is_refused_beside_the_field(app, rt, client_for):
    [(receipt, t)] = held_by(app, rt, 1)
    boss = client_for("pwbboss")
    for url, data in (("/inbox/bulk", {"task": [f"{t.id}|pwb1"]}),
                      ("/board/list/bulk", {**BOARD, "case": [receipt.number]})):
        resp = boss.post(url, data={"action": "transfer", "agency": "PWB", "reason": "屬工務局權責",
                                    **data})
        html = resp.get_data(as_text=True)
        assert resp.status_code == 422, url
        assert f'<p class="field-error" id="bulk-agency-err">{OWN_AGENCY}</p>' in html, url
    moved = ready_task(rt, receipt.case_id)
    assert (moved.id, moved.candidate_agency, moved.assignee) == (t.id, "PWB", "pwb1")
