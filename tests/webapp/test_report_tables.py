"""The report's agency tables list their agencies in the city's listing
(engine/data/agency_order.py), not by code: 研考會 (RDEC) before 衛生局
(DOH), 工務局 (PWB) before 法制局 (LEGAL); one the listing lacks after
them, by name; the petitions no agency received (closed at registration)
last."""
from __future__ import annotations

from webapp.report_service_tables import INSPECTION_COLUMNS, inspection_section
from datetime import date

from webapp.report_tables import PETITION_COLUMNS, Words, audit_section, petition_section

NAMES = {"PWB": ("工務局", "Public Works Bureau"), "DOH": ("衛生局", "Department of Health"),
         "LEGAL": ("法制局", "Legal Affairs Bureau"), "YOUTH": ("青年局", "Youth Bureau"),
         "RDEC": ("研究發展考核委員會", "Research, Development and Evaluation Commission"),
         "D-YANCHENG": ("鹽埕區公所", "Yancheng District Office"), "D-NANZI": ("楠梓區公所", "Nanzih District Office")}
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


def _audit_round(**over) -> dict:
    """A round as engine/report/audits.py gives it, with a case number as it once did."""
    offices = [{"office": "D-YANCHENG", "visit_day": date(2026, 11, 2), "grade": "乙", "reinspection": True},
               {"office": "D-NANZI", "visit_day": date(2026, 11, 20), "grade": "優", "reinspection": False}]
    return {"number": "115-000001", "audit_year": 115, "offices_audited": 2, "grade_excellent": 1, "grade_a": 0,
            "grade_b": 1, "grade_c": 0, "reinspections_planned": 1, "offices": offices, **over}


def test_the_audit_tables_name_offices_days_and_grades_never_a_case_number(app):
    """The council reads district offices and grades (walked: 案號 115-000001 in the table)."""
    r = _audit_round()
    data = {"rounds": [r], "totals": {k: r[k] for k in ("offices_audited", "reinspections_planned", "grade_excellent",
                                                        "grade_a", "grade_b", "grade_c")},
            "activity": dict.fromkeys(("visits", "improvement_reports", "coaching", "reinspections",
                                       "reinspections_open", "reinspections_scheduled"), 0),
            "reinspections_first": None}
    with app.test_request_context("/"):
        rounds, offices, _activity = audit_section(data, Words({}, NAMES)).tables
    cells = [str(c) for t in (rounds, offices) for row in [t.header, *t.all_rows] for c in row]
    assert not [c for c in cells if "115-000001" in c or "案號" in c]
    assert rounds.rows[0][:3] == ["115/11/02–115/11/20", 115, 2]
    assert offices.header == ["受考評機關", "考評日期", "等第", "須複查"]
    assert offices.rows == [["鹽埕區公所", "115/11/02", "乙", "是"], ["楠梓區公所", "115/11/20", "優", "否"]]
    assert offices.text_columns == (1, 2, 3)    # words read from the left (report.css)
    assert rounds.text_columns == ()            # figures stay on the right
