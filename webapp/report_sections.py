"""The period report's sections in page order, for the page, the
spreadsheet and the council document alike: the process sections
(report_tables) and the department's services (report_service_tables)."""
from __future__ import annotations

from .report_service_tables import inspection_section, service_sections
from .report_tables import Section, Words, audit_section, consumer_section, council_section, petition_section


def sections(report: dict, words: Words) -> list[Section]:
    out = []
    if report["consumer"] is not None:
        out.append(consumer_section(report["consumer"], words))
    if report.get("inspections") is not None:
        out.append(inspection_section(report["inspections"], words))
    out.append(petition_section(report["petitions"], words))
    out.append(council_section(report["council"], words))
    if report["audits"] is not None:
        out.append(audit_section(report["audits"], words))
    if report.get("services") is not None:
        out += service_sections(report["services"], words)
    return out
