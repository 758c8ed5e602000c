"""Every model of the shared corpus (models civicflow did not write) gets a
readable verdict; none is a civicflow fault and none hangs."""
import importlib.util
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CORPUS = Path(os.environ.get("CIVICFLOW_CORPUS", ROOT.parent / "shared" / "bpmn-corpus"))
# The file plain SpiffWorkflow hung on: a call activity that calls its own process.
SELF_CALL = "spiffworkflow/tests/SpiffWorkflow/bpmn/data/call_activity_nested/call_activity_level_3.bpmn"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no corpus at {CORPUS}"),
]


def _report_module():
    spec = importlib.util.spec_from_file_location("corpus_report", ROOT / "bench" / "corpus_report.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus():
    module = _report_module()
    return module, module.run(CORPUS)


def test_every_file_gets_a_verdict_and_none_is_a_fault(corpus):
    module, results = corpus
    assert len(results) == len(module.corpus_files(CORPUS)) > 1000
    faults = {rel: r.to_dict() for rel, r in results.items() if r.verdict == "fault"}
    assert not faults
    for rel, report in results.items():
        assert report.verdict in ("deployable", "draft", "refused"), rel
        if report.verdict == "refused":
            assert report.problems and all(p.message_en and p.message_zh for p in report.problems), rel


def test_at_least_the_baseline_is_deployable(corpus):
    module, results = corpus
    counts = module.verdict_table(results)
    print("\nverdicts:", dict(counts))
    # 177 before a person's step without a name was refused (flows.unnamed_problems):
    # 12 files of the corpus have one and nothing else wrong.
    assert counts["deployable"] >= 158


def test_the_self_calling_file_is_refused_as_a_cycle(corpus):
    _, results = corpus
    report = results[SELF_CALL]
    assert report.verdict == "refused"
    assert [p.code for p in report.problems] == ["call_cycle"], report.to_dict()
