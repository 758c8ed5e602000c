"""The board names steps in the reader's language and offers a supervisor
only the processes their agencies have cases in."""
from __future__ import annotations

import re

import pytest
from webtest_support import ROOT, make_case

WEEKS = "from=2026-02-23&to=2026-03-02"


@pytest.fixture
def two_processes(app, rt):
    """A street-light petition at PWB; the consumer-complaint model deployed
    too, with no case of PWB's."""
    rt.deploy({"consumer_complaint.bpmn": (ROOT / "bpmn" / "consumer_complaint.bpmn").read_bytes()})
    return make_case(app, rt)


def _offered(page: str) -> list[str]:
    select = re.search(r'<select name="process".*?</select>', page, re.S).group(0)
    return re.findall(r'<option value="(\w+)"', select)


def test_supervisor_is_offered_only_processes_of_their_agency(client_for, two_processes):
    page = client_for("pwbboss").get(f"/board/?{WEEKS}").get_data(as_text=True)
    assert _offered(page) == ["petition"]
    assert "消費爭議" not in page
    assert 'data-src="/board/diagram/petition.bpmn"' in page   # the diagram shown is theirs
    # The department sees every process.
    everything = client_for("doaboss").get(f"/board/?{WEEKS}").get_data(as_text=True)
    assert _offered(everything) == ["consumer_complaint", "petition"]


def test_a_link_naming_another_process_still_opens(client_for, two_processes):
    page = client_for("pwbboss").get(f"/board/?process=consumer_complaint&{WEEKS}")
    assert page.status_code == 200
    assert "消費爭議" in page.get_data(as_text=True)


@pytest.mark.parametrize("lang, name, other", [("zh_TW", "辦理並擬復", "Handle and draft"),
                                               ("en", "Handle and draft the reply", "辦理並擬復")])
def test_diagram_names_steps_in_the_readers_language(client_for, two_processes, lang, name, other):
    client = client_for("pwbboss")
    client.post(f"/lang/{lang}")
    xml = client.get("/board/diagram/petition.bpmn").get_data(as_text=True)
    assert f'id="handle" name="{name}"' in xml and other not in xml
