"""Car dispatch and venue booking as the model editor sees them: no problem,
nothing ignored, every name and label in both languages, a start form for
the staff of any agency."""
import re

import pytest
from lxml import etree

from engine.authoring import drafts
from engine.models import definitions

from .conftest import BPMN_DIR

MODELS = ["vehicle_dispatch", "venue_booking"]
NS = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL", "civicflow": "urn:civicflow:bpmn:1"}
SEEN = ("userTask", "serviceTask", "scriptTask", "startEvent", "exclusiveGateway", "process")


@pytest.mark.parametrize("key", MODELS)
def test_the_editor_finds_no_problem(library, key):
    files = {f"{key}.bpmn": (BPMN_DIR / f"{key}.bpmn").read_bytes()}
    with library.db.connect() as conn:
        review = drafts.review(files, definitions.known_lanes(conn), key)
    assert (review["verdict"], review["problems"], review["ignored"]) == ("deployable", [], [])


@pytest.mark.parametrize("key", MODELS)
def test_names_and_labels_are_in_both_languages(key):
    root = etree.parse(str(BPMN_DIR / f"{key}.bpmn")).getroot()
    bilingual = re.compile(r"^[^A-Za-z]+ [A-Z].*$")
    for tag in SEEN:
        for el in root.iter(f"{{{NS['bpmn']}}}{tag}"):
            assert el.get("name") and bilingual.match(el.get("name")), el.get("id")
    for el in root.iter(f"{{{NS['civicflow']}}}field", f"{{{NS['civicflow']}}}choice"):
        assert el.get("label_zh") and el.get("label_en"), etree.tostring(el)


@pytest.mark.parametrize("key", MODELS)
def test_staff_of_any_agency_may_start_it(library, key):
    with library.db.connect() as conn:
        defn = library.engine.specs.get(conn, library.engine.specs.latest_id(conn, key))
    start = defn.meta.start
    assert start.allows("EPB", {"officer"}) and start.name_zh and start.name_en
    assert not start.allows("EPB", {"intake"})
