"""The editor's problem list names a problem's element as the analyst knows
it: its name, else its kind, a DMN cell by its decision and row; the id stays
in the problem only to select the element."""
from __future__ import annotations

from pathlib import Path

from engine.authoring import drafts

BPMN = Path(__file__).resolve().parents[3] / "bpmn"


def petition() -> dict:
    return {n: (BPMN / n).read_bytes() for n in ("petition.bpmn", "petition_routing.dmn")}


def said(p: dict) -> tuple:
    return p["element_id"], p["element_name"], p["element_type"], p["row"]


def test_a_task_problem_carries_the_tasks_name_and_kind():
    files = petition()
    files["petition.bpmn"] = files["petition.bpmn"].replace(b"working_days(1)", b"working_days(", 1)
    [problem] = drafts.check(files, None, "petition")
    assert said(problem)[0] == "register" and said(problem)[2:] == ("userTask", None)
    assert problem["element_name"].startswith("登記陳情")


def test_an_unnamed_element_carries_its_kind_only():
    files = petition()
    text = files["petition.bpmn"].decode()
    at = text.index('<bpmn:userTask id="register"')
    end = text.index(">", at)
    tag = text[at:end]
    named = tag[tag.index(' name="'):tag.index('"', tag.index(' name="') + 7) + 1]
    files["petition.bpmn"] = (text[:at] + tag.replace(named, "") + text[end:]).replace(
        "working_days(1)", "working_days(", 1).encode()
    problems = drafts.check(files, None, "petition")   # the expression's, and its missing name
    assert len(problems) == 2
    assert all(said(problem) == ("register", "", "userTask", None) for problem in problems)


def test_a_dmn_cell_problem_carries_its_decision_and_row():
    files = petition()
    files["petition_routing.dmn"] = files["petition_routing.dmn"].replace(
        b'<outputEntry id="r2_o0"><text>"PWB"</text>', b'<outputEntry id="r2_o0"><text>PWB +</text>', 1)
    [problem] = drafts.check(files, None, "petition")
    assert said(problem) == ("r2_o0", "陳情分案 Petition routing", "decision", 2)


def test_a_problem_without_an_element_says_none():
    files = petition()
    files["petition.bpmn"] = files["petition.bpmn"].replace(b'isExecutable="true"', b'isExecutable="false"')
    problems = drafts.check(files, None, "petition")
    assert problems and all(said(p)[1:] == ("", "", None) for p in problems if not p["element_id"])
