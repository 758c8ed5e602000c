"""A clerk whose completion runs a model step that overruns its budget sees,
in zh-TW, which step was stopped and that nothing was saved (issue 14)."""
from pathlib import Path

from webtest_support import CLERK, ready_task

# The engine tests' one-script model (tests/engine/fixtures/models), with a string bomb.
SCRIPT_MODEL = (Path(__file__).resolve().parents[1] / "engine" / "fixtures" / "models"
                / "script_budget.bpmn.txt").read_text().format(
    key="bomb", name="Bomb", step="彙整統計", script="y = str([list(range(10**6))] * 40)")


def test_the_clerk_sees_which_step_was_stopped_in_chinese(rt, client_for):
    rt.deploy({"bomb.bpmn": SCRIPT_MODEL.encode()})
    ref = rt.start_case("bomb", {"title": "t"}, actor=CLERK)
    register = ready_task(rt, ref["id"], "register")
    clerk = client_for("clerk")
    resp = clerk.post(f"/tasks/{register.id}/complete", data={}, follow_redirects=True)
    page = resp.get_data(as_text=True)
    assert "流程模型中的步驟「彙整統計」執行過久或需要過多記憶體" in page
    assert "model_code_stopped" not in page and "crunch" not in page
    assert ready_task(rt, ref["id"], "register").id == register.id   # nothing was saved
