"""The period report as tables: sections built from engine.report's plain
data (put in page order by report_sections.sections), rendered by
templates/report/index.html and written to the spreadsheet, so the page and
the file hold the same numbers."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from engine.data import agency_order

from .export import Sheet
from .i18n import date_input, roc_date
from .labels import _pick


@dataclass
class Table:
    key: str
    title: str
    header: list[str]
    rows: list[list] = field(default_factory=list)
    total: list | None = None
    percent: tuple[int, ...] = ()     # columns holding a rate in %
    chart: dict | None = None         # Chart.js: {"type", "columns": [index...]}
    notes: list[str] = field(default_factory=list)   # 說明 under the table: how a figure is counted

    @property
    def text_columns(self) -> tuple[int, ...]:
        """The columns (past the first) holding words in every row, no figure."""
        return tuple(i for i in range(1, len(self.header))
                     if self.rows and all(isinstance(r[i], str) for r in self.rows))

    @property
    def all_rows(self) -> list[list]:
        return self.rows + ([self.total] if self.total else [])

    def chart_data(self) -> dict | None:
        """What report.js draws: the chosen columns over the rows (no total)."""
        cols = (self.chart or {}).get("columns", [])
        if not cols or not any(row[c] for row in self.rows for c in cols):
            return None
        return {"type": self.chart["type"], "stacked": self.chart.get("stacked", False),
                "percent": self.chart.get("percent", False), "labels": [str(r[0]) for r in self.rows],
                "datasets": [{"label": self.header[c], "data": [r[c] for r in self.rows]} for c in cols]}


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table]
    facts: list[tuple[str, int]] = field(default_factory=list)


class Words:
    """Names for stored codes, in the current language."""

    def __init__(self, choices: dict, agencies: dict):
        self.choices, self.agencies = choices, agencies

    def choice(self, process: str, name: str, value: str) -> str:
        return _pick(self.choices.get(process, {}).get(name, {}).get(value), value) or _("(none)")

    def order(self, process: str, name: str, present) -> list[str]:
        """The model's choice order, then any other stored value."""
        known = list(self.choices.get(process, {}).get(name, {}))
        return known + sorted(v for v in present if v not in known)

    def agencies_in_order(self, present) -> list[str]:
        """The agency codes `present` in the city's listing, not by code."""
        return agency_order.ordered(present, self.agency)

    def agency(self, code: str) -> str:
        # Petitions closed at registration (Art. 173) never reach an agency.
        return _pick(self.agencies.get(code), code) or _("No agency (closed at registration)")


# ---- consumer protection ------------------------------------------------------
CONSUMER_ROWS = (
    ("consultations", "Consultations"), ("first_complaints", "First complaints"),
    ("second_complaints", "Second complaints"), ("mediation_applied", "Mediation applications"),
    ("mediation_refused", "Mediation applications refused"),
    ("mediation_held", "Mediation sessions held (sessions)"),
    ("mediation_settled", "Mediations settled"), ("mediation_failed", "Mediations failed"),
    ("remote_negotiation", "Remote (video) negotiations"),
    ("debt_advice", "Debt-clearing legal advice"))
KIND_COLUMNS = ("consultations", "first_complaints", "second_complaints", "mediation_applied",
                "mediation_settled")


def consumer_section(data: dict, words: Words) -> Section:
    totals = Table("consumer-totals", _("Consultations, complaints and mediations"),
                   [_("Item"), _("Cases")],
                   [[_(label), data["totals"][k]] for k, label in CONSUMER_ROWS],
                   notes=[_("Note: mediation sessions are counted one by one on the day each was held: a"
                            " mediation that met twice counts twice, and a period's figure is the sum of"
                            " its months'. Every other item counts cases.")])
    kinds = Table("consumer-kinds", _("Disputes by kind"),
                  [_("Kind"), *[_(dict(CONSUMER_ROWS)[k]) for k in KIND_COLUMNS]],
                  chart={"type": "bar", "columns": [2, 3]})
    by_kind = data["by_kind"]
    for kind in words.order("consumer_complaint", "category", by_kind):
        row = by_kind.get(kind, {})
        kinds.rows.append([words.choice("consumer_complaint", "category", kind),
                           *[row.get(k, 0) for k in KIND_COLUMNS]])
    kinds.total = [_("Total"), *[data["totals"][k] for k in KIND_COLUMNS]]
    return Section("consumer", _("Consumer protection"), [totals, kinds])


