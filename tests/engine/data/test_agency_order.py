"""Agencies in the order officials read them: the city's listing in
bpmn/reference/agencies.json, never by code nor by the code points of a name;
one the listing lacks after, by name; no agency last."""
from __future__ import annotations

import json

from engine.data import agency_order

LISTING = json.loads(agency_order.REFERENCE.read_text(encoding="utf-8"))


def test_the_listing_is_the_reference_files_order():
    codes = [a["code"] for a in LISTING]
    assert agency_order.ordered(reversed(codes)) == codes
    assert agency_order.ordered(sorted(codes)) == codes


def test_bureaus_read_in_the_citys_listing_not_by_code_or_code_point():
    bureaus = ["PWB", "DOH", "LEGAL", "DOA", "RDEC", "EPB"]
    assert agency_order.ordered(bureaus) == ["DOA", "RDEC", "DOH", "EPB", "PWB", "LEGAL"]
    names = {a["code"]: a["name_zh"] for a in LISTING}
    by_code_point = sorted(bureaus, key=names.get)
    assert agency_order.ordered(bureaus) != by_code_point != sorted(bureaus)


def test_an_agency_the_listing_lacks_follows_by_name_and_no_agency_comes_last():
    names = {"NEW1": "青年局", "NEW2": "文化局"}
    assert agency_order.ordered(["", "NEW1", "D-NAMASIA", "NEW2", "KCG"], names.get) == [
        "KCG", "D-NAMASIA", "NEW2", "NEW1", ""]
    assert agency_order.ordered(["NEW1", "NEW2"]) == ["NEW1", "NEW2"]   # no names: by code
    assert agency_order.key(None) == agency_order.key("")
