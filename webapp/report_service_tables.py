"""The period report's sections for the department's own services (car
trips, venues, repairs, temporary staff, document exchange) and the consumer
inspections, as tables from engine/report/services.py's data; added to the
page, the spreadsheet and the council document by report_sections.sections."""
from __future__ import annotations

from flask_babel import gettext as _

from engine.report.services import BOOKING_KINDS, CENTRES, TRADES
from .report_tables import Section, Table, Words

TRADE_NAMES = {"plumbing_electrical": "Plumbing and electrical", "civil": "Civil works",
               "telecom": "Telecommunications", "fire_safety": "Fire safety",
               "air_conditioning": "Air conditioning", "lift": "Lifts"}
CENTRE_NAMES = {"sihwei": "Sihwei Administration Center", "fengshan": "Fengshan Administration Center"}
KIND_NAMES = {"meeting": "Meeting rooms", "event": "Events"}


def _name(names: dict, value: str) -> str:
    return _(names[value]) if value in names else (value or _("(none)"))


def _ordered(known, present) -> list[str]:
    return [*known, *sorted(v for v in present if v not in known)]


def service_sections(data: dict, words: Words) -> list[Section]:
    return [vehicle_section(data["vehicles"], words), venue_section(data["venues"]),
            repair_section(data["repairs"]), temp_staff_section(data["temp_staff"], words),
            docex_section(data["document_exchange"])]


CAR_ROWS = (("trips", "Car trips"), ("lent", "Of which lent to other agencies"),
            ("mileage_km", "Kilometres driven"), ("cancelled", "Requests cancelled"),
            ("refused", "Requests refused"))


def vehicle_section(data: dict, words: Words) -> Section:
    trips = Table("vehicles-trips", _("Official car dispatch"), [_("Item"), _("Count")],
                  [[_(label), data[k]] for k, label in CAR_ROWS])
    lent = Table("vehicles-lent", _("Car trips lent to other agencies"), [_("Agency"), _("Car trips")],
                 [[words.agency(code), data["lent_to"][code]]
                  for code in words.agencies_in_order(data["lent_to"])],
                 total=[_("Total"), data["lent"]])
    return Section("vehicles", _("Official cars"), [trips, lent])


VENUE_COLUMNS = (("used", "Used"), ("cancelled", "Cancelled"), ("refused", "Refused"))


def venue_section(data: dict) -> Section:
    table = Table("venues-kinds", _("Venue bookings by kind"),
                  [_("Kind"), *[_(label) for _k, label in VENUE_COLUMNS]],
                  chart={"type": "bar", "columns": [1]})
    empty = dict.fromkeys((k for k, _l in VENUE_COLUMNS), 0)
    for kind in _ordered(BOOKING_KINDS, data["by_kind"]):
        row = data["by_kind"].get(kind, empty)
        table.rows.append([_name(KIND_NAMES, kind), *[row[k] for k, _l in VENUE_COLUMNS]])
    table.total = [_("Total"), *[data["totals"][k] for k, _l in VENUE_COLUMNS]]
    return Section("venues", _("Venues of the administration centers"), [table])


REPAIR_COLUMNS = (("received", "Repairs received"), ("completed", "Completed"), ("cancelled", "Cancelled"),
                  ("contractor", "Completed by a contractor"), ("in_house", "Completed in house"),
                  ("reopened", "Reopened"))


def _repair_note() -> str:
    return _("Note: repairs received in the period. Completed by a contractor and completed in house"
             " split the completed repairs by who did the work that passed inspection (a repair reopened"
             " and given to another counts once), so together they equal the completed; repairs still"
             " open are in neither.")


def repair_section(data: dict) -> Section:
    table = Table("repairs-trades", _("Facility repairs by trade"),
                  [_("Trade"), *[_(label) for _k, label in REPAIR_COLUMNS]],
                  chart={"type": "bar", "columns": [1]}, notes=[_repair_note()])
    empty = dict.fromkeys((k for k, _l in REPAIR_COLUMNS), 0)
    for trade in _ordered(TRADES, data["by_trade"]):
        row = data["by_trade"].get(trade, empty)
        table.rows.append([_name(TRADE_NAMES, trade), *[row[k] for k, _l in REPAIR_COLUMNS]])
    table.total = [_("Total"), *[data["totals"][k] for k, _l in REPAIR_COLUMNS]]
    facts = [(_("Repairs at the %(centre)s", centre=_name(CENTRE_NAMES, c)), data["by_centre"].get(c, 0))
             for c in CENTRES]
    return Section("repairs", _("Facility repairs"), [table], facts)


STAFF_COLUMNS = (("reviews", "Requests reviewed"), ("approved", "Approved"), ("rejected", "Rejected"),
                 ("monthly", "Monthly-paid staff approved"), ("hourly", "Hourly-paid staff approved"))


def temp_staff_section(data: dict, words: Words) -> Section:
    table = Table("temp-staff-agencies", _("Temporary-staff reviews by requesting agency"),
                  [_("Agency"), *[_(label) for _k, label in STAFF_COLUMNS]])
    for code in words.agencies_in_order(data["by_agency"]):
        row = data["by_agency"][code]
        table.rows.append([words.agency(code), *[row[k] for k, _l in STAFF_COLUMNS]])
    table.total = [_("Total"), *[data["totals"][k] for k, _l in STAFF_COLUMNS]]
    facts = [(_("Review panel meetings"), data["meetings"])]
    return Section("temp_staff", _("Temporary staff"), [table], facts)


DOCEX_ROWS = (("signups", "Sign-ups received"), ("approved", "Approved"), ("rejected", "Rejected"),
              ("open", "Still being decided"))


def docex_section(data: dict) -> Section:
    table = Table("docex-decisions", _("Document-exchange sign-ups of civic organisations"),
                  [_("Item"), _("Count")], [[_(label), data[k]] for k, label in DOCEX_ROWS])
    return Section("document_exchange", _("Electronic document exchange"), [table])


INSPECTION_COLUMNS = (("inspections", "Inspections"), ("shops_inspected", "Shops inspected"),
                      ("shops_nonconforming", "Shops not conforming"),
                      ("referred_ftc", "Referred to the Fair Trade Commission"),
                      ("referred", "Inspections referred"))


def inspection_section(data: dict, words: Words) -> Section:
    table = Table("inspections-agencies", _("Inspections by competent agency"),
                  [_("Competent agency"), *[_(label) for _k, label in INSPECTION_COLUMNS]],
                  chart={"type": "bar", "columns": [2, 3]})
    for code in words.agencies_in_order(data["by_agency"]):
        row = data["by_agency"][code]
        table.rows.append([words.agency(code), *[row[k] for k, _l in INSPECTION_COLUMNS]])
    table.total = [_("Total"), *[data["totals"][k] for k, _l in INSPECTION_COLUMNS]]
    return Section("inspections", _("Inspections of shops and goods"), [table])