# ---- petitions ---------------------------------------------------------------
PETITION_COLUMNS = (("received", "Cases received"), ("replied", "Replied"), ("on_time", "On time"),
                    ("late", "Late"), ("open_overdue", "Open past the deadline"),
                    ("not_handled", "Closed without handling (Art. 173)"),
                    ("extended", "Extended"), ("on_time_rate", "On-time rate (%)"))


def petition_section(data: dict, words: Words) -> Section:
    dims = (("channel", _("Petitions by channel"), _("Channel"),
             lambda v: words.choice("petition", "channel", v),
             words.order("petition", "channel", data["channel"])),
            ("category", _("Petitions by category"), _("Category"),
             lambda v: words.choice("petition", "category", v),
             [v for v in words.order("petition", "category", data["category"]) if v in data["category"]]),
            ("agency", _("Petitions by responsible agency"), _("Agency"), words.agency,
             words.agencies_in_order(data["agency"])))
    tables = [_petition_table(data, *dim) for dim in dims]
    for table in tables:
        table.notes.append(_("Note: on-time rate = on time ÷ (replied + open past the deadline) × 100%."
                             " Open past the deadline: petitions still unanswered after their deadline"
                             " when the report is made; they count against the rate. Petitions not yet"
                             " due and those closed without handling are left out. —: none was due."))
    tables[0].chart = {"type": "bar", "columns": [3, 4], "stacked": True}
    tables[2].chart = {"type": "bar", "columns": [8], "percent": True}
    return Section("petitions", _("Petitions"), tables)


def _petition_table(data, dim, title, first, name, order) -> Table:
    table = Table(f"petitions-{dim}", title, [first, *[_(label) for _k, label in PETITION_COLUMNS]],
                  percent=(len(PETITION_COLUMNS),))
    empty = {k: 0 for k, _label in PETITION_COLUMNS} | {"on_time_rate": None}
    for value in order:
        row = data[dim].get(value, empty)
        table.rows.append([name(value), *[row[k] for k, _label in PETITION_COLUMNS]])
    table.total = [_("Total"), *[data["totals"][k] for k, _label in PETITION_COLUMNS]]
    return table


# ---- council ---------------------------------------------------------------------
COUNCIL_COLUMNS = (("tracked_at_start", "Tracked at the start"), ("assigned", "Resolutions assigned"), ("reports", "Progress reports filed"),
                   ("overdue_reports", "Progress reports overdue"),
                   ("released", "Released from tracking"), ("tracked_at_end", "Still tracked at the end"))


def council_section(data: dict, words: Words) -> Section:
    table = Table("council-agencies", _("Resolutions tracked by responsible agency"),
                  [_("Agency"), *[_(label) for _k, label in COUNCIL_COLUMNS]])
    for code in words.agencies_in_order(data["by_agency"]):
        row = data["by_agency"][code]
        table.rows.append([words.agency(code), *[row[k] for k, _label in COUNCIL_COLUMNS]])
    table.total = [_("Total"), *[data["totals"][k] for k, _label in COUNCIL_COLUMNS]]
    facts = [(_("City-council meetings held"), data["meetings"])]
    return Section("council", _("City-council meetings and resolutions"), [table], facts)


