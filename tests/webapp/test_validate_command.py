import json
from pathlib import Path

from click.testing import CliRunner

from webapp.commands.validate import validate_command

FIXTURES = Path(__file__).resolve().parents[1] / "engine" / "fixtures"


def _run(*args):
    return CliRunner().invoke(validate_command, ["--no-lanes", *args])


def test_deployable_files_exit_zero():
    result = _run(str(FIXTURES / "good_petition.bpmn"), str(FIXTURES / "routing.dmn"))
    assert result.exit_code == 0, result.output
    assert "good_petition.bpmn: deployable (mini_petition)" in result.output


def test_refused_file_exits_one_with_both_languages(tmp_path):
    result = _run(str(FIXTURES / "self_call.bpmn"))
    assert result.exit_code == 1
    assert "循環呼叫" in result.output and "a cycle" in result.output and "[call_b]" in result.output


def test_json_output_and_draft_exit_zero(tmp_path):
    draft = tmp_path / "draft.bpmn"
    draft.write_bytes((FIXTURES / "good_petition.bpmn").read_bytes()
                      .replace(b'isExecutable="true"', b'isExecutable="false"'))
    result = _run("--json", str(draft))
    assert result.exit_code == 0
    line = json.loads(result.output.strip().splitlines()[-1])
    assert line["verdict"] == "draft" and line["file"].endswith("draft.bpmn")


def test_together_validates_one_deployment():
    result = _run("--together", str(FIXTURES / "good_petition.bpmn"), str(FIXTURES / "routing.dmn"))
    assert result.exit_code == 0 and result.output.count("deployable") == 1
