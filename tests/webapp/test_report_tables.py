"""The report's agency tables list their agencies in the city's listing
(engine/data/agency_order.py), not by code: 研考會 (RDEC) before 衛生局
(DOH), 工務局 (PWB) before 法制局 (LEGAL); one the listing lacks after
them, by name; the petitions no agency received (closed at registration)
last."""
from __future__ import annotations

from webapp.report_service_tables import INSPECTION_COLUMNS, inspection_section
from webapp.report_tables import PETITION_COLUMNS, Words, petition_section

NAMES = {"PWB": ("工務局", "Public Works Bureau"), "DOH": ("衛生局", "Department of Health"),
         "LEGAL": ("法制局", "Legal Affairs Bureau"), "YOUTH": ("青年局", "Youth Bureau"),
         "RDEC": ("研究發展考核委員會", "Research, Development and Evaluation Commission")}
CITY_ORDER = ["研究發展考核委員會", "衛生局", "工務局", "法制局", "青年局"]


def _rows(codes, columns) -> dict:
    return {code: {k: 1 for k, _label in columns} | {"on_time_rate": 100.0} for code in codes}


def test_petitions_by_agency_read_in_the_citys_listing(app):
    data = {"channel": {}, "category": {}, "agency": _rows(["YOUTH", "PWB", "", "LEGAL", "DOH", "RDEC"],
                                                           PETITION_COLUMNS),
            "totals": {k: 5 for k, _label in PETITION_COLUMNS}}
    with app.test_request_context("/"):
        table = petition_section(data, Words({}, NAMES)).tables[2]
        assert [row[0] for row in table.rows] == [*CITY_ORDER, "未分案（登記時即結案）"]


def test_inspections_by_agency_too(app):
    data = {"by_agency": _rows(["PWB", "YOUTH", "DOH", "LEGAL", "RDEC"], INSPECTION_COLUMNS),
            "totals": {k: 4 for k, _label in INSPECTION_COLUMNS}}
    with app.test_request_context("/"):
        table = inspection_section(data, Words({}, NAMES)).tables[0]
        assert [row[0] for row in table.rows] == CITY_ORDER