# ---- audits ----------------------------------------------------------------------
GRADES = (("grade_excellent", "優"), ("grade_a", "甲"), ("grade_b", "乙"), ("grade_c", "丙"))
ACTIVITY = (("visits", "Offices visited and scored"), ("improvement_reports", "Improvement reports received"),
            ("coaching", "Coaching visits"), ("reinspections", "Re-inspections done"),
            ("reinspections_open", "Re-inspections open at the period's end"),
            ("reinspections_scheduled", "Re-inspections scheduled for the next audit year, at the period's end"))


def audit_section(data: dict, words: Words) -> Section:
    activity = Table("audit-activity", _("Audit work in the period"), [_("Item"), _("Count")],
                     [[_(label), data["activity"][k]] for k, label in ACTIVITY],
                     notes=[_reinspection_note(data)])
    return Section("audits", _("Records-management audits"),
                   [_audit_rounds(data), _audit_offices(data["rounds"], words), activity])


def _audit_rounds(data: dict) -> Table:
    """One row per round graded: when its offices were visited, never its case number."""
    rounds = Table("audit-rounds", _("Audit rounds graded"),
                   [_("Visit days"), _("Audit year (ROC)"), _("Offices audited"),
                    *[g for _k, g in GRADES], _("Re-inspections planned")],
                   chart={"type": "bar", "columns": [3, 4, 5, 6], "stacked": True})
    for r in data["rounds"]:
        rounds.rows.append([_visit_days(r["offices"]), r["audit_year"], r["offices_audited"],
                            *[r[k] for k, _g in GRADES], r["reinspections_planned"]])
    t = data["totals"]
    rounds.total = [_("Total"), None, t["offices_audited"], *[t[k] for k, _g in GRADES],
                    t["reinspections_planned"]]
    return rounds


def _visit_days(offices: list[dict]) -> str:
    """115/11/02–115/11/20: the first and last visit of a round (one day: that day)."""
    days = sorted({o["visit_day"] for o in offices if o["visit_day"]})
    if not days:
        return "—"
    first, last = date_input(days[0]), date_input(days[-1])
    return first if first == last else f"{first}–{last}"


def _audit_offices(rounds: list[dict], words: Words) -> Table:
    """Each office audited in the period: its name, visit day and grade."""
    table = Table("audit-offices", _("Results per office audited"),
                  [_("Office audited"), _("Visit date"), _("Grade"), _("To be re-inspected")])
    for o in (o for r in rounds for o in r["offices"]):
        table.rows.append([words.agency(o["office"]), date_input(o["visit_day"]) or "—", o["grade"] or "—",
                           _("Yes") if o["reinspection"] else _("No")])
    return table


def _reinspection_note(data: dict) -> str:
    """Why 應複查 may stand beside no re-inspection done or open: an office
    graded 乙 or 丙 is re-inspected about a year after its visit."""
    note = _("Note: an office graded 乙 or 丙 is re-inspected about a year after its visit, in the"
             " next audit year; until then its re-inspection is scheduled, not open. The offices"
             " counted in \"Re-inspections planned\" are open and then done only in the next audit"
             " year. Open and scheduled re-inspections are counted as at the period's end (for a"
             " period not yet over, when the report is made).")
    first = data.get("reinspections_first")
    if not first:
        return note
    return note + _(" Scheduled at the period's end: %(count)s, the first on %(day)s.",
                    count=data["activity"]["reinspections_scheduled"], day=roc_date(first))


# ---- spreadsheet -----------------------------------------------------------------
def to_sheets(secs: list[Section], cover: list[list]) -> list[Sheet]:
    """A cover sheet, then one sheet per section: its tables one under another."""
    sheets = [Sheet(_("Report"), [_("Item"), _("Value")], cover)]
    for sec in secs:
        rows: list[list] = [[label, value] for label, value in sec.facts]
        for i, table in enumerate(sec.tables):
            if rows or i:
                rows.append([])
            rows += [[table.title], table.header, *table.all_rows, *[[n] for n in table.notes]]
        sheets.append(Sheet(sec.title, [sec.title], rows))
    return sheets
