"""A FIRST table stops at its first matching row (engine/cases/spiff_dmn.py)
and decides what SpiffWorkflow's own walk of every row decides: the shipped
routing table for every category and district, and the audit grades."""
from pathlib import Path

from SpiffWorkflow.dmn.engine.DMNEngine import DMNEngine

from engine.cases import runtime  # noqa: F401  (installs it)
from engine.cases import spiff_dmn
from engine.cases.routing_hint import _Probe, routing_task
from model_reports import deploy_checked  # tests/engine, on the path

BPMN = Path(__file__).resolve().parents[3] / "bpmn"


def _library(engine):
    deploy_checked(engine, {p.name: p.read_bytes() for p in BPMN.iterdir()
                            if p.suffix in (".bpmn", ".dmn")})


def _checked(spec, data, engine, decide):
    """(rules `decide` returns, rows it checked) for `data`."""
    seen, check = [], DMNEngine._DMNEngine__check_rule

    def counting(self, rule, task):
        seen.append(rule.id)
        return check(self, rule, task)
    DMNEngine._DMNEngine__check_rule = counting
    try:
        return [r.id for r in decide(spec.dmnEngine, _Probe(spec, data, engine.script_engine))], seen
    finally:
        DMNEngine._DMNEngine__check_rule = check


def test_it_is_installed_by_the_runtime():
    assert DMNEngine.decide is spiff_dmn._decide


def test_the_routing_table_decides_as_before_reading_fewer_rows(engine, db):
    _library(engine)
    with db.connect() as conn:
        definition = engine.specs.get(conn, engine.specs.latest_id(conn, "petition"))
    spec = routing_task(definition)
    assert spec.dmnEngine.decision_table.hit_policy == "FIRST"
    meta = definition.tasks["register"]
    choices = {f.name: [c[0] for c in f.choices] for f in meta.fields if f.choices}
    fewer = 0
    for category in choices["category"]:
        for district in ("CITY", "D-QIJIN", "D-GUSHAN", "D-SANMIN"):
            data = {"category": category, "district": district}
            ours, checked = _checked(spec, data, engine, spiff_dmn._decide)
            all_rows, every = _checked(spec, data, engine, spiff_dmn.ORIGINAL_DECIDE)
            assert ours == all_rows[:1], data
            fewer += len(checked) < len(every)
    assert fewer > 0   # it stops early somewhere, or it is no use
