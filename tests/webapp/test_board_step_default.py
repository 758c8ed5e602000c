"""The board's step table, when the filter names no process, opens on a
process the chosen agency has work in: the department choosing 工務局 sees
the petition's steps, not 消費爭議's (the first deployed) where 工務局 has no case."""
from __future__ import annotations

from test_board_processes import WEEKS, two_processes  # noqa: F401  (the fixture)


def test_the_chosen_agency_s_process_is_the_step_table_s(client_for, two_processes):  # noqa: F811
    boss = client_for("doaboss")
    page = boss.get(f"/board/?agency=PWB&{WEEKS}").get_data(as_text=True)
    assert 'data-src="/board/diagram/petition.bpmn"' in page
    assert 'data-src="/board/diagram/consumer_complaint.bpmn"' not in page
    # Every agency: the first process offered, as before.
    everyone = boss.get(f"/board/?{WEEKS}").get_data(as_text=True)
    assert 'data-src="/board/diagram/consumer_complaint.bpmn"' in everyone


def test_an_agency_with_no_case_keeps_the_first_process(client_for, two_processes):  # noqa: F811
    page = client_for("doaboss").get(f"/board/?agency=EPB&{WEEKS}").get_data(as_text=True)
    assert 'data-src="/board/diagram/consumer_complaint.bpmn"' in page
