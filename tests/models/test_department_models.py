"""The department's own processes (issue 17) as the model editor sees them:
each shipped file passes the editor's checks with no problem and nothing
ignored, names every element a person sees in both languages, and offers a
start form to the people who start it."""
import re

import pytest
from lxml import etree

from engine.authoring import drafts
from engine.models import definitions

from .conftest import BPMN_DIR

MODELS = ["facility_repair", "temp_staff_review", "document_exchange_signup", "consumer_inspection"]
NS = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL", "civicflow": "urn:civicflow:bpmn:1"}
SEEN = ("userTask", "startEvent", "endEvent", "exclusiveGateway", "subProcess", "intermediateCatchEvent",
        "boundaryEvent", "process")


@pytest.mark.parametrize("key", MODELS)
def test_the_editor_finds_no_problem_in_the_shipped_model(library, key):
    files = {f"{key}.bpmn": (BPMN_DIR / f"{key}.bpmn").read_bytes()}
    with library.db.connect() as conn:
        review = drafts.review(files, definitions.known_lanes(conn), key)
    assert (review["verdict"], review["problems"], review["ignored"]) == ("deployable", [], [])


@pytest.mark.parametrize("key", MODELS)
def test_every_named_element_and_form_label_is_in_both_languages(key):
    root = etree.parse(str(BPMN_DIR / f"{key}.bpmn")).getroot()
    bilingual = re.compile(r"^[^A-Za-z]+ [A-Z0-9].*$")   # "分派工種 Triage by trade"
    for tag in SEEN:
        for el in root.iter(f"{{{NS['bpmn']}}}{tag}"):
            name = el.get("name")
            if tag in ("userTask", "subProcess", "process"):
                assert name, f"{el.get('id')} has no name"
            assert name is None or bilingual.match(name), f"{el.get('id')}: {name!r}"
    for el in root.iter(f"{{{NS['civicflow']}}}field", f"{{{NS['civicflow']}}}choice"):
        assert el.get("label_zh") and el.get("label_en"), etree.tostring(el)
        assert not re.search(r"[A-Za-z]{2,}", el.get("label_zh")), el.get("label_zh")


@pytest.mark.parametrize("key,agency,roles", [
    ("facility_repair", "EDU", {"officer"}), ("temp_staff_review", "EPB", {"officer"}),
    ("document_exchange_signup", "DOA", {"supervisor"}), ("consumer_inspection", "CPO", {"officer"})])
def test_staff_may_start_it_from_the_web(library, key, agency, roles):
    with library.db.connect() as conn:
        defn = library.engine.specs.get(conn, library.engine.specs.latest_id(conn, key))
    start = defn.meta.start
    assert start.allows(agency, roles) and start.name_zh and start.name_en
    assert not start.allows(agency, {"analyst"})
